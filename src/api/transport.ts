// HTTP transport for the Voice AI API on undici: one keep-alive pool per client (one
// base URL), directly or through a proxy (see proxy.ts), auth/version headers, the rate
// limiter, a per-attempt timeout, retries of idempotent GETs, and one log entry per attempt.
//
// Why a hand-written retry loop rather than undici's RetryAgent / interceptors.retry:
// those retry inside the dispatcher, so a retried attempt would skip our per-location
// limiter, could not be reported to onRequest (attempt number, status, time), would not
// feed the X-RateLimit-* headers of failed attempts to the limiter, and its backoff timer
// does not stop when the caller's AbortSignal fires. The loop below is small and does all four.
import * as l10n from '@vscode/l10n';
import { Pool, ProxyAgent, type Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError, cutOff, errorFromStatus, formatBytes, redact, type RequestSubject } from './errors';
import { parseBaseUrl } from './endpoint';
import { describeProxy, proxyFailure, resolveProxy, type ProxyOptions, type ResolvedProxy } from './proxy';
import { BodyBuffers, type PooledBytes } from './bodyBuffers';
import { sleep } from './delay';
import type { RequestPriority, SlidingWindowLimiter } from './limiter';
import {
  backoffDelay,
  DEFAULT_BACKOFF,
  errorCode,
  isConnectionReset,
  parseRetryAfter,
  RETRY_STATUSES,
  type BackoffOptions,
  type RetryNotice,
  type RetryPolicy,
} from './retry';

export interface RequestLogEntry {
  method: string;
  /** Path and query; never the token (it only travels in the Authorization header). */
  path: string;
  status?: number;
  /** Time of this attempt, including reading the body. */
  ms: number;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  error?: string;
  /** Set when another attempt follows after this many ms. */
  retryInMs?: number;
}

export interface TransportOptions {
  baseUrl: string;
  token: string;
  apiVersion: string;
  timeoutMs: number;
  maxRetries: number;
  backoff?: BackoffOptions;
  /** A Retry-After longer than this is not waited for: the request fails as rateLimited. */
  maxRetryAfterMs?: number;
  limiter?: SlidingWindowLimiter;
  onRequest?: (entry: RequestLogEntry) => void;
  /** Proxy settings; without them, HTTPS_PROXY / NO_PROXY from the environment still apply. */
  proxy?: ProxyOptions;
}

/** Per request: its place in the rate limiter's queue and, when not the default, its retry policy. */
export interface RequestOptions {
  readonly priority?: RequestPriority;
  readonly retry?: RetryPolicy;
  /** Told before each retry's wait (e.g. so that an export can say it waits for a 429). */
  readonly onRetry?: (notice: RetryNotice) => void;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function numberHeader(headers: IncomingHttpHeaders, name: string): number | undefined {
  const text = header(headers, name);
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Connections to the API at most. They open only when that many requests are in flight at
 * once, which only an export does: its first burst spends the rate limit's window (100
 * requests) in 5 round trips at 24 instead of 13 at 8, and every later request waits for a
 * slot of that burst to expire, so the whole export ends sooner (DEFAULT_EXPORT_CONCURRENCY).
 */
export const MAX_CONNECTIONS = 24;

const POOL_OPTIONS = { connections: MAX_CONNECTIONS, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 };

/** Marks the reason our own per-attempt timer aborted a request. */
class AttemptTimeout extends Error {}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The whole body; for a streamed 2xx answer, empty (the bytes are in `stream`). */
  body: PooledBytes;
  /** A streamed 2xx answer's body, not read yet (see Transport.getStream). */
  stream?: BodyStream;
}

/** What the retry loop makes of a 2xx answer. */
type OnSuccess<T> = (answer: Answer, attempt: number, retry: (() => Promise<T>) | undefined, logMalformed: (error: ApiError) => void) => T;

/** Per request: headers besides the usual ones, and whether a 2xx body is handed over unread. */
interface SendOptions {
  readonly accept?: string;
  readonly stream?: boolean;
}

