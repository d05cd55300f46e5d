// The watch for new calls: while VS Code is focused, one look at the newest page per interval
// (voiceAi.watch.intervalSeconds; 0 = off) per location, whatever the store's size. With the
// local store the page goes into it (the store says which calls are new); without it, the ids
// of the newest page seen last time tell. New calls are announced to the view (top of the lists,
// the badge) and, for watched agents, as notifications with Open.
//
// Seen/unseen: a call the watch (or an incremental sync) brought in is unseen until it is opened,
// or until the view is shown again after being hidden (then all of them count as seen).
import * as vscode from 'vscode';
import type { CallLog } from '../../api/schemas';
import type { ConnectionService } from '../index';
import type { Settings } from '../settings';
import { failureKind, failureMessage } from '../errors';
import type { LocalStore } from '../store/service';

const WATCHED_AGENTS_KEY = 'voiceAi.watch.agents';

export class CallWatch implements vscode.Disposable {
  private readonly newEmitter = new vscode.EventEmitter<readonly CallLog[]>();
  /** New calls, newest first (after the store, if any, took them in). */
  readonly onDidFindNewCalls = this.newEmitter.event;
  private readonly unseenEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeUnseen = this.unseenEmitter.event;
  private readonly watchedEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeWatched = this.watchedEmitter.event;
  private readonly unseenIds = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastPollAt = 0;
  private polling: Promise<readonly CallLog[]> | undefined;
  private abort = new AbortController();
  /** Without the store: ids of the newest page last seen (undefined until the first look). */
  private known: Set<string> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Looks made (test builds: the tests count them). */
  declare polls: number;

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly connection: ConnectionService,
    private readonly settings: Settings,
    private readonly store: LocalStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    if (__TEST_HOOKS__) this.polls = 0;
    this.disposables.push(
      vscode.window.onDidChangeWindowState(() => this.schedule()),
      settings.onDidChange(() => this.schedule()),
      connection.onDidChange(() => {
        // Another account: what was seen and unseen belongs to the old one.
        this.abort.abort();
        this.abort = new AbortController();
        this.known = undefined;
        this.lastPollAt = Date.now();
        this.markAllSeen();
        this.watchedEmitter.fire();
        this.schedule();
      }),
      // An incremental sync (start, Sync Now, Refresh) brings new calls too.
      store.onDidChangeData((change) => {
        if (change.reason === 'incremental' && change.added.length > 0) this.announce(change.added);
        if (change.reason === 'incremental' || change.reason === 'initial') this.lastPollAt = Date.now();
        if (change.reason === 'clear') this.markAllSeen();
      }),
    );
  }

  /**
   * Starts the timer: the first look one interval after activation (the store is not opened for it;
   * a store last synced longer ago syncs when it opens, see LocalStore).
   */
  start(): void {
    this.lastPollAt = Date.now();
    this.schedule();
  }

  private intervalMs(): number {
    return this.settings.watchIntervalSeconds() * 1000;
  }

  private lastSaid = '';

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const interval = this.intervalMs();
    const said = interval === 0 ? 'Watch: off.' : `Watch: every ${interval / 1000} s while VS Code has focus${vscode.window.state.focused ? '' : ' (paused: no focus)'}.`;
    if (said !== this.lastSaid) {
      this.lastSaid = said;
      this.log.info(said);
    }
    // Unfocused: no request; the look is due again when the window regains focus.
    if (interval === 0 || !vscode.window.state.focused) return;
    const wait = Math.max(0, this.lastPollAt + interval - Date.now());
    this.timer = setTimeout(() => void this.tick(), wait);
  }

  private async tick(): Promise<void> {
    try {
      await this.poll();
    } catch (error) {
      if (failureKind(error) !== 'aborted') this.log.warn(`Watch: looking for new calls failed: ${failureMessage(error)}`);
    } finally {
      this.schedule();
    }
  }

  /** One look at the newest page now (the timer's, and tests'). Resolves with the new calls. */
  poll(): Promise<readonly CallLog[]> {
    this.polling ??= this.look().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async look(): Promise<readonly CallLog[]> {
    this.lastPollAt = Date.now();
    if ((await this.connection.status()) !== 'ready') return [];
    // The first sync is bringing the newest calls anyway.
    if (this.store.syncing()) return [];
    const signal = this.abort.signal;
    if (__TEST_HOOKS__) this.polls++;
    let added = await this.store.pollNewest(signal);
    if (added === undefined) added = await this.lookAtApi(signal);
    if (signal.aborted) return [];
    if (added.length > 0) {
      this.log.info(`Watch: ${added.length} new call${added.length === 1 ? '' : 's'}.`);
      this.announce(added);
    }
    return added;
  }

  /** Without the store: the newest page, compared with the one seen last time (one request). */
  private async lookAtApi(signal: AbortSignal): Promise<readonly CallLog[]> {
    const client = await this.connection.getClient();
    const page = (await client.fetchCallLogsPage({ pageSize: 50 }, 1, signal, { priority: 'background' })).read();
    if (signal.aborted) return [];
    const previous = this.known;
    this.known = new Set(page.callLogs.map((c) => c.id));
    if (!previous) return [];
    const newestSeen = Math.max(0, ...page.callLogs.filter((c) => previous.has(c.id)).map((c) => Date.parse(c.createdAt)));
    // New: not on the last page seen and not older than what was seen (a page that moved up is no news).
    return page.callLogs.filter((c) => !previous.has(c.id) && Date.parse(c.createdAt) >= newestSeen);
  }

  private announce(calls: readonly CallLog[]): void {
    for (const call of calls) this.unseenIds.add(call.id);
    this.unseenEmitter.fire();
    this.newEmitter.fire(calls);
  }

  // ---- unseen ------------------------------------------------------------------------------

  unseenCount(): number {
    return this.unseenIds.size;
  }

  isUnseen(callId: string): boolean {
    return this.unseenIds.has(callId);
  }

  markSeen(callId: string): void {
    if (this.unseenIds.delete(callId)) this.unseenEmitter.fire();
  }

  markAllSeen(): void {
    if (this.unseenIds.size === 0) return;
    this.unseenIds.clear();
    this.unseenEmitter.fire();
  }

  // ---- watched agents (kept per account, across reloads) -------------------------------------

  private accountKey(): string | undefined {
    const info = this.connection.info();
    return info ? `${info.sampleData ? 'sample' : 'account'}|${info.baseUrl}|${info.locationId}` : undefined;
  }

  private watchedMap(): Record<string, string[]> {
    return this.globalState.get<Record<string, string[]>>(WATCHED_AGENTS_KEY) ?? {};
  }

  watchedAgentIds(): ReadonlySet<string> {
    const key = this.accountKey();
    return new Set(key ? (this.watchedMap()[key] ?? []) : []);
  }

  isWatched(agentId: string): boolean {
    return this.watchedAgentIds().has(agentId);
  }

  async setWatched(agentId: string, watched: boolean): Promise<void> {
    const key = this.accountKey();
    if (!key) return;
    const map = this.watchedMap();
    const ids = new Set(map[key] ?? []);
    if (watched) ids.add(agentId);
    else ids.delete(agentId);
    if (ids.size > 0) map[key] = [...ids];
    else delete map[key];
    await this.globalState.update(WATCHED_AGENTS_KEY, map);
    this.watchedEmitter.fire();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.abort.abort();
    this.disposables.forEach((d) => d.dispose());
    this.newEmitter.dispose();
    this.unseenEmitter.dispose();
    this.watchedEmitter.dispose();
  }
}
