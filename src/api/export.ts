// The export engine: every call log matching a filter, as one JSON document, either as a
// string (for an editor) or streamed to a file. No vscode import, so that it runs (and is
// benchmarked) in plain Node.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CallLogsPage, ReceivedCallLogsPage } from './client';
import { sleep } from './delay';
import { ApiError } from './errors';
import { pagesInOrder } from './pagination';
import { rawOf } from './raw';
import type { CallLogFilter } from './filter';
import type { RateLimit } from './limiter';
import type { CallLog } from './schemas';

/** What the engine needs from the client (VoiceAiClient satisfies it). */
export interface CallLogPager {
  /**
   * One page, through the client's limiter and its retries (429, 502-504, resets), read later.
   * The export asks with `background` priority: the user's browsing goes first.
   */
  fetchCallLogsPage(filter: CallLogFilter, page: number, signal: AbortSignal | undefined, priority: 'background'): Promise<ReceivedCallLogsPage>;
}

export interface ExportSource {
  readonly baseUrl: string;
  readonly locationId: string;
  readonly apiVersion: string;
}

export interface ExportProgress {
  /** Call logs received so far. */
  readonly done: number;
  /** The server's latest total, once the first page has arrived. */
  readonly total: number | undefined;
}

/** What the document records about where its call logs came from. */
export interface ExportMeta {
  readonly source: ExportSource;
  /** The filter sent to the API (dates as Unix ms bounds). */
  readonly filter: CallLogFilter;
  /** The filter as the user set it (e.g. named date range); recorded next to the bounds sent. */
  readonly filterAsSet?: Readonly<Record<string, unknown>>;
  /** IANA zone the user's dates were interpreted in. */
  readonly timeZone: string;
  /** For tests: the clock that stamps `exportedAt`. */
  readonly now?: () => Date;
}

export interface ExportRequest extends ExportMeta {
  readonly pager: CallLogPager;
  readonly signal?: AbortSignal;
  /** Pages fetched at once (default 8); the rate limiter still paces the requests. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: ExportProgress) => void;
  /** First wait before asking again for a failed page (default 1 s, doubling); tests shorten it. */
  readonly pageRetryDelayMs?: number;
}

export interface ExportResult {
  /** Call logs in the document (its `total`). */
  readonly count: number;
  /** The total the server reported on the first page. */
  readonly firstServerTotal: number | undefined;
  /** The total the server reported on the last page. */
  readonly lastServerTotal: number | undefined;
  /**
   * True when the server's total changed while exporting (a later page reported another
   * total, or the number of call logs received differs from it): calls were added or deleted
   * meanwhile, so the document may miss some.
   */
  readonly totalChanged: boolean;
  /** Call logs received twice (pages shifted by new calls) and written once. */
  readonly duplicatesSkipped: number;
  readonly exportedAt: string;
}

export interface FileExportResult extends ExportResult {
  readonly path: string;
  readonly bytes: number;
}

/**
 * Pages in flight during an export. The rate limit allows a burst of 100 requests, then one
 * request per slot that leaves the window, so the later requests are spread like the first
 * burst: the faster the burst, the sooner the export ends. With 150 ms answers, 8 at once
 * spend the burst in about 2.9 s and a 10,000-call export takes 12.9 s; 24 (all the
 * connections the client opens, MAX_CONNECTIONS) in about 1 s, and the export takes 11.8 s
 * against a floor of 10.15 s; 32 measured the same (test/bench). Pages waiting for their turn
 * stay bytes until read (fetchCallLogsPage), so more in flight costs little memory.
 */
export const DEFAULT_EXPORT_CONCURRENCY = 24;
/**
 * A page that still fails after the client's own retries (a 500, which the client does not
 * retry, or a 502-504/reset/timeout streak) is asked for again this many times, after 1, 2, 4 s,
 * before the export gives up: one bad answer must not throw away a long export.
 */
