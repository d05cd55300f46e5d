// Client-side rate limiter: a sliding window per location, so that a long export runs
// at close to the API's burst limit (100 requests per 10 s per location) instead of
// running into it and causing 429 storms. It learns from the X-RateLimit-* headers:
// a server window that differs from ours (e.g. 25 per 10 s on sandbox accounts) is
// enforced as well, and quota used by other apps on the same location is booked as
// "foreign" requests so that it expires from the window like ours.

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

/**
 * `background` requests (an export's pages) wait behind every `interactive` one (what the user
 * is looking at): expanding an agent during a long export takes the next free slot instead of
 * queueing behind the export's pages.
 */
export type RequestPriority = 'interactive' | 'background';

interface Waiter {
  priority: RequestPriority;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** A little longer than the server's window, against jitter in when requests reach it. */
function windowLength(limit: RateLimit): number {
  return limit.intervalMs + Math.min(100, limit.intervalMs * 0.01);
}

export class SlidingWindowLimiter {
  private readonly configured: RateLimit;
  /** The window the server announced, when it differs from the configured one. */
  private server: RateLimit | undefined;
  /** Times of the answered requests still inside the longest window, ascending. */
  private readonly stamps: number[] = [];
  /** Requests sent but not answered: they count in every window until answered, as the
   *  server may receive them late (a slow connection, a queue in the connection pool). */
  private inFlight = 0;
  private readonly waiters: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.configured = { ...limit };
  }

  /** Requests waiting for a slot now. */
  get queued(): number {
    return this.waiters.length;
  }

  /** The windows in force: the configured one, and the server's if it announced another. */
  get limits(): RateLimit[] {
    return this.server ? [this.configured, this.server] : [this.configured];
  }

  /**
   * Waits for a free slot (FIFO per priority) and takes it; rejects with the signal's reason on abort.
   * Call the returned function when the answer (or failure) arrives: the slot then counts
   * from that moment, a safe upper bound of when the server saw the request.
   */
  async acquire(signal?: AbortSignal, priority: RequestPriority = 'interactive'): Promise<() => void> {
    await this.take(signal, priority);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
      this.insert(this.now());
      this.schedule();
    };
  }

  /** Takes the server's view into account (see the file comment). */
  observe(state: ServerRateState): void {
    const { remaining, max, intervalMs } = state;
    if (max !== undefined && intervalMs !== undefined && max >= 1 && intervalMs >= 1 && intervalMs <= 86_400_000) {
      const same = intervalMs === this.configured.intervalMs;
      if (same) this.server = max < this.configured.max ? { max: Math.floor(max), intervalMs } : undefined;
      else this.server = { max: Math.floor(max), intervalMs };
    }
    if (remaining !== undefined && remaining >= 0) {
      const window = this.server ?? (max !== undefined ? { max, intervalMs: intervalMs ?? this.configured.intervalMs } : this.configured);
      // Never book more than the tightest window we enforce can hold: a server that
      // announces a huge max (or none at all, i.e. no limit) must not make us insert
      // millions of stamps after a 429 with `X-RateLimit-Remaining: 0`.
      const cap = Math.min(window.max, ...this.limits.map((l) => l.max));
      const used = Math.min(cap, window.max - remaining);
      const now = this.now();
      // Our own requests in flight are already counted, so a shortfall is quota that
      // someone else used: book it now.
      for (let count = this.inFlight + this.countWithin(windowLength(window), now); count < used; count++) this.insert(now);
      this.schedule();
    }
  }

  private take(signal: AbortSignal | undefined, priority: RequestPriority): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.waiters.length === 0 && this.tryTake()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { priority, resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(signal.reason);
          this.schedule();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      // FIFO within a priority; an interactive request goes ahead of the background ones.
      const firstBackground = priority === 'interactive' ? this.waiters.findIndex((w) => w.priority === 'background') : -1;
      if (firstBackground >= 0) this.waiters.splice(firstBackground, 0, waiter);
      else this.waiters.push(waiter);
      this.schedule();
    });
  }

  private countWithin(windowMs: number, now: number): number {
    let count = 0;
    for (let i = this.stamps.length - 1; i >= 0 && this.stamps[i] + windowMs > now; i--) count++;
    return count;
  }

  /** How long until every window has room: 0 if it has now, Infinity if only an answer
   *  to a request in flight can make room. */
  private waitTime(now: number): number {
    const longest = Math.max(...this.limits.map(windowLength));
    while (this.stamps.length > 0 && this.stamps[0] + longest <= now) this.stamps.shift();
    let wait = 0;
    for (const limit of this.limits) {
      const windowMs = windowLength(limit);
      const answered = this.countWithin(windowMs, now);
      if (answered + this.inFlight < limit.max) continue;
      const roomFromAnswered = limit.max - this.inFlight;
      if (roomFromAnswered < 1) return Infinity;
      // Enough of the oldest answered requests in this window must leave it.
      const mustExpire = this.stamps[this.stamps.length - roomFromAnswered];
      wait = Math.max(wait, mustExpire + windowMs - now);
    }
    return wait;
  }

  /** Takes a slot if every window has room. */
  private tryTake(): boolean {
    if (this.waitTime(this.now()) > 0) return false;
    this.inFlight++;
    return true;
  }

  private insert(stamp: number): void {
    let at = this.stamps.length;
    while (at > 0 && this.stamps[at - 1] > stamp) at--;
    this.stamps.splice(at, 0, stamp);
  }

  private schedule(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.waiters.length > 0) {
      if (!this.tryTake()) {
        const wait = this.waitTime(this.now());
        // With Infinity, the next answer calls schedule() again.
        if (wait !== Infinity) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.schedule();
          }, Math.max(1, Math.ceil(wait)));
        }
        return;
      }
      const waiter = this.waiters.shift();
      if (waiter?.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter?.resolve();
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
