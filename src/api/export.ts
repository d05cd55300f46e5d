// The export engine: every call log matching a filter, as one JSON document, either as a
// string (for an editor) or streamed to a file. Three parts: the paging (exportPaging.ts), the
// document writer (exportDocument.ts) and the atomic file (atomicFile.ts); this file puts them
// together. No vscode import, so that it runs (and is benchmarked) in plain Node.
import { writeFileAtomically } from './atomicFile';
import { callLogPages, EXPORT_PAGE_SIZE, stopError, type CallLogPager, type ExportProgress, type PagingSummary } from './exportPaging';
import {
  closeDocument,
  documentHead,
  documentParts,
  documentText,
  openDocument,
  serializeItem,
  type ExportMeta,
  type WrittenDocument,
} from './exportDocument';
import type { RateLimit } from './limiter';
import type { RetryPolicy } from './retry';
import { rawOf } from './raw';
import type { CallLog } from './schemas';

export type { ExportDocument, ExportMeta, ExportSource } from './exportDocument';
export { ExportStoppedError, type ExportProgress, type ExportWait } from './exportPaging';

export interface ExportRequest extends ExportMeta {
  readonly pager: CallLogPager;
  /** Aborting cancels; aborting with an ExportStoppedError makes the export reject with it. */
  readonly signal?: AbortSignal;
  /** Pages fetched at once (default 24); the rate limiter still paces the requests. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: ExportProgress) => void;
  /** The pages' retry policy (default EXPORT_RETRY_POLICY); tests shorten it. */
  readonly retry?: RetryPolicy;
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
   * total, or the number of call logs received differs from it): calls were deleted (or
   * reached the window late) meanwhile, so the document may miss some.
   */
  readonly totalChanged: boolean;
  /** Call logs received twice (pages shifted) and written once. */
  readonly duplicatesSkipped: number;
  readonly exportedAt: string;
}

export interface FileExportResult extends ExportResult {
  readonly path: string;
  readonly bytes: number;
}

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

/** One export's shared start: the moment that stamps the document and closes its window. */
function start(request: ExportRequest): { summary: PagingSummary; exportedAt: string; pages: AsyncIterable<readonly CallLog[]> } {
  const startedAt = Date.now();
  const summary: PagingSummary = { count: 0, firstServerTotal: undefined, lastServerTotal: undefined, totalChangedBetweenPages: false, duplicatesSkipped: 0 };
  const pages = callLogPages({ ...request, clock: () => startedAt }, summary);
  return { summary, exportedAt: (request.now?.() ?? new Date(startedAt)).toISOString(), pages };
}

function resultOf(summary: PagingSummary, exportedAt: string): ExportResult {
  const { count, firstServerTotal, lastServerTotal, duplicatesSkipped } = summary;
  const totalChanged = summary.totalChangedBetweenPages || (lastServerTotal !== undefined && count !== lastServerTotal);
  return { count, firstServerTotal, lastServerTotal, totalChanged, duplicatesSkipped, exportedAt };
}

/** The whole document as a string (pretty-printed, 2 spaces), for an editor. */
export async function exportCallLogsToString(request: ExportRequest): Promise<{ text: string; result: ExportResult }> {
  const { summary, exportedAt, pages } = start(request);
  const { text } = await documentText(documentHead(request, exportedAt), pages);
  return { text, result: resultOf(summary, exportedAt) };
}

/** A document of call logs already at hand (e.g. one call), in the same format. */
export function callLogsDocument(callLogs: readonly CallLog[], meta: ExportMeta): { text: string; exportedAt: string } {
  const exportedAt = (meta.now?.() ?? new Date()).toISOString();
  const head = documentHead(meta, exportedAt);
  const items = callLogs.map((c, i) => (i === 0 ? '\n    ' : ',\n    ') + serializeItem(c));
  return { text: openDocument(head, callLogs.length) + items.join('') + closeDocument(callLogs.length), exportedAt };
}

