// The export's JSON document, written as it streams: the head (where the call logs came from,
// and the server's total), every call log exactly as the API sent it, the end. Pretty-printed
// with 2 spaces, byte for byte what JSON.stringify(document, null, 2) + '\n' would give.
import type { CallLogFilter } from './callLogQuery';
import { rawOf } from './raw';
import type { CallLog } from './schemas';

export interface ExportSource {
  readonly baseUrl: string;
  readonly locationId: string;
  readonly apiVersion: string;
  /** Set when the call logs came from the local store: when it last synced with the API (ISO time). */
  readonly storeSyncedAt?: string;
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

export type DocumentHead = Omit<ExportDocument, 'total' | 'callLogs'>;

export function documentHead(meta: ExportMeta, exportedAt: string): DocumentHead {
  const filter: Record<string, unknown> = { ...(meta.filterAsSet ?? {}) };
  // The bounds the user's filter sent, so the document says exactly which calls it covers.
  if (meta.filter.startDate !== undefined) filter.startDate = meta.filter.startDate;
  if (meta.filter.endDate !== undefined) filter.endDate = meta.filter.endDate;
  if (meta.filterAsSet === undefined) {
    for (const [key, value] of Object.entries(meta.filter)) {
      if (key !== 'pageSize' && value !== undefined) filter[key] = value;
    }
  }
  return {
    exportedAt,
    source: {
      baseUrl: withoutCredentials(meta.source.baseUrl),
      locationId: meta.source.locationId,
      apiVersion: meta.source.apiVersion,
      ...(meta.source.storeSyncedAt !== undefined ? { storeSyncedAt: meta.source.storeSyncedAt } : {}),
    },
    filter,
    timeZone: meta.timeZone,
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
export function openDocument(head: DocumentHead, total: number): string {
  const json = JSON.stringify({ ...head, total }, null, 2);
  return json.slice(0, -2) + ',\n  "callLogs": [';
}

export function closeDocument(count: number): string {
  return count === 0 ? ']\n}\n' : '\n  ]\n}\n';
}

/**
 * A call log as the API sent it (see raw.ts), pretty-printed as an item of the document's
 * `callLogs` list. A call log the client did not parse itself (a copy) is written as it is.
 */
export function serializeItem(callLog: CallLog): string {
  // Nested two deep, JSON.stringify indents it as the list's items are: no second pass to
  // re-indent (measured 2.4x faster). Cut off are "[\n  [\n    " and "\n  ]\n]".
  return JSON.stringify([[rawOf(callLog) ?? callLog]], null, 2).slice(10, -6);
}

/** What the writer wrote, once its parts are consumed. */
export interface WrittenDocument {
  /** The total in the head as written (the server's, when the first call logs came). */
  headTotal: number;
  /** The head's text as written, up to and including `"callLogs": [`. */
  headText: string;
  /** Call logs written. */
  count: number;
}

/**
 * The document's text, part by part: the head once the first call logs arrive (with the total
 * `total()` gives then), one string per call log and separator (no string of a whole page,
 * which would be big enough to skip V8's young generation), and the end. When the final count
 * differs from the head's total, the caller rewrites the head (see `written`).
 */
export async function* documentParts(
  head: DocumentHead,
  callLogs: AsyncIterable<readonly CallLog[]>,
  total: () => number | undefined,
  written: WrittenDocument,
): AsyncGenerator<readonly string[], void, undefined> {
  let opened = false;
  const open = (fallback: number): string => {
    opened = true;
    written.headTotal = total() ?? fallback;
    written.headText = openDocument(head, written.headTotal);
    return written.headText;
  };
  for await (const batch of callLogs) {
    const parts: string[] = opened ? [] : [open(batch.length)];
    for (const callLog of batch) {
      parts.push(written.count === 0 ? '\n    ' : ',\n    ', serializeItem(callLog));
      written.count++;
    }
    if (parts.length > 0) yield parts;
  }
  yield opened ? [closeDocument(written.count)] : [open(0), closeDocument(0)];
}

/** The whole document at once (call logs at hand, or an editor's text), with the final count as total. */
export async function documentText(head: DocumentHead, callLogs: AsyncIterable<readonly CallLog[]>): Promise<{ text: string; count: number }> {
  const written: WrittenDocument = { headTotal: 0, headText: '', count: 0 };
  const parts: string[] = [];
  for await (const chunk of documentParts(head, callLogs, () => undefined, written)) parts.push(...chunk);
  // Written with a provisional total: the count is known now.
  if (written.headTotal !== written.count) parts[0] = openDocument(head, written.count);
  return { text: parts.join(''), count: written.count };
}
