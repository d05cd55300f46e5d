// The VS Code side of the local call store: one store per account (base URL + location id) in a
// folder of its own under the extension's globalStorageUri (never the workspace), opened on first
// use; sample data's store in a temporary folder, removed when sample data stops. Schedules the syncs
// (background requests: what the user clicks goes first) and tells the views when data changed.
// The engine (the other files of this folder) knows nothing of VS Code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CallLog } from '../../api/schemas';
import type { CallLogFilter } from '../../api/callLogQuery';
import type { ConnectionService } from '../index';
import type { Settings } from '../settings';
import { failureKind, failureMessage } from '../errors';
import { loadStoreEngine, type StoreEngine } from './engineLoader';
import { makeTemporaryStoreFolder } from './temporary';
import type { CallStore, StoreAccount, SyncProgress, SyncResult } from './types';

/** Why the store answers nothing: the setting is off, no account is set, or the engine cannot run here. */
export type StoreAbsence = 'off' | 'noAccount' | 'unavailable';

export interface StoreDataChange {
  /** What changed the data: a sync pass, the watch's look at the newest calls, or Clear Local Data. */
  readonly reason: 'initial' | 'incremental' | 'watch' | 'clear' | 'closed';
  /** Calls stored for the first time, newest first. */
  readonly added: readonly CallLog[];
  readonly updated: number;
}

/** Who asked for a sync: the start rule, the user (Sync Now, Refresh), or the watch. */
export type SyncTrigger = 'start' | 'user';

/** An export is answered by a store synced at most this long ago (see covering()). */
const EXPORT_MAX_AGE_MS = 10 * 60_000;
const UNAVAILABLE_NOTICE_KEY = 'voiceAi.store.unavailableNoticeFor';

interface OpenStore {
  readonly key: string;
  readonly account: StoreAccount;
  readonly temporary: boolean;
  /** The database file (sample data: in a temporary folder, removed on close). */
  readonly file?: string;
  readonly store?: CallStore;
  /** Why it could not be opened (engine unavailable here). */
  readonly unavailable?: string;
}

interface RunningSync {
  readonly key: string;
  readonly abort: AbortController;
  readonly promise: Promise<SyncResult | undefined>;
  progress?: SyncProgress;
}

/** When the store was last known to hold every call up to now: its last sync, or a watch look that joined up with it. */
export function lastCurrent(store: CallStore): number {
  const { lastSyncedAt, to } = store.coverage();
  return Math.max(lastSyncedAt ?? 0, to ?? 0);
}