/**
 * Streams the document to `targetPath` page by page: memory stays flat whatever the number of
 * calls. It is written to a temporary file next to the target, flushed to disk and renamed into
 * place only when complete, so a cancelled or failed export never leaves a partial file there.
 * The head carries the server's total as the first page gave it; should the final count differ
 * (calls deleted meanwhile), the head is rewritten before the rename.
 */
export async function exportCallLogsToFile(request: ExportRequest, targetPath: string): Promise<FileExportResult> {
  const { summary, exportedAt, pages } = start(request);
  const head = documentHead(request, exportedAt);
  const written: WrittenDocument = { headTotal: 0, headText: '', count: 0 };
  try {
    const bytes = await writeFileAtomically(targetPath, utf8Chunks(documentParts(head, pages, () => summary.firstServerTotal, written)), {
      signal: request.signal,
      replaceStart: () =>
        written.headTotal === written.count ? undefined : { length: Buffer.byteLength(written.headText), text: openDocument(head, written.count) },
    });
    return { ...resultOf(summary, exportedAt), path: targetPath, bytes };
  } catch (error) {
    if (request.signal?.aborted) throw stopError(request.signal);
    throw error;
  }
}

/** One call log as a JSON Lines line: the JSON the API sent, on one line. */
export function callLogLine(callLog: CallLog): string {
  return JSON.stringify(rawOf(callLog) ?? callLog) + '\n';
}

/**
 * Call logs as JSON Lines (one call log per line, as the API sent it, UTF-8), streamed to
 * `targetPath` atomically like the JSON document: from the API's pages or any other source of
 * pages (the local store). Returns the lines written.
 */
export async function exportCallLogsToJsonLines(
  pages: AsyncIterable<readonly CallLog[]> | Iterable<readonly CallLog[]>,
  targetPath: string,
  options: { readonly signal?: AbortSignal; readonly onLines?: (count: number) => void } = {},
): Promise<{ count: number; bytes: number }> {
  let count = 0;
  async function* lines(): AsyncGenerator<readonly string[]> {
    for await (const page of pages) {
      if (options.signal?.aborted) throw stopError(options.signal);
      const out = page.map(callLogLine);
      count += out.length;
      yield out;
      options.onLines?.(count);
    }
  }
  try {
    const bytes = await writeFileAtomically(targetPath, utf8Chunks(lines()), { signal: options.signal });
    return { count, bytes };
  } catch (error) {
    if (options.signal?.aborted) throw stopError(options.signal);
    throw error;
  }
}

/** Text parts (e.g. CSV lines) streamed to `targetPath` atomically as UTF-8. */
export async function writeTextAtomically(parts: AsyncIterable<readonly string[]> | Iterable<readonly string[]>, targetPath: string, signal?: AbortSignal): Promise<number> {
  async function* batches(): AsyncGenerator<readonly string[]> {
    for await (const batch of parts) yield batch;
  }
  try {
    return await writeFileAtomically(targetPath, utf8Chunks(batches()), { signal });
  } catch (error) {
    if (signal?.aborted) throw stopError(signal);
    throw error;
  }
}

const encoder = new TextEncoder();

/**
 * The parts as UTF-8, through one reused buffer: a fresh Buffer per part would be memory outside
 * the JavaScript heap that the garbage collector frees late, and RSS would climb with the export.
 * Each chunk yielded is a view of that buffer, valid until the next one is asked for (see
 * writeFileAtomically).
 */
async function* utf8Chunks(parts: AsyncIterable<readonly string[]>): AsyncGenerator<Uint8Array, void, undefined> {
  const scratch = new Uint8Array(512 * 1024);
  let used = 0;
  for await (const batch of parts) {
    for (const part of batch) {
      let rest = part;
      for (;;) {
        const { read, written } = encoder.encodeInto(rest, scratch.subarray(used));
        used += written;
        if (read === rest.length) break;
        // Full (or a character that did not fit): hand over what is there.
        rest = rest.slice(read);
        yield scratch.subarray(0, used);
        used = 0;
      }
    }
  }
  if (used > 0) yield scratch.subarray(0, used);
}
