// Per-location rate limits like the real API: a burst limit (default 100 requests per 10 s)
// and a daily limit (200,000). The burst limit is a SLIDING window: a request is allowed when
// fewer than `max` accepted requests happened in the last `intervalMs`. Rejected requests are
// not counted. Retry-After is the time until the oldest counted request leaves the window.

export interface RateLimitState {
  allowed: boolean;
  max: number;
  intervalMs: number;
  remaining: number;
  dailyLimit: number;
  dailyRemaining: number;
  /** Seconds until a request would be accepted again (only when not allowed). */
  retryAfterSeconds?: number;
}

interface Bucket {
  times: number[];
  day: number;
  dailyCount: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly max: number,
    readonly intervalMs: number,
    readonly dailyLimit = 200_000,
  ) {}

  /** Counts a request for `key` if it is allowed. */
  take(key: string, now = Date.now()): RateLimitState {
    return this.evaluate(key, now, true);
  }

  /** The state for `key` without counting a request (for answers sent before the limiter runs). */
  peek(key: string, now = Date.now()): RateLimitState {
    return this.evaluate(key, now, false);
  }

  private evaluate(key: string, now: number, count: boolean): RateLimitState {
    const bucket = this.bucket(key, now);
    const windowStart = now - this.intervalMs;
    let drop = 0;
    while (drop < bucket.times.length && bucket.times[drop] <= windowStart) drop++;
    if (drop) bucket.times.splice(0, drop);
    const overBurst = this.max > 0 && bucket.times.length >= this.max;
    const overDaily = bucket.dailyCount >= this.dailyLimit;
    const allowed = !overBurst && !overDaily;
    if (count && allowed) {
      bucket.times.push(now);
      bucket.dailyCount++;
    }
    const state: RateLimitState = {
      allowed: count ? allowed : true,
      max: this.max,
      intervalMs: this.intervalMs,
      remaining: Math.max(0, this.max - bucket.times.length),
      dailyLimit: this.dailyLimit,
      dailyRemaining: Math.max(0, this.dailyLimit - bucket.dailyCount),
    };
    if (count && !allowed) {
      const waitMs = overDaily ? (bucket.day + 1) * 86_400_000 - now : bucket.times[0] + this.intervalMs - now;
      state.retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    }
    return state;
  }

  private bucket(key: string, now: number): Bucket {
    const day = Math.floor(now / 86_400_000);
    let b = this.buckets.get(key);
    if (!b) {
      b = { times: [], day, dailyCount: 0 };
      this.buckets.set(key, b);
    }
    if (b.day !== day) {
      b.day = day;
      b.dailyCount = 0;
    }
    return b;
  }
}

export function rateLimitHeaders(s: RateLimitState): Record<string, string> {
  return {
    'X-RateLimit-Limit-Daily': String(s.dailyLimit),
    'X-RateLimit-Daily-Remaining': String(s.dailyRemaining),
    'X-RateLimit-Interval-Milliseconds': String(s.intervalMs),
    'X-RateLimit-Max': String(s.max),
    'X-RateLimit-Remaining': String(s.remaining),
  };
}
