// Filling the store from the API and keeping it current. No VS Code: the service runs it in the
// background (status bar, view message); the tests and the bench run it in plain Node.
//
// - First sync: newest first, in a window pinned at its start (the export's paging engine:
//   pages in flight, 429s waited out, duplicates from shifting pages dropped, background
//   priority). Each page is stored in one transaction with the coverage it completes, so a kill
//   at any moment leaves a store that is consistent and says how far it got; the next pass
//   resumes with the window [0, coverage.from] (inclusive: ties are fetched again and deduplicated
//   by id).
// - Incremental: the window [coverage.to, now], widened back to the oldest stored call younger
//   than UNSETTLED_MS whose summary, extracted data or translation had not arrived yet (asked
//   for again). A settled store with nothing new costs one request. The coverage moves only once
//   the whole window is stored; until then each page records, in its transaction, how far down
//   the window it got (coverage.pending), so that a pass cut short (a kill, a cancel, a failure)
//   is resumed with the older part it did not reach, then the coverage moves to its end.
// - Check (every RECONCILE_EVERY_MS, once the first sync is complete): the calls stored before the
//   incremental window are counted against the API's total for the same dates, one request with
//   a page of one; a stretch whose counts differ is halved (by its stored calls) until it is
//   small, then read again in full: calls missing from the store are added (a call logged late,
//   after the window had passed it) and stored calls the API no longer lists are removed (deleted
//   in the CRM), but only when the stretch was read exactly (its total unchanged, every call once).
//   Counts cannot see a deletion and a late call that offset each other in one stretch; calls are
//   rarely logged late, and deletions alone always show.
// - Agents: the full list each pass; agents gone from it are flagged deleted.
import type { Agent, CallLog } from '../../api/schemas';
import { callLogPages, EXPORT_PAGE_SIZE, EXPORT_RETRY_POLICY, type CallLogPager, type PagingSummary } from '../../api/exportPaging';
import type { CallLogFilter } from '../../api/callLogQuery';
import { ApiError } from '../../api/errors';
import type { RetryPolicy } from '../../api/retry';
import { UNSETTLED_MS, type CoverageUpdate, type PutResult, type SqliteCallStore } from './callStore';
import type { SyncProgress, SyncResult } from './types';

/** What the sync needs from the API client (VoiceAiClient satisfies it). */
export interface SyncClient extends CallLogPager {
  listAgents(query?: string, signal?: AbortSignal): Promise<Agent[]>;
}

export interface SyncOptions {
  /** Cancels the pass: it rejects with an AbortError (or the signal's ExportStoppedError); what was stored stays. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Pages in flight (default: the export's). */
  readonly concurrency?: number;
  /** Default: the export's policy (429s waited out, resets and 5xx retried). */
  readonly retry?: RetryPolicy;
  /** How far back calls still filling in are asked for again (default UNSETTLED_MS, 2 h). */
  readonly unsettledMs?: number;
  /** How often the stored calls are checked against the API's counts (default RECONCILE_EVERY_MS; 0: every pass). */
  readonly reconcileEveryMs?: number;
  /** For tests: the clock that pins the windows (default Date.now). */
  readonly clock?: () => number;
}

/** The store was cleared (Clear Local Data) while a sync ran: it stops rather than claim calls it no longer holds. */
export class StoreClearedError extends Error {
  override readonly name = 'StoreClearedError';
  constructor() {
    super('The local call store was cleared during the sync.');
  }
}

/** Calls a pass hands back in SyncResult.added (the newest; addedCount counts them all). */
const ADDED_KEPT = 200;

/** How often a pass checks the stored calls against the API's counts: one request when nothing changed. */
export const RECONCILE_EVERY_MS = 6 * 3_600_000;
/** Requests one check may spend; stretches it did not reach wait for the next pass. */
const RECONCILE_BUDGET = 100;
/** A stretch holding at most this many calls (the API's and the store's together) is read again rather than halved. */
const REREAD_MAX_CALLS = 200;