const PAGE_RETRIES = 3;
const PAGE_RETRY_BASE_MS = 1000;
/** The largest page the API serves: fewest requests. */
const EXPORT_PAGE_SIZE = 50;
/** Bytes gathered before a write to disk. */
const FLUSH_BYTES = 256 * 1024;
/**
 * Ids remembered to drop duplicates caused by shifting pages. Bounded so that memory does not
 * grow with the export: a shift larger than this during one export is not plausible.
 */
const RECENT_IDS = 10_000;

/**
 * The least time an export of `total` calls takes under the rate limits (seconds): every window
 * of requests beyond the first waits for a whole interval. Latency comes on top.
 */
export function minimumExportSeconds(total: number, limits: readonly RateLimit[]): number {
  const pages = Math.ceil(Math.max(0, total) / EXPORT_PAGE_SIZE);
  let seconds = 0;
  for (const { max, intervalMs } of limits) seconds = Math.max(seconds, (Math.ceil(pages / max) - 1) * (intervalMs / 1000));
  return Math.max(0, seconds);
}

/** After this long without a new page, the progress line says what the export waits for. */
export const EXPORT_STALL_MS = 2000;

/**
 * The progress line: "1,250 of 10,000 calls", and, when no page has come for a while, why: an
 * export pauses for up to 10 s after each burst of 100 requests, which looks like a hang otherwise.
 */
export function exportProgressText(done: number, total: number | undefined, stalledMs: number, rateLimited: RateLimit | undefined): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const text = total !== undefined ? `${count(done)} of ${count(Math.max(total, done))} calls` : `${count(done)} calls`;
  if (stalledMs < EXPORT_STALL_MS || (total !== undefined && done >= total)) return text;
  if (!rateLimited) return `${text} · waiting for the API`;
  return `${text} · waiting for the API's rate limit (${rateLimited.max} requests per ${Math.round(rateLimited.intervalMs / 1000)} s)`;
}

export class ExportCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('The export was cancelled.');
  }
}

/** The exported JSON document; `C` is what a reader takes a call log to be (the API's JSON). */
export interface ExportDocument<C = unknown> {
  exportedAt: string;
  source: ExportSource;
  /** The filter as the user set it, plus the Unix ms bounds sent. */
  filter: Record<string, unknown>;
  timeZone: string;
  total: number;
  callLogs: C[];
}

type DocumentHead = Omit<ExportDocument, 'total' | 'callLogs'>;

