// The export's paging: every call log matching a filter, in the API's order, each once. Pages are
// fetched several at a time and handed over in order. The transport is the only layer that
// retries (with EXPORT_RETRY_POLICY); here a page that arrived unreadable is asked for again
// under that same policy, never in a loop of its own.
import * as l10n from '@vscode/l10n';
import { setMaxListeners } from 'node:events';
import type { CallLogsPage, ReceivedCallLogsPage } from './client';
import { ApiError } from './errors';
import type { CallLogFilter } from './callLogQuery';
import { pagesInOrder } from './pagination';
import { RETRY_STATUSES, type RetryNotice, type RetryPolicy } from './retry';
import type { CallLog } from './schemas';
import type { RequestOptions } from './transport';

/** What the paging needs from the client (VoiceAiClient satisfies it). */
export interface CallLogPager {
  /** One page through the client's limiter and transport (which retries per `options.retry`), read later. */
  fetchCallLogsPage(filter: CallLogFilter, page: number, signal: AbortSignal | undefined, options: RequestOptions): Promise<ReceivedCallLogsPage>;
}

/**
 * An export's pages: a 500 or a dropped connection must not throw away a long export, and a
 * 429 (another app using the location's quota) is waited out for as long as the server says,
 * until the user cancels.
 */
export const EXPORT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 6,
  statuses: new Set([...RETRY_STATUSES, 500]),
  anyNetworkFailure: true,
  waitOutRateLimit: true,
};

/**
 * Pages in flight during an export. The rate limit allows a burst of 100 requests, then one
 * request per slot that leaves the window, so the later requests are spread like the first
 * burst: the faster the burst, the sooner the export ends. With 150 ms answers, 8 at once
 * spend the burst in about 2.9 s and a 10,000-call export takes 12.9 s; 24 (all the
 * connections the client opens, MAX_CONNECTIONS) in about 1 s, and the export takes 11.8 s
 * against a floor of 10.15 s; 32 measured the same (test/bench). Pages waiting for their turn
 * stay bytes until read (fetchCallLogsPage), so more in flight costs little memory.
 */
// Not imported from transport.ts: that would load undici at activation (transport.ts checks the two agree).
export const DEFAULT_EXPORT_CONCURRENCY = 24;
/** The largest page the API serves: fewest requests. */
export const EXPORT_PAGE_SIZE = 50;
/**
 * Ids remembered to drop duplicates caused by shifting pages. Bounded so that memory does not
 * grow with the export: a shift larger than this during one export is not plausible.
 */
const RECENT_IDS = 10_000;

/** Why an export is not receiving pages right now: the server asked it to wait. */
export interface ExportWait {
  /** 429 (rate limited), 5xx, or undefined for a network failure or timeout. */
  readonly status?: number;
  /** When the next attempt goes out (Unix ms). */
  readonly until: number;
}

export interface ExportProgress {
  /** Call logs received so far. */
  readonly done: number;
  /** The server's latest total, once the first page has arrived. */
  readonly total: number | undefined;
  /** Set while a page waits to be asked again (e.g. the 429's Retry-After); cleared by the next page. */
  readonly waiting?: ExportWait;
}

export interface PagingRequest {
  readonly pager: CallLogPager;
  readonly filter: CallLogFilter;
  readonly signal?: AbortSignal;
  /** Pages fetched at once (default DEFAULT_EXPORT_CONCURRENCY); the rate limiter still paces the requests. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: ExportProgress) => void;
  /** Default EXPORT_RETRY_POLICY. */
  readonly retry?: RetryPolicy;
  /** For tests: the clock that pins the export's window (default Date.now). */
  readonly clock?: () => number;
}

/** What the paging saw, for the export's result. */
export interface PagingSummary {
  /** Call logs handed over. */
  count: number;
  /** The total the server reported on the first page. */
  firstServerTotal: number | undefined;
  /** The total the server reported on the last page. */
  lastServerTotal: number | undefined;
  /** A later page reported another total than an earlier one. */
  totalChangedBetweenPages: boolean;
  /** Call logs received twice (pages shifted) and handed over once. */
  duplicatesSkipped: number;
}

export class ExportCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super(l10n.t('The export was cancelled.'));
  }
}

/**
 * Stops an export for a reason other than the user's Cancel (e.g. the connection's settings
 * changed under it): abort the export's signal with one, and the export rejects with it.
 */
export class ExportStoppedError extends Error {
  override readonly name = 'ExportStoppedError';
}

/** The error an export rejects with once `signal` has aborted. */
export function stopError(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof ExportStoppedError ? signal.reason : new ExportCancelledError();
}

/**
 * The filter with its window closed at the moment the export starts: calls that arrive while
 * it runs are not in it, so they cannot push older calls onto later pages (the total stays put).
 * The API takes both bounds or neither.
 */
export function pinnedFilter(filter: CallLogFilter, now: number): CallLogFilter {
  const startDate = filter.startDate ?? 0;
  const endDate = Math.min(filter.endDate ?? now, now);
  // A window that starts in the future: nothing to pin (and the API wants start < end).
  if (startDate >= endDate) return filter;
  return { ...filter, startDate, endDate };
}

/**
 * Every call log matching the request's filter, page by page (each call log once), as the API
 * sent them. `summary` is filled in as pages arrive.
 */
