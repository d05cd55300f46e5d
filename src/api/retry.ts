// When and how long to wait before retrying an idempotent GET.

/** Statuses worth retrying: rate limited, or a gateway/overload problem in front of the API. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** Upper bound of the exponential delay. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 8_000 };

/**
 * How a GET is asked again after a failed attempt. The transport is the only layer that retries:
 * a caller that needs more patience (an export) passes another policy, not a loop of its own,
 * so that attempts never multiply (a loop over a loop made 20 attempts of one page).
 */
export interface RetryPolicy {
  /** Retries after the first attempt (a 429 waited out, see below, does not count). */
  readonly maxRetries: number;
  /** Statuses worth asking again. */
  readonly statuses: ReadonlySet<number>;
  /** Retry every network failure and timeout, not only a dropped connection. */
  readonly anyNetworkFailure?: boolean;
  /**
   * Ask again after every 429, waiting as long as its Retry-After says, until the caller aborts:
   * another app may be using the location's quota, and an export must outlast it.
   */
  readonly waitOutRateLimit?: boolean;
}

/** A retry about to happen: what failed and how long until the next attempt. */
export interface RetryNotice {
  /** The HTTP status, or undefined for a network failure or timeout. */
  readonly status?: number;
  readonly retryInMs: number;
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
}

/** Exponential backoff with "equal jitter": half fixed, half random, so that parallel
 *  page fetches that failed together do not retry in lock-step. `retry` counts from 1. */
export function backoffDelay(retry: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  return exp / 2 + random() * (exp / 2);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** A connection dropped under an idempotent request: safe to send it again. */
export function isConnectionReset(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && RESET_CODES.has(code)) return true;
    if (/other side closed|socket hang up|socket closed/i.test(e.message)) return true;
  }
  return false;
}

/** The error code of a network failure (ECONNREFUSED, ENOTFOUND, …), looking through causes. */
export function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