export interface StoreSyncResult extends SyncResult {
  /** Calls stored for the first time by the whole pass (SyncResult.added holds the newest of the incremental part). */
  readonly addedCount: number;
  /** Stored calls the API no longer lists, removed by the check. */
  readonly removed: number;
}

/** Brings the store up to date: agents, then new calls, then (until complete) older ones. */
export async function syncCalls(store: SqliteCallStore, client: SyncClient, options: SyncOptions = {}): Promise<StoreSyncResult> {
  const { signal } = options;
  const clock = options.clock ?? Date.now;
  let requests = 0;
  const pager: CallLogPager = {
    fetchCallLogsPage: (filter, page, pageSignal, requestOptions) => {
      requests++;
      return client.fetchCallLogsPage(filter, page, pageSignal, requestOptions);
    },
  };
  signal?.throwIfAborted();
  const agents = await client.listAgents(undefined, signal);
  requests += Math.max(1, Math.ceil(agents.length / EXPORT_PAGE_SIZE));
  store.putAgents(agents);

  const added: CallLog[] = [];
  let addedCount = 0;
  let updated = 0;
  let removed = 0;
  const coverage = store.coverage();
  const generation = store.generation;

  if (coverage.to !== undefined) {
    const onStored = (callLogs: readonly CallLog[], put: PutResult) => {
      const fresh = new Set(put.added);
      for (const callLog of callLogs) if (fresh.has(callLog.id) && added.length < ADDED_KEPT) added.push(callLog);
    };
    let to = coverage.to;
    const cut = coverage.pending;
    if (cut) {
      // A pass cut short: the part of its window it did not reach, then the coverage moves to its end.
      if (cut.reached > cut.start) {
        const rest = await storeWindow(store, pager, { startDate: cut.start, endDate: cut.reached }, 'incremental', clock(), options, {
          onStored,
          coverageWith: pendingWith(store, cut.start, cut.end),
        });
        addedCount += rest.added;
        updated += rest.updated;
      }
      if (store.generation !== generation) throw new StoreClearedError();
      to = Math.max(to, cut.end);
      store.updateCoverage({ to, pending: null });
    }
    // Incremental: what is newer than the coverage, and recent calls still filling in.
    const now = clock();
    const unsettled = store.oldestUnsettledSince(now - (options.unsettledMs ?? UNSETTLED_MS));
    const startDate = Math.min(to, unsettled ?? Infinity);
    if (startDate < now) {
      const pass = await storeWindow(store, pager, { startDate, endDate: now }, 'incremental', now, options, {
        onStored,
        coverageWith: pendingWith(store, startDate, now),
      });
      addedCount += pass.added;
      updated += pass.updated;
    }
    if (store.generation !== generation) throw new StoreClearedError();
    store.updateCoverage({ to: Math.max(to, now), lastSyncedAt: now, pending: null });

    if (coverage.complete && now - (coverage.reconciledAt ?? -Infinity) >= (options.reconcileEveryMs ?? RECONCILE_EVERY_MS) && startDate > 1) {
      const check = await reconcile(store, pager, { startDate: 0, endDate: startDate - 1 }, now, options);
      addedCount += check.added;
      updated += check.updated;
      removed += check.removed;
      if (store.generation !== generation) throw new StoreClearedError();
      if (check.finished) store.updateCoverage({ reconciledAt: now });
    }
  }

  if (!coverage.complete) {
    // First sync (or its resumption): newest first down to the oldest call, the coverage growing page by page.
    const current = store.coverage();
    const now = clock();
    const endDate = current.from ?? now;
    const pass = await storeWindow(store, pager, { startDate: 0, endDate }, 'initial', now, options, {
      coverageWith: (callLogs) => {
        const oldest = oldestOf(callLogs);
        const stored = store.coverage();
        // Every call newer than the page's oldest is stored; calls at that same millisecond may continue on the next page.
        return { from: Math.min(stored.from ?? Infinity, oldest + 1), to: stored.to ?? now };
      },
    });
    addedCount += pass.added;
    updated += pass.updated;
    if (store.generation !== generation) throw new StoreClearedError();
    // Every call was just read: as good as a check.
    store.updateCoverage({ from: 0, to: store.coverage().to ?? now, complete: true, lastSyncedAt: clock(), reconciledAt: now });
  }
  return { added, addedCount, updated, removed, complete: true, requests };
}