export async function* callLogPages(request: PagingRequest, summary: PagingSummary): AsyncGenerator<readonly CallLog[], void, undefined> {
  const { signal } = request;
  if (signal?.aborted) throw stopError(signal);
  // Our own controller: it also stops the requests when the consumer stops (writing failed).
  const controller = new AbortController();
  // Every page request in flight listens to it: not a leak.
  setMaxListeners(100, controller.signal);
  const onAbort = () => controller.abort(stopError(signal));
  signal?.addEventListener('abort', onAbort, { once: true });

  const filter: CallLogFilter = { ...pinnedFilter(request.filter, (request.clock ?? Date.now)()), pageSize: EXPORT_PAGE_SIZE };
  const recent = new RecentIds(RECENT_IDS);
  let waiting: ExportWait | undefined;
  const requestOptions: RequestOptions = {
    priority: 'background',
    retry: request.retry ?? EXPORT_RETRY_POLICY,
    onRetry: (notice: RetryNotice) => {
      waiting = { status: notice.status, until: Date.now() + notice.retryInMs };
      request.onProgress?.({ done: summary.count, total: summary.lastServerTotal, waiting });
    },
  };
  const fetchPage = (page: number, pageSignal: AbortSignal) => request.pager.fetchCallLogsPage(filter, page, pageSignal, requestOptions);
  // A page is read when its turn comes; one that does not read (cut off, malformed) is asked for again.
  const read = async (received: ReceivedCallLogsPage): Promise<CallLogsPage> => {
    for (let current = received; ; ) {
      try {
        return current.read();
      } catch (error) {
        if (controller.signal.aborted || !(error instanceof ApiError) || error.kind !== 'badResponse' || !current.retry) throw error;
        current = await unlessAborted(current.retry(), controller.signal);
      }
    }
  };
  let lastPageWasFull = false;
  /** The page's new call logs (none already handed over). */
  const take = (page: CallLogsPage): CallLog[] => {
    if (summary.firstServerTotal === undefined) summary.firstServerTotal = page.total;
    else if (page.total !== summary.lastServerTotal) summary.totalChangedBetweenPages = true;
    summary.lastServerTotal = page.total;
    lastPageWasFull = page.callLogs.length >= page.pageSize;
    const fresh = page.callLogs.filter((callLog) => {
      if (recent.has(callLog.id)) return false;
      recent.add(callLog.id);
      return true;
    });
    summary.duplicatesSkipped += page.callLogs.length - fresh.length;
    summary.count += fresh.length;
    if (fresh.length > 0 || waiting) {
      waiting = undefined;
      request.onProgress?.({ done: summary.count, total: summary.lastServerTotal });
    }
    return fresh;
  };

  let pages: AsyncGenerator<ReceivedCallLogsPage, void, undefined> | undefined;
  try {
    const first = await unlessAborted(fetchPage(1, controller.signal).then(read), controller.signal);
    yield take(first);
    const pageSize = first.pageSize;
    let fetched = 1;
    if (first.callLogs.length > 0) {
      // Pages after the first, several at a time (the client's limiter paces them), in order.
      // Without a usable total, the loop below reads on page by page while pages come full.
      const lastPage = first.total === undefined ? 1 : Math.ceil(first.total / pageSize);
      pages = pagesInOrder(2, lastPage, fetchPage, { concurrency: request.concurrency ?? DEFAULT_EXPORT_CONCURRENCY, signal: controller.signal });
      for (;;) {
        const next = await unlessAborted(pages.next(), controller.signal);
        if (next.done) break;
        fetched++;
        const page = await unlessAborted(read(next.value), controller.signal);
        if (page.callLogs.length === 0) {
          lastPageWasFull = false;
          break;
        }
        yield take(page);
      }
      // Calls that reach the window anyway (a call that started before the export and ended
      // during it) push older ones onto later pages: read on while the server's latest total
      // says there are more (duplicates from the shift are dropped above).
      while (lastPageWasFull && (summary.lastServerTotal === undefined || fetched < Math.ceil(summary.lastServerTotal / pageSize))) {
        fetched++;
        const page = await unlessAborted(fetchPage(fetched, controller.signal).then(read), controller.signal);
        if (page.callLogs.length === 0) break;
        const fresh = take(page);
        // A full page of call logs already handed over: the server is not paging (or shifted more
        // than a page per request); asking on would never end.
        if (fresh.length === 0) break;
        yield fresh;
      }
    }
  } catch (error) {
    if (signal?.aborted) throw stopError(signal);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Ended early (failure, or the consumer stopped): stop the requests still in flight.
    controller.abort(stopError(signal));
    // Not awaited: a page still in flight ends once its request sees the abort.
    if (pages) void pages.return(undefined).catch(() => undefined);
  }
}

/**
 * Settles with `promise`, or rejects as soon as `signal` aborts even if the client is slow to
 * notice. Not Promise.race against one long-lived promise: every race would stay attached to it,
 * and keep its result (a call log) alive until the end of the export.
 */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // Its failure (the client noticing the abort) is expected and must not go unhandled.
    promise.catch(() => undefined);
    return Promise.reject(signal.reason instanceof Error ? signal.reason : new ExportCancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new ExportCancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A bounded set of the most recently seen ids. */
class RecentIds {
  private readonly ids = new Set<string>();
  private readonly order: string[];
  private next = 0;
  constructor(private readonly capacity: number) {
    this.order = new Array<string>(capacity);
  }
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    const evicted = this.order[this.next];
    if (evicted !== undefined) this.ids.delete(evicted);
    this.order[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.ids.add(id);
  }
}