export class LocalStore implements vscode.Disposable {
  private readonly dataEmitter = new vscode.EventEmitter<StoreDataChange>();
  /** Calls were added, updated or removed: views that read the store read again. */
  readonly onDidChangeData = this.dataEmitter.event;
  private readonly syncEmitter = new vscode.EventEmitter<void>();
  /** A sync started, progressed or ended (status bar, the view's message). */
  readonly onDidChangeSync = this.syncEmitter.event;
  private current: OpenStore | undefined;
  private running: RunningSync | undefined;
  private engine: StoreEngine | undefined;
  private engineProblem: string | undefined;
  private noticeShown = false;
  private startChecked = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  /** Test builds: pretend the engine cannot run here (there is no Node without node:sqlite to run the tests in). */
  declare forcedUnavailable: string | undefined;
  /** Test builds: the last notice shown (the tests cannot read notifications). */
  declare lastNotice: string | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly connection: ConnectionService,
    private readonly settings: Settings,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      connection.onDidChange(() => this.accountMayHaveChanged()),
      settings.onDidChange(() => this.accountMayHaveChanged()),
    );
  }

  /** The account the connection points at now, and whether its store is temporary (sample data). */
  private target(): { key: string; account: StoreAccount; temporary: boolean } | undefined {
    const info = this.connection.info();
    if (!info) return undefined;
    const account: StoreAccount = { baseUrl: info.baseUrl, locationId: info.locationId };
    return { key: `${info.sampleData ? 'sample' : 'account'}|${account.baseUrl}|${account.locationId}`, account, temporary: info.sampleData };
  }

  private accountMayHaveChanged(): void {
    const target = this.settings.storeEnabled() ? this.target() : undefined;
    if (this.current && this.current.key !== target?.key) {
      this.close('closed');
    }
  }

  /** Why get() answers nothing now, or undefined when it answers. */
  absence(): StoreAbsence | undefined {
    if (!this.settings.storeEnabled()) return 'off';
    if (!this.target()) return 'noAccount';
    return this.open()?.store ? undefined : 'unavailable';
  }

  /** Why the engine cannot run here (for messages), when it cannot. */
  unavailableReason(): string | undefined {
    return this.open()?.unavailable;
  }

  /** The account's store, opened on first use; undefined when off, without an account, or unavailable here. */
  get(): CallStore | undefined {
    if (!this.settings.storeEnabled()) return undefined;
    return this.open()?.store;
  }

  /**
   * The store, when it answers `filter` exactly as the API did at its last sync. The views take
   * that answer however old (the sync at start and the watch keep it current, and the newest calls
   * come on top as they arrive); an export only from a store synced in the last 10 minutes, else it
   * asks the API.
   */
  covering(filter: CallLogFilter, purpose: 'view' | 'export'): CallStore | undefined {
    const store = this.get();
    if (!store) return undefined;
    const maxAgeMs = purpose === 'view' ? Number.POSITIVE_INFINITY : EXPORT_MAX_AGE_MS;
    return (store as CallStore & { covers(filter: CallLogFilter, options?: { maxAgeMs?: number }): boolean }).covers(filter, { maxAgeMs }) ? store : undefined;
  }

  /** The file of the store in use, when the store is on and its file exists (the MCP server reads it). */
  fileInUse(): string | undefined {
    if (!this.get()) return undefined;
    const file = this.current?.file;
    return file !== undefined && fs.existsSync(file) ? file : undefined;
  }

  /** True when the store in use is sample data's temporary one. */
  isTemporary(): boolean {
    return this.current?.temporary ?? false;
  }

  private open(rebuild = false): OpenStore | undefined {
    const target = this.target();
    if (!target) return undefined;
    if (this.current?.key === target.key) return this.current;
    if (this.current) this.close('closed');
    const started = performance.now();
    let opened: OpenStore;
    const problem = this.loadEngine();
    if (problem) {
      opened = { ...target, unavailable: problem };
    } else {
      try {
        const file = this.engine!.fileFor(target.temporary ? makeTemporaryStoreFolder() : this.storesFolder(), target.account);
        if (!target.temporary) fs.mkdirSync(path.dirname(file), { recursive: true });
        const result = this.engine!.open(file, target.account, { rebuild, onDamaged: (error) => this.damaged(target.key, error) });
        if ('problem' in result) throw new Error(result.problem);
        const { store } = result;
        if (rebuild) this.log.warn('Local store: the file was found damaged and was replaced by an empty one; the next sync fills it.');
        else if (result.rebuilt) this.log.warn(`Local store: the file was unusable (${result.rebuilt}) and was replaced by an empty one; the next sync fills it.`);
        opened = { ...target, store, file };
        const coverage = store.coverage();
        // Counts only: nothing of the calls themselves reaches the log.
        this.log.info(
          `Local store opened${target.temporary ? ' (sample data, temporary)' : ''} in ${Math.round(performance.now() - started)} ms: ${coverage.callCount} calls, ${coverage.complete ? 'complete' : 'not complete yet'}${coverage.lastSyncedAt ? `, last synced ${new Date(coverage.lastSyncedAt).toISOString()}` : ''}.`,
        );
      } catch (error) {
        opened = { ...target, unavailable: failureMessage(error) };
      }
    }
    this.current = opened;
    if (opened.unavailable) {
      this.log.warn(`Local store unavailable: ${opened.unavailable}`);
      this.showUnavailableNotice(opened.unavailable);
    } else {
      this.scheduleStartSync(target.key);
    }
    return opened;
  }

  /**
   * A query met a damaged file after it was opened: reopened empty (the call that met it failed
   * with StoreDamagedError, which says so), the views reset, and the sync refills it. Deferred: the
   * report comes from inside a call into the store.
   */
  private damaged(key: string, error: unknown): void {
    this.log.warn(`Local store: a query found the file damaged (${failureMessage(error)}).`);
    setTimeout(() => {
      if (this.current?.key !== key) return;
      this.close('closed');
      this.open(true);
    }, 0);
  }

  /** Where the accounts' stores live: the extension's global storage, never the workspace. */
  storesFolder(): string {
    return vscode.Uri.joinPath(this.context.globalStorageUri, 'stores').fsPath;
  }

  /** The engine module, or why it cannot be loaded here. */
  private loadEngine(): string | undefined {
    if (__TEST_HOOKS__ && this.forcedUnavailable) return this.forcedUnavailable;
    if (this.engine) return undefined;
    if (this.engineProblem) return this.engineProblem;
    const loaded = loadStoreEngine();
    if ('problem' in loaded) {
      this.engineProblem = loaded.problem;
      return loaded.problem;
    }
    this.engine = loaded;
    return undefined;
  }

  /** Once per VS Code version (a newer one may bring what was missing), never again in this session. */
  private showUnavailableNotice(reason: string): void {
    if (this.noticeShown) return;
    this.noticeShown = true;
    const shownFor = this.context.globalState.get<string>(UNAVAILABLE_NOTICE_KEY);
    if (!__TEST_HOOKS__ && shownFor === vscode.version) return;
    void this.context.globalState.update(UNAVAILABLE_NOTICE_KEY, vscode.version);
    const text = vscode.l10n.t(
      'Voice AI: the local call store cannot run in this VS Code ({0}). Everything works without it: the views ask the API as they go; search and the instant start need the store.',
      reason,
    );
    if (__TEST_HOOKS__) this.lastNotice = text;
    void vscode.window.showInformationMessage(text, vscode.l10n.t('Show Log')).then((choice) => choice && this.log.show(true));
  }

  // ---- sync ------------------------------------------------------------------------------

  /**
   * The rule at start (and when the account changes): a store never synced, or whose first sync
   * did not finish, syncs (resuming); otherwise only when its last sync is older than the watch
   * interval (60 s when the watch is off). So a reload right after a sync makes no request.
   */
  private scheduleStartSync(key: string): void {
    if (this.startChecked.has(key)) return;
    this.startChecked.add(key);
    clearTimeout(this.startTimer);
    // After the first paint: the views read the store first.
    this.startTimer = setTimeout(() => {
      if (this.current?.key !== key || !this.current.store) return;
      if (this.needsSyncAtStart(this.current.store)) void this.sync('start');
    }, 0);
  }

  needsSyncAtStart(store: CallStore, now = Date.now()): boolean {
    const coverage = store.coverage();
    if (coverage.lastSyncedAt === undefined || !coverage.complete) return true;
    const freshMs = (this.settings.watchIntervalSeconds() || 60) * 1000;
    return now - lastCurrent(store) >= freshMs;
  }

  /** The sync running now, with its progress. */
  syncing(): SyncProgress | { readonly phase: 'starting' } | undefined {
    return this.running ? (this.running.progress ?? { phase: 'starting' }) : undefined;
  }

  /**
   * Syncs the account's store: the first sync (resumed where it stopped) or an incremental one.
   * A sync already running is joined. Resolves undefined when there is nothing to sync with, or
   * it was cancelled; rejects with the API's failure when the user asked for it.
   */
  sync(trigger: SyncTrigger): Promise<SyncResult | undefined> {
    const open = this.settings.storeEnabled() ? this.open() : undefined;
    const store = open?.store;
    if (!open || !store) return Promise.resolve(undefined);
    if (this.running?.key === open.key) return this.running.promise;
    const abort = new AbortController();
    const run: RunningSync = {
      key: open.key,
      abort,
      promise: this.runSync(open.key, store, abort, trigger),
    };
    this.running = run;
    this.syncEmitter.fire();
    void run.promise.finally(() => {
      if (this.running === run) this.running = undefined;
      this.syncEmitter.fire();
    });
    return run.promise;
  }

  private async runSync(key: string, store: CallStore, abort: AbortController, trigger: SyncTrigger): Promise<SyncResult | undefined> {
    const started = performance.now();
    const phase = store.coverage().complete ? 'incremental' : 'initial';
    try {
      if ((await this.connection.status()) !== 'ready') return undefined;
      const client = await this.connection.getClient();
      if (abort.signal.aborted) return undefined;
      const result = await this.engine!.sync(store, client, {
        signal: abort.signal,
        // Sync Now also checks the stored calls against the API's counts (else every few hours).
        reconcileEveryMs: trigger === 'user' ? 0 : undefined,
        onProgress: (progress) => {
          if (this.running?.abort !== abort) return;
          this.running.progress = progress;
          this.syncEmitter.fire();
        },
      });
      if (abort.signal.aborted || this.current?.key !== key) return undefined;
      this.log.info(
        `Local store: ${phase} sync ${result.complete ? 'done' : 'stopped before the oldest call'} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${result.addedCount} new, ${result.updated} updated, ${result.removed} removed (no longer listed by the API), ${result.requests} requests; ${store.coverage().callCount} calls stored.`,
      );
      if (result.added.length > 0 || result.updated > 0 || result.removed > 0 || phase === 'initial') {
        this.dataEmitter.fire({ reason: phase, added: result.added, updated: result.updated });
      }
      return result;
    } catch (error) {
      if (abort.signal.aborted || failureKind(error) === 'aborted') {
        this.log.info(`Local store: ${phase} sync cancelled; the next one resumes where it stopped.`);
        return undefined;
      }
      this.log.warn(`Local store: ${phase} sync failed: ${failureMessage(error)}`);
      if (trigger === 'user') throw error;
      return undefined;
    }
  }

  /** Stops the running sync (its progress is kept: the next one resumes). */
  cancelSync(): void {
    this.running?.abort.abort();
  }

  /**
   * The watch's one request: the newest page, stored. Returns the calls stored for the first
   * time, newest first; undefined when the store cannot answer (the watch asks the API itself).
   */
  async pollNewest(signal: AbortSignal): Promise<readonly CallLog[] | undefined> {
    const store = this.get();
    if (!store || !this.current) return undefined;
    const key = this.current.key;
    const client = await this.connection.getClient();
    const result = await this.engine!.poll(store, client, { signal });
    if (signal.aborted || this.current?.key !== key) return [];
    if (result.added.length > 0 || result.updated > 0) {
      this.dataEmitter.fire({ reason: 'watch', added: result.added, updated: result.updated });
    }
    // More calls came than one page holds: the sync fetches the rest (it announces them itself).
    if (result.gap) void this.sync('start');
    return result.added;
  }

  /** Empties the account's store (Clear Local Data, Clear API Token). False when there was none to empty. */
  async clear(): Promise<boolean> {
    const open = this.settings.storeEnabled() ? this.open() : undefined;
    if (!open?.store) return this.clearOnDisk();
    this.cancelSync();
    await this.running?.promise.catch(() => undefined);
    open.store.clear();
    this.log.info('Local store: cleared by the user.');
    this.dataEmitter.fire({ reason: 'clear', added: [], updated: 0 });
    return true;
  }

  /** With the store off, the account's file may still hold an older store: removed. */
  private async clearOnDisk(): Promise<boolean> {
    const target = this.target();
    if (!target || target.temporary || this.loadEngine()) return false;
    const file = this.engine!.fileFor(this.storesFolder(), target.account);
    if (!fs.existsSync(file)) return false;
    this.engine!.remove(file);
    this.log.info('Local store: its file was removed.');
    return true;
  }

  private close(reason: 'closed'): void {
    const old = this.current;
    this.current = undefined;
    if (this.running && this.running.key === old?.key) {
      this.running.abort.abort();
      this.running = undefined;
      this.syncEmitter.fire();
    }
    if (old?.store) {
      try {
        old.store.close();
        // Sample data's store is gone with sample data.
        if (old.temporary && old.file) fs.rmSync(path.dirname(old.file), { recursive: true, force: true });
      } catch (error) {
        this.log.warn(`Local store: closing failed: ${failureMessage(error)}`);
      }
      this.startChecked.delete(old.key);
      this.dataEmitter.fire({ reason, added: [], updated: 0 });
    }
  }

  dispose(): void {
    clearTimeout(this.startTimer);
    this.running?.abort.abort();
    const old = this.current;
    this.current = undefined;
    try {
      old?.store?.close();
      if (old?.temporary && old.file) fs.rmSync(path.dirname(old.file), { recursive: true, force: true });
    } catch {
      /* closing at shutdown: nothing to tell anyone */
    }
    this.disposables.forEach((d) => d.dispose());
    this.dataEmitter.dispose();
    this.syncEmitter.dispose();
  }
}