/** A streamed answer's body: its chunks as they arrive, and what the answer said of its size. */
export interface StreamedResponse {
  readonly status: number;
  /** Content-Length, when the server sent one. */
  readonly contentLength: number | undefined;
  readonly contentType: string | undefined;
  readonly attempts: number;
  /**
   * The body's chunks. Throws ApiError 'network' when the connection drops or the body ends short
   * of its Content-Length, 'timeout' when no byte came for the client's timeout, 'aborted' when the
   * caller's signal fires. Stopping the iteration early (break) closes the connection.
   */
  readonly chunks: AsyncIterable<Uint8Array>;
}

const EMPTY_BODY: PooledBytes = { bytes: new Uint8Array(0), release: () => undefined };

/** The unread body of a streamed answer, with the timer and abort link of its attempt. */
interface BodyStream {
  readonly body: AsyncIterable<Uint8Array> & { destroy(error?: Error): unknown };
  /** Restarts the attempt's timer: the timeout applies to each wait for the next bytes. */
  readonly touch: () => void;
  /** The attempt's controller: aborted by the caller's signal or the timer. */
  readonly controller: AbortController;
  /** Stops the timer and unlinks the caller's signal. */
  readonly done: () => void;
}

const utf8 = new TextDecoder();

function decode(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** The body of a 2xx answer, parsed on demand (see Transport.getBody). */
export class ResponseBody {
  private body: PooledBytes | undefined;

  constructor(
    body: PooledBytes,
    readonly status: number,
    /** Attempts it took (retries included). */
    readonly attempts: number,
    private readonly onMalformed: (error: ApiError) => void,
    /**
     * Asks again for a body that turned out unreadable (cut off, or not what the caller expects),
     * under the same retry policy, counting this answer as a failed attempt; undefined when the
     * policy has no retry left.
     */
    readonly retry?: () => Promise<ResponseBody>,
  ) {
    this.body = body;
  }

  /** The parsed JSON; ApiError 'badResponse' when it is not JSON (e.g. cut off). Once only: the bytes go back to the pool. */
  json(): unknown {
    if (!this.body) throw new Error('The response body was read already.');
    const text = decode(this.body.bytes);
    const byteLength = this.body.bytes.byteLength;
    this.body.release();
    this.body = undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const error = new ApiError(
        'badResponse',
        l10n.t('The Voice AI API sent a response that is not valid JSON ({0} bytes). Try again; if it persists, the API may be having problems.', byteLength),
        { status: this.status, attempts: this.attempts, messages: ['malformed JSON'] },
      );
      this.onMalformed(error);
      throw error;
    }
  }
}

export class Transport {
  /** A keep-alive pool to the API, or a proxy agent whose pool's connections are tunnels through the proxy. */
  private readonly dispatcher: Dispatcher;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly headers: Record<string, string>;
  /** undefined: a direct connection. */
  private readonly proxy: ResolvedProxy | undefined;
  /** The token and the proxy's credentials: never in a message or a log line. */
  private readonly secrets: readonly string[];
  private readonly defaultPolicy: RetryPolicy;
  /** As many as answers may wait to be read at once (an export's pages in flight). */
  private readonly buffers = new BodyBuffers(MAX_CONNECTIONS);
  private closed = false;

  constructor(private readonly options: TransportOptions) {
    this.defaultPolicy = { maxRetries: options.maxRetries, statuses: RETRY_STATUSES };
    const { origin, basePath } = parseBaseUrl(options.baseUrl);
    this.origin = origin;
    this.basePath = basePath;
    this.proxy = resolveProxy(origin, options.proxy);
    this.secrets = [options.token, ...(this.proxy?.secrets ?? [])];
    if (this.proxy) {
      // Strict TLS applies to the proxy itself (an https:// proxy) and to the API through the tunnel.
      const tls = { rejectUnauthorized: this.proxy.strictSSL };
      this.dispatcher = new ProxyAgent({ ...POOL_OPTIONS, uri: this.proxy.uri, token: this.proxy.authorization, proxyTls: tls, requestTls: tls });
    } else {
      this.dispatcher = new Pool(origin, POOL_OPTIONS);
    }
    this.headers = {
      authorization: `Bearer ${options.token}`,
      version: options.apiVersion,
      accept: 'application/json',
      'user-agent': 'voice-ai-call-logs-vscode',
    };
  }