/** Streams the call logs to `sink` as they arrive; returns what the document's head needs. */
async function collect(
  request: ExportRequest,
  onItems: (parts: readonly string[], count: number) => Promise<void>,
): Promise<Omit<ExportResult, 'exportedAt'>> {
  const { signal } = request;
  if (signal?.aborted) throw new ExportCancelledError();
  // Our own controller: it also stops the client's requests when writing fails.
  const controller = new AbortController();
  // Every page request in flight listens to it: not a leak.
  setMaxListeners(100, controller.signal);
  const onAbort = () => controller.abort(new ExportCancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });
  let firstServerTotal: number | undefined;
  let lastServerTotal: number | undefined;
  let totalChangedBetweenPages = false;

  const recent = new RecentIds(RECENT_IDS);
  let count = 0;
  let duplicatesSkipped = 0;
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const parts = pending;
    pending = [];
    pendingChars = 0;
    await onItems(parts, count);
  };

  const pageFilter: CallLogFilter = { ...request.filter, pageSize: EXPORT_PAGE_SIZE };
  const retryDelayMs = request.pageRetryDelayMs ?? PAGE_RETRY_BASE_MS;
  const fetchPage = (page: number, pageSignal: AbortSignal): Promise<ReceivedCallLogsPage> =>
    withPageRetries(() => request.pager.fetchCallLogsPage(pageFilter, page, pageSignal, 'background'), pageSignal, retryDelayMs);
  // A page is read when its turn comes; one that does not read (cut off, malformed) is asked for again.
  const readPage = async (page: number, received: ReceivedCallLogsPage): Promise<CallLogsPage> => {
    try {
      return received.read();
    } catch (error) {
      if (controller.signal.aborted || !mayPass(error)) throw error;
      return withPageRetries(async () => (await request.pager.fetchCallLogsPage(pageFilter, page, controller.signal, 'background')).read(), controller.signal, retryDelayMs, 1);
    }
  };
  const concurrency = request.concurrency ?? DEFAULT_EXPORT_CONCURRENCY;
  let lastPageWasFull = false;
  const take = async (page: CallLogsPage): Promise<void> => {
    if (firstServerTotal === undefined) firstServerTotal = page.total;
    else if (page.total !== lastServerTotal) totalChangedBetweenPages = true;
    lastServerTotal = page.total;
    lastPageWasFull = page.callLogs.length >= page.pageSize;
    const fresh = page.callLogs.filter((callLog) => {
      if (recent.has(callLog.id)) return false;
      recent.add(callLog.id);
      return true;
    });
    duplicatesSkipped += page.callLogs.length - fresh.length;
    for (const callLog of fresh) {
      // One string per call, written as it is (see writeAll): no string of a whole page or
      // chunk, which would be big enough to skip the young generation (over 128 KB in V8).
      const item = serializeItem(callLog);
      pending.push(count === 0 ? '\n    ' : ',\n    ', item);
      pendingChars += item.length;
      count++;
    }
    if (fresh.length > 0) request.onProgress?.({ done: count, total: lastServerTotal });
    if (pendingChars >= FLUSH_BYTES) await flush();
    if (controller.signal.aborted) throw new ExportCancelledError();
  };

  let pages: AsyncGenerator<ReceivedCallLogsPage, void, undefined> | undefined;
  let finished = false;
  try {
    const first = await unlessAborted(fetchPage(1, controller.signal).then((received) => readPage(1, received)), controller.signal);
    await take(first);
    const pageSize = first.pageSize;
    let fetched = 1;
    if (first.callLogs.length > 0) {
      // Pages after the first, several at a time (the client's limiter paces them), in order.
      // Without a usable total, the loop below reads on page by page while pages come full.
      pages = pagesInOrder(2, first.total === undefined ? 1 : Math.ceil(first.total / pageSize), fetchPage, { concurrency, signal: controller.signal });
      for (;;) {
        const next = await unlessAborted(pages.next(), controller.signal);
        if (next.done) break;
        fetched++;
        const page = await unlessAborted(readPage(fetched, next.value), controller.signal);
        if (page.callLogs.length === 0) {
          lastPageWasFull = false;
          break;
        }
        await take(page);
      }
      // Calls added meanwhile push older ones onto later pages: read on while the server's
      // latest total says there are more (duplicates from the shift are dropped above).
      while (lastPageWasFull && (lastServerTotal === undefined || fetched < Math.ceil(lastServerTotal / pageSize))) {
        fetched++;
        const page = await unlessAborted(fetchPage(fetched, controller.signal).then((received) => readPage(fetched, received)), controller.signal);
        if (page.callLogs.length === 0) break;
        await take(page);
      }
    }
    await flush();
    finished = true;
  } catch (error) {
    if (signal?.aborted) throw new ExportCancelledError();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!finished) {
      controller.abort(new ExportCancelledError());
      // Not awaited: a page still in flight ends once its request sees the abort.
      if (pages) void pages.return(undefined).catch(() => undefined);
    }
  }
  const totalChanged = totalChangedBetweenPages || (lastServerTotal !== undefined && count !== lastServerTotal);
  return { count, firstServerTotal, lastServerTotal, totalChanged, duplicatesSkipped };
}

/** Asks again for a page that failed in a way that may pass (see PAGE_RETRIES); `done` retries already spent. */
async function withPageRetries<T>(fetch: () => Promise<T>, signal: AbortSignal, baseDelayMs: number, done = 0): Promise<T> {
  for (let retry = done; ; retry++) {
    if (retry > 0) await sleep(baseDelayMs * 2 ** (retry - 1), signal);
    try {
      return await fetch();
    } catch (error) {
      if (signal.aborted || retry >= PAGE_RETRIES || !mayPass(error)) throw error;
    }
  }
}

