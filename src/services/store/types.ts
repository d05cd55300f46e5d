// The local call store's contract: what the views, the watch, the export and (next) the analytics
// dashboard and the assistant tools ask of it. The engine behind it (engine files in this folder)
// has no vscode import, so that it runs, is tested and is benchmarked in plain Node; only
// service.ts, which opens one store per account under globalStorageUri, talks to VS Code.
import type { CallLogFilter } from '../../api/callLogQuery';
import type { Agent, CallLog } from '../../api/schemas';

/** The account a store belongs to: two accounts never share one. */
export interface StoreAccount {
  readonly baseUrl: string;
  readonly locationId: string;
}

/** An incremental pass cut short: of its window [start, end] (Unix ms), every call in [reached, end] is stored. */
export interface PendingWindow {
  readonly start: number;
  readonly end: number;
  readonly reached: number;
}

/** What the store holds without holes, by createdAt (Unix ms). */
export interface StoreCoverage {
  /** Every call created in [from, to] (both inclusive) is stored; undefined before the first synced page. */
  readonly from?: number;
  readonly to?: number;
  /** The first sync reached the oldest call: everything created up to `to` is stored. */
  readonly complete: boolean;
  /** When the last sync pass ended (Unix ms). */
  readonly lastSyncedAt?: number;
  /** When the stored calls were last checked against the API's counts (see sync.ts). */
  readonly reconciledAt?: number;
  /** An incremental pass cut short: of its window [start, end], every call in [reached, end] is stored. */
  readonly pending?: PendingWindow;
  /** Call logs stored. */
  readonly callCount: number;
}

/** A page answered locally: the same ids, order and total as the API's for the same filter. */
export interface StoredPage {
  readonly total: number;
  readonly callLogs: CallLog[];
}

export interface StoredAgent {
  readonly agent: Agent;
  /** Gone from the API's agent list since it was stored. */
  readonly deleted: boolean;
}

export interface SearchHit {
  readonly callLog: CallLog;
  readonly field: 'summary' | 'transcript' | 'fromNumber';
  /** The matching sentence or line, plain text. */
  readonly snippet: string;
}

export interface CoversOptions {
  /**
   * How far behind now the coverage's end may be for a range that reaches past it: such a range
   * is covered when the store was complete up to at most this long ago (the watch's poll and the
   * sync keep moving it). Default 0: only ranges that end within the coverage are covered;
   * Infinity: any range, as of the last sync.
   */
  readonly maxAgeMs?: number;
  /** Default Date.now(). */
  readonly now?: number;
}

export interface CallStore {
  readonly account: StoreAccount;
  coverage(): StoreCoverage;
  /**
   * True when page() answers `filter` exactly as the API would: its date range lies within the
   * coverage. A range that ends after the coverage (newer calls may exist: no end date, today,
   * last 7 days) counts only with `options.maxAgeMs` (see CoversOptions).
   */
  covers(filter: CallLogFilter, options?: CoversOptions): boolean;
  /** One 1-based page; only meaningful when covers(filter). */
  page(filter: CallLogFilter, page: number, pageSize: number): StoredPage;
  /** A stored call log (as the API sent it: rawOf() gives its JSON), undefined when not stored. */
  getCallLog(id: string): CallLog | undefined;
  agents(): readonly StoredAgent[];
  /** Full-text search over summaries, transcripts and caller numbers; accents and case do not matter. Newest first. */
  search(text: string, options?: { readonly limit?: number; readonly agentId?: string }): SearchHit[];
  /** Every call log matching `filter`, in the API's order, a page at a time (for exports). */
  iterate(filter: CallLogFilter, pageSize?: number): Iterable<readonly CallLog[]>;
  /**
   * Read-only SQL over the store's tables (calls, actions, agents) for aggregates that would
   * otherwise read every call log: the analytics service's queries
   * (src/services/analytics/storeReport.ts). Prepared once and kept, like the store's own.
   */
  select(sql: string, params?: readonly (string | number | null)[]): readonly Readonly<Record<string, string | number | null>>[];

  // Writes: by the sync and the watch.
  /** Inserts or replaces call logs; returns the ids that were not stored before. */
  putCallLogs(callLogs: readonly CallLog[]): { readonly added: readonly string[]; readonly updated: number };
  /** Replaces the agent list; stored agents missing from it are kept and flagged deleted. */
  putAgents(agents: readonly Agent[]): void;
  /** Deletes everything stored for the account. */
  clear(): void;
  close(): void;
}

export interface SyncProgress {
  readonly phase: 'initial' | 'incremental';
  /** Call logs stored by this pass so far. */
  readonly done: number;
  /** The calls this pass expects, once its first page has arrived. */
  readonly total?: number;
  /** Set while the rate limit holds the pass back (Unix ms of the next attempt). */
  readonly waitingUntil?: number;
}

export interface SyncResult {
  /** Calls stored for the first time, newest first (a sync keeps the newest 200: see addedCount). */
  readonly added: readonly CallLog[];
  /** A sync: every call it stored for the first time. */
  readonly addedCount?: number;
  readonly updated: number;
  /** The store now holds every call up to the pass's end. */
  readonly complete: boolean;
  readonly requests: number;
  /** Stored calls the API no longer lists (deleted in the CRM), removed by the pass's check. */
  readonly removed?: number;
}

export type { CallLogFilter };