/** The creation time of a page's oldest call. */
function oldestOf(callLogs: readonly CallLog[]): number {
  return Math.min(...callLogs.map((c) => Date.parse(c.createdAt)));
}

/**
 * How an incremental pass over [start, end] records, with each page, how far down it got: every
 * call newer than the page's oldest is stored; calls at that same millisecond may continue on the
 * next page.
 */
function pendingWith(store: SqliteCallStore, start: number, end: number): (callLogs: readonly CallLog[]) => CoverageUpdate {
  return (callLogs) => ({ pending: { start, end, reached: Math.min(store.coverage().pending?.reached ?? end, oldestOf(callLogs) + 1) } });
}

interface CheckResult extends WindowResult {
  removed: number;
  /** Every stretch was checked (false: the budget ran out, or a re-read was not exact). */
  finished: boolean;
}

/**
 * Whether halving a stretch whose counts differ should cost fewer requests than reading it again:
 * each differing call costs two counts per halving down to a small stretch, then that stretch's pages.
 */
function cheaperToHalve(serverTotal: number, storedCount: number): boolean {
  const calls = serverTotal + storedCount;
  if (calls <= REREAD_MAX_CALLS) return false;
  const differing = Math.abs(serverTotal - storedCount);
  const halvings = Math.log2(calls / REREAD_MAX_CALLS);
  return differing * (2 * halvings + REREAD_MAX_CALLS / EXPORT_PAGE_SIZE) < Math.ceil(serverTotal / EXPORT_PAGE_SIZE);
}

/**
 * Compares the stored calls of `window` with the API's, by counts first (one request per stretch,
 * a page of one call), and reads again in full the small stretches that differ.
 */
async function reconcile(
  store: SqliteCallStore,
  pager: CallLogPager,
  window: Required<Pick<CallLogFilter, 'startDate' | 'endDate'>>,
  pinnedAt: number,
  options: SyncOptions,
): Promise<CheckResult> {
  const result: CheckResult = { added: 0, updated: 0, removed: 0, finished: true };
  const requestOptions = { priority: 'background' as const, retry: options.retry ?? EXPORT_RETRY_POLICY };
  let requests = 0;
  // Newest first, as the rest of the sync: the stretches people look at most are mended first.
  const stack = [window];
  while (stack.length > 0) {
    options.signal?.throwIfAborted();
    if (requests >= RECONCILE_BUDGET) {
      result.finished = false;
      break;
    }
    const stretch = stack.pop()!;
    const { startDate, endDate } = stretch;
    const received = await pager.fetchCallLogsPage({ startDate, endDate, pageSize: 1 }, 1, options.signal, requestOptions);
    requests++;
    let serverTotal: number | undefined;
    try {
      serverTotal = received.read().total;
    } catch (error) {
      // A malformed answer: the check is left for the next pass rather than failing a sync that stored its new calls.
      if (!(error instanceof ApiError) || error.kind !== 'badResponse') throw error;
      result.finished = false;
      break;
    }
    // An answer without a total cannot be checked: nothing to do until the API gives one.
    if (serverTotal === undefined) break;
    const storedCount = store.countCreatedBetween(startDate, endDate);
    if (serverTotal === storedCount) continue;
    if (cheaperToHalve(serverTotal, storedCount) && endDate - startDate >= 3) {
      // Halved at the middle stored call (by time when few are stored): years without calls cost nothing.
      const split = storedCount >= 2 ? (store.createdAtByRank(startDate, endDate, storedCount >> 1) ?? startDate) - 1 : startDate + Math.floor((endDate - startDate) / 2);
      const middle = Math.min(Math.max(split, startDate + 1), endDate - 2);
      stack.push({ startDate, endDate: middle }, { startDate: middle + 1, endDate });
      continue;
    }
    const stored = store.idsCreatedBetween(startDate, endDate);
    const listed = new Set<string>();
    const reread = await storeWindow(store, pager, stretch, 'incremental', pinnedAt, options, {
      onStored: (callLogs) => callLogs.forEach((c) => listed.add(c.id)),
    });
    requests += Math.max(1, Math.ceil(reread.summary.count / EXPORT_PAGE_SIZE));
    result.added += reread.added;
    result.updated += reread.updated;
    const exact = !reread.summary.totalChangedBetweenPages && reread.summary.lastServerTotal === listed.size;
    if (exact) result.removed += store.removeCallLogs(stored.filter((id) => !listed.has(id)));
    else result.finished = false;
  }
  return result;
}