function mayPass(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  // Not 4xx: asking again gets the same answer. A body that did not parse may have been cut off.
  return error.kind === 'server' || error.kind === 'network' || error.kind === 'timeout' || error.kind === 'badResponse';
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
    return Promise.reject(new ExportCancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ExportCancelledError());
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

/**
 * A call log as the API sent it (see raw.ts), pretty-printed as an item of the document's
 * `callLogs` list. A call log the client did not parse itself (a copy) is written as it is.
 */
function serializeItem(callLog: CallLog): string {
  // Nested two deep, JSON.stringify indents it as the list's items are: no second pass to
  // re-indent (measured 2.4x faster). Cut off are "[\n  [\n    " and "\n  ]\n]".
  return JSON.stringify([[rawOf(callLog) ?? callLog]], null, 2).slice(10, -6);
}

function documentHead(request: ExportMeta, exportedAt: string): DocumentHead {
  const filter: Record<string, unknown> = { ...(request.filterAsSet ?? {}) };
  // The bounds actually sent, so the document says exactly which calls it covers.
  if (request.filter.startDate !== undefined) filter.startDate = request.filter.startDate;
  if (request.filter.endDate !== undefined) filter.endDate = request.filter.endDate;
  if (request.filterAsSet === undefined) {
    for (const [key, value] of Object.entries(request.filter)) {
      if (key !== 'pageSize' && value !== undefined) filter[key] = value;
    }
  }
  return {
    exportedAt,
    source: {
      baseUrl: withoutCredentials(request.source.baseUrl),
      locationId: request.source.locationId,
      apiVersion: request.source.apiVersion,
    },
    filter,
    timeZone: request.timeZone,
  };
}

/** A base URL never carries a secret into a document. */
function withoutCredentials(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    if (!url.username && !url.password && !url.search) return baseUrl;
    url.username = '';
    url.password = '';
    url.search = '';
    return url.toString();
  } catch {
    return baseUrl;
  }
}

/** The document's opening, up to and including `"callLogs": [`. */
function openDocument(head: DocumentHead, total: number): string {
  const json = JSON.stringify({ ...head, total }, null, 2);
  return json.slice(0, -2) + ',\n  "callLogs": [';
}

function closeDocument(count: number): string {
  return count === 0 ? ']\n}\n' : '\n  ]\n}\n';
}

/** The whole document as a string (pretty-printed, 2 spaces), for an editor. */
export async function exportCallLogsToString(request: ExportRequest): Promise<{ text: string; result: ExportResult }> {
  const exportedAt = (request.now?.() ?? new Date()).toISOString();
  const parts: string[] = [];
  const collected = await collect(request, async (chunk) => {
    parts.push(...chunk);
  });
  const text = openDocument(documentHead(request, exportedAt), collected.count) + parts.join('') + closeDocument(collected.count);
  return { text, result: { ...collected, exportedAt } };
}

/** A document of call logs already at hand (e.g. one call), in the same format. */
export function callLogsDocument(callLogs: readonly CallLog[], meta: ExportMeta): { text: string; exportedAt: string } {
  const exportedAt = (meta.now?.() ?? new Date()).toISOString();
  const head = documentHead(meta, exportedAt);
  const items = callLogs.map((c, i) => (i === 0 ? '\n    ' : ',\n    ') + serializeItem(c));
  return { text: openDocument(head, callLogs.length) + items.join('') + closeDocument(callLogs.length), exportedAt };
}