  /**
   * GETs `path` with `query` and returns the parsed JSON body of a 2xx answer.
   * Throws ApiError for everything else.
   */
  async getJson(path: string, query: Record<string, string>, signal?: AbortSignal, subject: RequestSubject = {}): Promise<unknown> {
    return (await this.getBody(path, query, signal, subject)).json();
  }

  /**
   * Like getJson, but leaves the 2xx body as bytes until `json()` is called: a page that waits
   * for its turn (an export writes pages in order) then costs its size outside the JavaScript
   * heap, instead of a tree of objects the garbage collector has to keep and move.
   */
  async getBody(
    path: string,
    query: Record<string, string>,
    signal?: AbortSignal,
    subject: RequestSubject = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody> {
    const fullPath = this.fullPath(path, query);
    const onSuccess: OnSuccess<ResponseBody> = (answer, attempt, retry, logMalformed) => new ResponseBody(answer.body, answer.status, attempt, logMalformed, retry);
    return this.attempts(fullPath, signal, subject, options, {}, onSuccess, 1, 0);
  }

  /**
   * GETs `path` and hands over the body of a 2xx answer as it arrives (a recording of many
   * megabytes is never held whole here). Auth, rate limit, timeout and retries as for getBody,
   * up to the answer's headers; the body itself is not asked for again when it breaks off (the
   * caller has consumed part of it), its iteration throws instead. `accept` is the Accept header.
   */
  async getStream(
    path: string,
    query: Record<string, string>,
    accept: string,
    signal?: AbortSignal,
    subject: RequestSubject = {},
    options: RequestOptions = {},
  ): Promise<StreamedResponse> {
    const fullPath = this.fullPath(path, query);
    const onSuccess: OnSuccess<StreamedResponse> = (answer, attempt) => {
      const length = Number(header(answer.headers, 'content-length'));
      const contentLength = Number.isInteger(length) && length >= 0 ? length : undefined;
      const stream = answer.stream;
      if (!stream) throw new Error('A streamed request was answered without a stream.');
      return {
        status: answer.status,
        contentLength,
        contentType: header(answer.headers, 'content-type'),
        attempts: attempt,
        chunks: this.chunks(stream, contentLength, fullPath, signal, attempt),
      };
    };
    return this.attempts(fullPath, signal, subject, options, { accept, stream: true }, onSuccess, 1, 0);
  }

  private fullPath(path: string, query: Record<string, string>): string {
    const search = new URLSearchParams(query).toString();
    return `${this.basePath}${path}${search === '' ? '' : `?${search}`}`;
  }

  /** The chunks of a streamed body, failing as an ApiError when it breaks off. */
  private async *chunks(
    stream: BodyStream,
    contentLength: number | undefined,
    fullPath: string,
    signal: AbortSignal | undefined,
    attempt: number,
  ): AsyncGenerator<Uint8Array, void, undefined> {
    let received = 0;
    const started = performance.now();
    let finished = false;
    try {
      try {
        for await (const chunk of stream.body) {
          stream.touch();
          received += chunk.byteLength;
          yield chunk;
        }
      } catch (error) {
        const reason = stream.controller.signal.reason;
        const failure =
          reason instanceof AttemptTimeout
            ? new ApiError('timeout', l10n.t('The Voice AI API stopped sending after {0}: nothing came for {1} s. Try again.', formatBytes(received), Math.round(this.options.timeoutMs / 1000)), { attempts: attempt, cause: error })
            : signal?.aborted || reason instanceof AbortedByCaller
              ? this.aborted(attempt)
              : cutOff(received, contentLength, attempt, this.redact(error instanceof Error ? error.message : String(error)), error);
        this.log({ method: 'GET', path: fullPath, status: 200, ms: Math.round(performance.now() - started), attempt, error: logText(failure) });
        throw failure;
      }
      if (contentLength !== undefined && received < contentLength) {
        const failure = cutOff(received, contentLength, attempt, 'the body ended early');
        this.log({ method: 'GET', path: fullPath, status: 200, ms: Math.round(performance.now() - started), attempt, error: logText(failure) });
        throw failure;
      }
      finished = true;
    } finally {
      stream.done();
      // Left early (the consumer stopped, or failed): close the connection, not drain it.
      if (!finished) stream.body.destroy();
    }
  }

  /** The retry loop, from attempt `first` with `retriesUsed` of the policy's retries spent. */
  private async attempts<T>(
    fullPath: string,
    signal: AbortSignal | undefined,
    subject: RequestSubject,
    options: RequestOptions,
    send: SendOptions,
    onSuccess: OnSuccess<T>,
    first: number,
    retriesUsed: number,
  ): Promise<T> {
    const { limiter } = this.options;
    const policy = options.retry ?? this.defaultPolicy;
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    const maxRetryAfterMs = this.options.maxRetryAfterMs ?? 60_000;
    const retryAfter = async (notice: RetryNotice): Promise<void> => {
      options.onRetry?.(notice);
      await this.wait(notice.retryInMs, signal, notice.attempt);
    };

    for (let attempt = first; ; attempt++) {
      const retriesLeft = retriesUsed < policy.maxRetries;
      let slotUsed: (() => void) | undefined;
      if (limiter) {
        try {
          slotUsed = await limiter.acquire(signal, options.priority);
        } catch {
          throw this.aborted(attempt - 1);
        }
      }
      const started = performance.now();
      let answer: Answer;
      try {
        answer = await this.send(fullPath, signal, send);
      } catch (error) {
        slotUsed?.();
        const ms = Math.round(performance.now() - started);
        const failure = this.classify(error, signal, attempt);
        // A closed transport (its settings changed) never gets better: no retry.
        const worthRetrying =
          !this.closed && (policy.anyNetworkFailure ? failure.kind === 'network' || failure.kind === 'timeout' : failure.kind === 'network' && isConnectionReset(error));
        const retryInMs = retriesLeft && worthRetrying ? Math.round(backoffDelay(attempt, backoff)) : undefined;
        this.log({ method: 'GET', path: fullPath, ms, attempt, error: logText(failure), retryInMs });
        if (retryInMs === undefined) throw failure;
        retriesUsed++;
        await retryAfter({ retryInMs, attempt });
        continue;
      }
      slotUsed?.();
      const ms = Math.round(performance.now() - started);
      const { status, headers, body } = answer;
      limiter?.observe({
        remaining: numberHeader(headers, 'x-ratelimit-remaining'),
        max: numberHeader(headers, 'x-ratelimit-max'),
        intervalMs: numberHeader(headers, 'x-ratelimit-interval-milliseconds'),
      });

      if (status >= 200 && status < 300) {
        this.log({ method: 'GET', path: fullPath, status, ms, attempt });
        const retry =
          retriesUsed < policy.maxRetries && !this.closed
            ? () => this.attempts(fullPath, signal, subject, options, send, onSuccess, attempt + 1, retriesUsed + 1)
            : undefined;
        // A body that turns out not to be JSON gets a second line: the one above said 200.
        return onSuccess(answer, attempt, retry, (error) => this.log({ method: 'GET', path: fullPath, status, ms, attempt, error: logText(error) }));
      }

      const text = decode(body.bytes);
      body.release();
      const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'));
      let retryInMs: number | undefined;
      let counted = true;
      if (status === 429 && policy.waitOutRateLimit && !this.closed) {
        // As long as the server asks, however long: the caller (the user) decides when to stop.
        retryInMs = retryAfterMs ?? Math.round(backoffDelay(attempt, backoff));
        counted = false;
      } else if (retriesLeft && policy.statuses.has(status) && (retryAfterMs === undefined || retryAfterMs <= maxRetryAfterMs)) {
        retryInMs = retryAfterMs ?? Math.round(backoffDelay(attempt, backoff));
      }
      const error = errorFromStatus(status, parseJson(text), subject, { retryAfterMs, attempts: attempt });
      this.log({ method: 'GET', path: fullPath, status, ms, attempt, error: logText(error), retryInMs });
      if (retryInMs === undefined) throw error;
      if (counted) retriesUsed++;
      await retryAfter({ status, retryInMs, attempt });
    }
  }

  /** "through the proxy http://proxy.example:8080 (from HTTPS_PROXY)", or "directly". */
  route(): string {
    return this.proxy ? `through the proxy ${describeProxy(this.proxy)}` : 'directly';
  }

  close(): Promise<void> {
    this.closed = true;
    return this.dispatcher.close();
  }

  private async send(path: string, signal: AbortSignal | undefined, options: SendOptions = {}): Promise<Answer> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(new AbortedByCaller(signal?.reason));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    let timer = setTimeout(() => controller.abort(new AttemptTimeout()), this.options.timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    let handedOver = false;
    try {
      // A copy: the proxy agent adds a Host header to the object it is given.
      const headers = { ...this.headers, ...(options.accept ? { accept: options.accept } : {}) };
      const response = await this.dispatcher.request({ origin: this.origin, path, method: 'GET', headers, signal: controller.signal });
      if (options.stream && response.statusCode >= 200 && response.statusCode < 300) {
        handedOver = true;
        const touch = (): void => {
          clearTimeout(timer);
          timer = setTimeout(() => controller.abort(new AttemptTimeout()), this.options.timeoutMs);
        };
        return { status: response.statusCode, headers: response.headers, body: EMPTY_BODY, stream: { body: response.body, touch, controller, done } };
      }
      const length = Number(header(response.headers, 'content-length'));
      const body = await this.buffers.read(response.body, Number.isInteger(length) && length > 0 ? length : undefined);
      return { status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      // Remember which of the two signals ended the attempt, for classify().
      if (controller.signal.aborted) throw controller.signal.reason instanceof AttemptTimeout ? controller.signal.reason : new AbortedByCaller(error);
      throw error;
    } finally {
      if (!handedOver) done();
    }
  }

  private classify(error: unknown, signal: AbortSignal | undefined, attempt: number): ApiError {
    if (error instanceof AbortedByCaller || signal?.aborted) return this.aborted(attempt);
    if (error instanceof AttemptTimeout) {
      return new ApiError(
        'timeout',
        l10n.t('The Voice AI API did not answer within {0} s. Check your connection and try again.', Math.round(this.options.timeoutMs / 1000)),
        { attempts: attempt, cause: error },
      );
    }
    const throughProxy = this.proxy && proxyFailure(error, this.proxy);
    if (throughProxy) {
      const reason = this.redact(throughProxy);
      return new ApiError('network', l10n.t('Could not reach the Voice AI API: {0}.', reason), { attempts: attempt, messages: [reason], cause: error });
    }
    const code = errorCode(error);
    const detail = this.redact(error instanceof Error ? error.message : String(error));
    const reason = code && !detail.includes(code) ? `${detail} (${code})` : detail;
    return new ApiError(
      'network',
      this.proxy
        ? l10n.t('Could not reach the Voice AI API (through the proxy {0}): {1}. Check your internet connection, proxy and the API base URL.', describeProxy(this.proxy), reason)
        : l10n.t('Could not reach the Voice AI API: {0}. Check your internet connection, proxy and the API base URL.', reason),
      { attempts: attempt, messages: [reason], cause: error },
    );
  }

  private aborted(attempts: number): ApiError {
    return new ApiError('aborted', 'The request was cancelled.', { attempts });
  }

  private async wait(ms: number, signal: AbortSignal | undefined, attempt: number): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch {
      throw this.aborted(attempt);
    }
  }

  private log(entry: RequestLogEntry): void {
    const sink = this.options.onRequest;
    if (!sink) return;
    const safe = entry.error === undefined ? entry : { ...entry, error: this.redact(entry.error) };
    try {
      sink(safe);
    } catch {
      // A failing logger must not fail the request.
    }
  }

  private redact(text: string): string {
    return this.secrets.reduce((out, secret) => redact(out, secret), text);
  }
}

class AbortedByCaller extends Error {
  constructor(cause: unknown) {
    super('aborted by caller', { cause });
  }
}

/** A log line's worth: the kind, the server's words and the trace id, not the advice. */
function logText(error: ApiError): string {
  const said = error.messages.length > 0 ? `: ${error.messages.join('; ')}` : error.kind === 'timeout' ? `: ${error.message}` : '';
  return `${error.kind}${said}${error.traceId ? ` (trace id ${error.traceId})` : ''}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