interface WindowResult {
  added: number;
  updated: number;
}

interface StoredWindow extends WindowResult {
  readonly summary: PagingSummary;
}

interface WindowHooks {
  /** How the coverage moves with a page: written in the page's transaction. */
  readonly coverageWith?: (callLogs: readonly CallLog[]) => CoverageUpdate;
  readonly onStored?: (callLogs: readonly CallLog[], put: PutResult) => void;
}

/** Stores every call of the window [startDate, endDate], page by page in the API's order (newest first). */
async function storeWindow(
  store: SqliteCallStore,
  pager: CallLogPager,
  window: Required<Pick<CallLogFilter, 'startDate' | 'endDate'>>,
  phase: SyncProgress['phase'],
  pinnedAt: number,
  options: SyncOptions,
  hooks: WindowHooks,
): Promise<StoredWindow> {
  const summary: PagingSummary = { count: 0, firstServerTotal: undefined, lastServerTotal: undefined, totalChangedBetweenPages: false, duplicatesSkipped: 0 };
  const result: WindowResult = { added: 0, updated: 0 };
  let done = 0;
  const generation = store.generation;
  const pages = callLogPages(
    {
      pager,
      filter: window,
      signal: options.signal,
      concurrency: options.concurrency,
      retry: options.retry,
      clock: () => pinnedAt,
      onProgress: (progress) => options.onProgress?.({ phase, done, total: progress.total, waitingUntil: progress.waiting?.until }),
    },
    summary,
  );
  for await (const callLogs of pages) {
    if (callLogs.length === 0) continue;
    if (store.generation !== generation) throw new StoreClearedError();
    const put = store.putPage(callLogs, hooks.coverageWith?.(callLogs));
    hooks.onStored?.(callLogs, put);
    result.added += put.added.length;
    result.updated += put.updated;
    done += callLogs.length;
    options.onProgress?.({ phase, done, total: summary.lastServerTotal });
  }
  return { ...result, summary };
}

/** What one watch poll found. */
export interface PollResult {
  /** Calls not stored before, newest first. */
  readonly added: readonly CallLog[];
  /** Every call of the newest page was new: more may have arrived than one page holds (run syncCalls). */
  readonly gap: boolean;
  readonly requests: number;
}

/**
 * The watch: ONE request (the newest page of 50), stored. When that page reaches into the
 * coverage, the coverage moves up to the moment the request was sent (every call created before
 * it is on the page or already stored), so local answers stay current without a sync.
 */
export async function pollNewestCalls(store: SqliteCallStore, client: CallLogPager, signal?: AbortSignal, clock: () => number = Date.now): Promise<PollResult> {
  const sentAt = clock();
  const received = await client.fetchCallLogsPage({ pageSize: EXPORT_PAGE_SIZE }, 1, signal, { priority: 'background' });
  const page = received.read();
  const coverage = store.coverage();
  let update: CoverageUpdate | undefined;
  if (coverage.to !== undefined) {
    const oldest = Math.min(...page.callLogs.map((c) => Date.parse(c.createdAt)));
    const wholeList = page.callLogs.length < page.pageSize;
    // The page holds every call created after its oldest (ties at that millisecond may spill onto page 2).
    if (wholeList || oldest < coverage.to) update = { to: Math.max(coverage.to, sentAt) };
  }
  const put = store.putPage(page.callLogs, update);
  const fresh = new Set(put.added);
  return {
    added: page.callLogs.filter((c) => fresh.has(c.id)),
    gap: page.callLogs.length >= page.pageSize && put.added.length === page.callLogs.length,
    requests: 1,
  };
}