/** Writes a small document the same safe way: temporary file, fsync, rename. */
export async function writeFileAtomically(targetPath: string, text: string): Promise<number> {
  const target = path.resolve(targetPath);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  const file = await fs.open(temp, 'wx');
  try {
    const bytes = await writeAll(file, [text], scratchBuffer());
    await file.sync();
    await file.close();
    await fs.rename(temp, target);
    await syncDirectory(path.dirname(target));
    return bytes;
  } catch (error) {
    await file.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Streams the document to `targetPath` page by page: memory stays flat whatever the number of
 * calls. It is written to a temporary file next to the target, flushed to disk and renamed into
 * place only when complete, so a cancelled or failed export never leaves a partial file there.
 */
export async function exportCallLogsToFile(request: ExportRequest, targetPath: string): Promise<FileExportResult> {
  const exportedAt = (request.now?.() ?? new Date()).toISOString();
  const head = documentHead(request, exportedAt);
  const target = path.resolve(targetPath);
  const temps: string[] = [];
  const tempPath = () => {
    const p = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
    temps.push(p);
    return p;
  };
  const scratch = scratchBuffer();
  let file = await fs.open(tempPath(), 'wx');
  let current = temps[0];
  try {
    let headerTotal: number | undefined;
    let headerBytes = 0;
    let bytes = 0;
    let latestTotal: number | undefined;
    const progress = request.onProgress;
    const collected = await collect(
      {
        ...request,
        onProgress: (p) => {
          latestTotal = p.total;
          progress?.(p);
        },
      },
      async (chunk, countSoFar) => {
        if (headerTotal === undefined) {
          headerTotal = latestTotal ?? countSoFar;
          const opening = openDocument(head, headerTotal);
          headerBytes = Buffer.byteLength(opening);
          bytes += await writeAll(file, [opening], scratch);
        }
        bytes += await writeAll(file, chunk, scratch);
      },
    );
    if (headerTotal === undefined) {
      headerTotal = collected.count;
      bytes += await writeAll(file, [openDocument(head, headerTotal)], scratch);
    } else if (headerTotal !== collected.count) {
      // The head was written with the server's total before the count was known: rewrite it.
      const rewritten = tempPath();
      const copy = await fs.open(rewritten, 'wx');
      try {
        bytes = await writeAll(copy, [openDocument(head, collected.count)], scratch);
        bytes += await copyFrom(file, headerBytes, copy, request.signal);
      } catch (error) {
        await copy.close();
        throw error;
      }
      await file.close();
      await fs.unlink(current);
      file = copy;
      current = rewritten;
    }
    bytes += await writeAll(file, [closeDocument(collected.count)], scratch);
    if (request.signal?.aborted) throw new ExportCancelledError();
    await file.sync();
    await file.close();
    await fs.rename(current, target);
    await syncDirectory(path.dirname(target));
    return { ...collected, exportedAt, path: target, bytes };
  } catch (error) {
    await file.close().catch(() => undefined);
    await Promise.all(temps.map((p) => fs.unlink(p).catch(() => undefined)));
    throw error;
  }
}

const encoder = new TextEncoder();

/**
 * Writes `parts` as UTF-8 through one reused buffer: a fresh Buffer per chunk would be memory
 * outside the JS heap that the garbage collector frees late, and RSS would climb with the export.
 */
async function writeAll(file: fs.FileHandle, parts: readonly string[], scratch: Uint8Array): Promise<number> {
  let used = 0;
  let total = 0;
  const drain = async (): Promise<void> => {
    for (let offset = 0; offset < used; ) {
      const { bytesWritten } = await file.write(scratch, offset, used - offset);
      offset += bytesWritten;
    }
    total += used;
    used = 0;
  };
  for (const part of parts) {
    let rest = part;
    while (rest.length > 0) {
      const { read, written } = encoder.encodeInto(rest, scratch.subarray(used));
      used += written;
      rest = rest.slice(read);
      // Full (or a character that did not fit): write what is there.
      if (rest.length > 0) await drain();
    }
  }
  await drain();
  return total;
}

/** One per export (never shared: two exports may run at once). */
function scratchBuffer(): Uint8Array {
  return new Uint8Array(512 * 1024);
}

async function copyFrom(source: fs.FileHandle, start: number, target: fs.FileHandle, signal?: AbortSignal): Promise<number> {
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  let position = start;
  let copied = 0;
  for (;;) {
    if (signal?.aborted) throw new ExportCancelledError();
    const { bytesRead } = await source.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return copied;
    let offset = 0;
    while (offset < bytesRead) {
      const { bytesWritten } = await target.write(buffer, offset, bytesRead - offset);
      offset += bytesWritten;
    }
    position += bytesRead;
    copied += bytesRead;
  }
}

/** Makes the rename itself durable; not possible on every platform, so best effort. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse to sync a directory; the file itself is already on disk.
  }
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
