// Reusable buffers for the bodies of answers until they are read. An export keeps up to 24 pages
// (about 100 KB each) waiting for their turn; a fresh buffer per page is memory outside the
// JavaScript heap that the allocator fragments and the garbage collector frees late, so the
// process's memory climbed with the export (and differed from run to run). A few buffers, reused,
// bound it.

/** A body read into a pooled buffer: `bytes` is valid until `release()`. */
export interface PooledBytes {
  readonly bytes: Uint8Array;
  release(): void;
}

const FIRST_SIZE = 128 * 1024;
/** A body larger than this gets a buffer of its own, never pooled. */
const LARGEST_POOLED = 4 * 1024 * 1024;
/** Free buffers are dropped after this long without use: an idle client holds none. */
const IDLE_MS = 30_000;

export class BodyBuffers {
  private readonly free: Uint8Array[] = [];
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  /** `keep`: free buffers kept at most (as many as bodies may wait at once). */
  constructor(private readonly keep: number) {}

  /** Reads `chunks` (a response body) into a buffer of the pool; `length` is the Content-Length, if given. */
  async read(chunks: AsyncIterable<Uint8Array>, length?: number): Promise<PooledBytes> {
    let buffer = this.take(length ?? 0);
    let used = 0;
    for await (const chunk of chunks) {
      if (used + chunk.byteLength > buffer.byteLength) {
        const bigger = this.take(used + chunk.byteLength);
        bigger.set(buffer.subarray(0, used));
        this.give(buffer);
        buffer = bigger;
      }
      buffer.set(chunk, used);
      used += chunk.byteLength;
    }
    let released = false;
    return {
      bytes: buffer.subarray(0, used),
      release: () => {
        if (released) return;
        released = true;
        this.give(buffer);
      },
    };
  }

  private take(size: number): Uint8Array {
    const index = this.free.findIndex((b) => b.byteLength >= size);
    if (index >= 0) return this.free.splice(index, 1)[0];
    let capacity = FIRST_SIZE;
    while (capacity < size) capacity *= 2;
    return new Uint8Array(capacity);
  }

  private give(buffer: Uint8Array): void {
    if (buffer.byteLength > LARGEST_POOLED || this.free.length >= this.keep) return;
    this.free.push(buffer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.free.length = 0;
      this.idleTimer = undefined;
    }, IDLE_MS);
    this.idleTimer.unref?.();
  }
}
