// Client-side rate limiter: a sliding window per location, so that a long export runs
// at close to the API's burst limit (100 requests per 10 s per location) instead of
// running into it and causing 429 storms. It learns from the X-RateLimit-* headers:
// a stricter server limit (e.g. 25 per 10 s on sandbox accounts) is adopted, and quota
// used by other apps on the same location shows up as "foreign" requests in the window.

export interface RateLimit {
  max: number;
  intervalMs: number;
}

/** What the server said about its window in the X-RateLimit-* headers. */
export interface ServerRateState {
  remaining?: number;
  max?: number;
  intervalMs?: number;
}

interface Waiter {
  resolve: (stamp: number) => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class SlidingWindowLimiter {
  private max: number;
  private intervalMs: number;
  /** Start times of the requests in the current window, ascending. */
  private readonly stamps: number[] = [];
  private readonly waiters: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.max = limit.max;
    this.intervalMs = limit.intervalMs;
  }

  get limit(): RateLimit {
    return { max: this.max, intervalMs: this.intervalMs };
  }

  /** A little longer than the server's window, against jitter in when requests reach it. */
  private get windowMs(): number {
    return this.intervalMs + Math.min(100, this.intervalMs * 0.01);
  }

  /**
   * Waits for a free slot (FIFO) and takes it; rejects with the signal's reason on abort.
   * Call the returned function when the response arrives: the slot then counts from that
   * moment, a safe upper bound of when the server saw the request (a new connection's
   * TLS handshake can delay the first requests by more than later ones).
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    const stamp = await this.take(signal);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.restamp(stamp, this.now());
    };
  }

  private take(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.waiters.length === 0) {
      const stamp = this.tryTake();
      if (stamp !== undefined) return Promise.resolve(stamp);
    }
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(signal.reason);
          this.schedule();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  private restamp(previous: number, now: number): void {
    const index = this.stamps.indexOf(previous);
    if (index >= 0) this.stamps.splice(index, 1);
    let at = this.stamps.length;
    while (at > 0 && this.stamps[at - 1] > now) at--;
    this.stamps.splice(at, 0, now);
  }

  /** Takes the server's view into account (see the file comment). */
  observe(state: ServerRateState): void {
    const { remaining, max, intervalMs } = state;
    if (max !== undefined && max >= 1 && max < this.max) this.max = Math.floor(max);
    if (intervalMs !== undefined && intervalMs > this.intervalMs && intervalMs <= 3_600_000) this.intervalMs = intervalMs;
    if (remaining !== undefined && remaining >= 0) {
      const used = Math.min(this.max, (max ?? this.max) - remaining);
      const now = this.now();
      this.prune(now);
      // Our own requests in flight are already counted here, so the difference is
      // quota that someone else used; book it now so that it expires like ours.
      for (let i = this.stamps.length; i < used; i++) this.stamps.push(now);
    }
  }

  private prune(now: number): void {
    const window = this.windowMs;
    while (this.stamps.length > 0 && this.stamps[0] + window <= now) this.stamps.shift();
  }

  /** Takes a slot if one is free and returns its time stamp. */
  private tryTake(): number | undefined {
    const now = this.now();
    this.prune(now);
    if (this.stamps.length >= this.max) return undefined;
    this.stamps.push(now);
    return now;
  }

  private schedule(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.waiters.length > 0) {
      const stamp = this.tryTake();
      if (stamp === undefined) {
        const oldestThatMustExpire = this.stamps[this.stamps.length - this.max];
        const wait = Math.max(1, Math.ceil(oldestThatMustExpire + this.windowMs - this.now()));
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.schedule();
        }, wait);
        return;
      }
      const waiter = this.waiters.shift();
      if (waiter?.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter?.resolve(stamp);
    }
  }
}

const shared = new Map<string, SlidingWindowLimiter>();

/** The limiter for one location on one server, shared by every client that talks to it. */
export function limiterFor(origin: string, locationId: string, limit: RateLimit): SlidingWindowLimiter {
  const key = `${origin}\n${locationId}\n${limit.max}/${limit.intervalMs}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new SlidingWindowLimiter(limit);
    shared.set(key, limiter);
  }
  return limiter;
}
