// Fetches a range of pages with bounded concurrency and yields them in page order.
import { setMaxListeners } from 'node:events';

/**
 * Yields fetch(first) … fetch(last) in order while keeping up to `concurrency` requests
 * in flight (answered pages waiting for their turn included). When the consumer stops early
 * (break/return) or `signal` fires, the requests still in flight are aborted.
 */
export async function* pagesInOrder<T>(
  first: number,
  last: number,
  fetch: (page: number, signal: AbortSignal) => Promise<T>,
  options: { readonly concurrency: number; readonly signal?: AbortSignal },
): AsyncGenerator<T, void, undefined> {
  const { concurrency, signal } = options;
  const controller = new AbortController();
  // Each request in flight listens on this signal (limiter wait, send, backoff).
  setMaxListeners(Math.max(10, concurrency * 3), controller.signal);
  const onAbort = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const inFlight: Promise<T>[] = [];
  let next = first;
  const launch = (): void => {
    const request = fetch(next++, controller.signal);
    // Handled when awaited in turn; this keeps a page that fails while an earlier one
    // is still being consumed from becoming an unhandled rejection.
    request.catch(() => undefined);
    inFlight.push(request);
  };
  try {
    while (next <= last && inFlight.length < concurrency) launch();
    while (inFlight.length > 0) {
      const page = await (inFlight.shift() as Promise<T>);
      if (next <= last) launch();
      yield page;
    }
  } finally {
    controller.abort();
    signal?.removeEventListener('abort', onAbort);
  }
}
