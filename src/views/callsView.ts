// The "Agents & Calls" tree. Loads lazily: nothing is requested until VS Code asks for children
// (the view is visible and a node is expanded). Roots cost the agent list (cached by the agent
// directory); expanding an agent or "All calls" costs exactly one call-logs request; "Load more"
// one more; opening a call none (the node holds the whole call log).
import * as vscode from 'vscode';
import type { CallLog } from '../api/schemas';
import type { CallLogFilter } from '../api/callLogQuery';
import type { CallStore, SearchHit } from '../services/store/types';
import type { Services } from '../services';
import { failureKind, failureMessage, isAuthFailure, isUnreachable, safeText } from '../services/errors';
import { ExpandedLists } from './expandedLists';
import { formatNumber } from '../shared/locale';
import {
  AgentNode,
  AllCallsNode,
  CallNode,
  ErrorNode,
  LoadMoreNode,
  MessageNode,
  SearchHitNode,
  agentTreeItem,
  allCallsTreeItem,
  callTreeItem,
  errorTreeItem,
  loadMoreTreeItem,
  messageTreeItem,
  searchHitTreeItem,
  type CallListNode,
  type CallsTreeNode,
} from './nodes';

export const VIEW_ID = 'voiceAi.calls';

/** The sync's progress in words, for the view's message (undefined when none runs). */
function syncText(services: Services): string | undefined {
  const sync = services.store.syncing();
  // Only the first sync (long) is said above the rows; a short incremental one would make the rows jump
  // twice for nothing (the status bar says it).
  if (!sync || sync.phase !== 'initial') return undefined;
  const done = formatNumber(sync.done);
  const text = sync.total === undefined ? vscode.l10n.t('Storing calls locally: {0}…', done) : vscode.l10n.t('Storing calls locally: {0} of {1}…', done, formatNumber(sync.total));
  return sync.waitingUntil !== undefined ? vscode.l10n.t('{0} (waiting for the rate limit)', text) : text;
}

/** Drives the welcome views (`voiceAi.state` context key). */
export type ViewState = 'idle' | 'loading' | 'ready' | 'noToken' | 'noLocation' | 'unauthorized' | 'unreachable' | 'noAgents' | 'error';

interface CallList {
  readonly calls: CallLog[];
  readonly ids: Set<string>;
  /** The server's count; undefined when it sent none we can use. */
  total: number | undefined;
  /** The filter the list was loaded with (the user's filter plus the list's agent). */
  readonly filter: CallLogFilter;
  /** Where its pages come from: the local store (no request) or the API. */
  source: 'store' | 'api';
  /** The server has nothing after what we hold. */
  exhausted: boolean;
  error?: unknown;
  moreError?: unknown;
  more?: LoadMoreNode;
}

export class CallsTreeProvider implements vscode.TreeDataProvider<CallsTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<CallsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly stateEmitter = new vscode.EventEmitter<ViewState>();
  readonly onDidChangeState = this.stateEmitter.event;

  private readonly allCalls = new AllCallsNode();
  private readonly agentNodes = new Map<string, AgentNode>();
  private readonly lists = new Map<string, CallList>();
  private readonly pending = new Map<string, Promise<void>>();
  private abort = new AbortController();
  private currentState: ViewState = 'idle';
  private lastRootError: unknown;
  private search: { readonly query: string; readonly hits: readonly SearchHit[]; readonly limit: number; readonly note?: string } | undefined;

  /** Logged once: how long after activation the first list came from the local store (the warm start; the bench reads it). */
  private warmStartLogged = false;
  /** Marks of the warm start (ms after activation): where its time went, ours or VS Code's. */
  private readonly firstAsked: { roots?: number; agents?: number; list?: number; prefetched?: number } = {};
  private settleFirstRows!: (how: FirstRows) => void;
  /**
   * Settles once the restored view's first rows are answered: the agents, and the first list
   * left open when there is one. Settles at once when they are not at hand (a request is due).
   */
  readonly firstRowsAnswered = new Promise<FirstRows>((resolve) => (this.settleFirstRows = resolve));

  constructor(
    private readonly services: Services,
    /** The lists left open, restored as expanded after a reload. */
    readonly expanded: ExpandedLists,
    /** performance.now() when activate() began. */
    private readonly activatedAt = performance.now(),
  ) {}

  get state(): ViewState {
    return this.currentState;
  }

  /** The last failure of the root (agent list), for tests and the welcome views. */
  get rootError(): unknown {
    return this.lastRootError;
  }

  private setState(state: ViewState): void {
    if (state !== this.currentState) {
      this.currentState = state;
      void vscode.commands.executeCommand('setContext', 'voiceAi.state', state);
      this.stateEmitter.fire(state);
    }
  }

  /** Forgets loaded data and redraws; `reloadAgents` also refetches the agent list. */
  reset(reloadAgents: boolean): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.lists.clear();
    this.pending.clear();
    if (reloadAgents) {
      this.services.agents.invalidate();
    }
    this.changeEmitter.fire(undefined);
  }

  /** Redraws rows without refetching (e.g. the time zone changed). */
  redraw(): void {
    this.changeEmitter.fire(undefined);
  }

  getTreeItem(node: CallsTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'agent':
        return agentTreeItem(node, this.services.watch.isWatched(node.agentId), this.expanded.has(node.id));
      case 'allCalls':
        return allCallsTreeItem(node, this.expanded.has(node.id));
      case 'call':
        return callTreeItem(node, {
          timeZone: this.services.settings.timeZone(),
          agentName: node.parent.kind === 'allCalls' ? this.services.agents.nameOf(node.callLog.agentId) : undefined,
          agentDeleted: this.services.agents.isDeleted(node.callLog.agentId),
          unseen: this.services.watch.isUnseen(node.callLog.id),
        });
      case 'searchHit':
        return searchHitTreeItem(node, {
          timeZone: this.services.settings.timeZone(),
          agentName: this.services.agents.nameOf(node.callLog.agentId),
          agentDeleted: this.services.agents.isDeleted(node.callLog.agentId),
        });
      case 'loadMore':
        return loadMoreTreeItem(node);
      case 'error':
        return errorTreeItem(node);
      case 'message':
        return messageTreeItem(node);
    }
  }

  getParent(node: CallsTreeNode): CallsTreeNode | undefined {
    return node.kind === 'agent' || node.kind === 'allCalls' || node.kind === 'searchHit' ? undefined : node.parent;
  }

  async getChildren(node?: CallsTreeNode): Promise<CallsTreeNode[]> {
    try {
      this.firstAsked[node ? 'list' : 'roots'] ??= Math.round(performance.now() - this.activatedAt);
      if (!node) {
        if (this.search) return this.searchRoots(this.search);
        if (!this.services.agents.listedNow()) this.settleFirstRows('not at hand');
        const roots = await this.roots();
        this.firstAsked.agents ??= Math.round(performance.now() - this.activatedAt);
        // Shown: the token can be read now without keeping the tree waiting (else after the open list).
        if (!roots.some((n) => this.expanded.has(n.id))) {
          this.services.connection.confirmToken();
          this.settleFirstRows('answered');
        }
        return roots;
      }
      if (node.kind === 'agent' || node.kind === 'allCalls') {
        if (!this.lists.has(node.id)) this.settleFirstRows('not at hand');
        const children = await this.listChildren(node);
        if (!this.warmStartLogged && this.lists.get(node.id)?.source === 'store') this.logWarmStart();
        this.services.connection.confirmToken();
        this.settleFirstRows('answered');
        return children;
      }
      return [];
    } catch (err) {
      this.settleFirstRows('answered');
      // Never let a bug leave the tree blank or throw into VS Code.
      this.services.log.error(`Showing the tree failed: ${failureMessage(err)}`);
      return [new ErrorNode(node?.kind === 'agent' || node?.kind === 'allCalls' ? node : undefined, failureMessage(err), this.refreshCommand(), false)];
    }
  }

  /** Once: how long after activation the first list came from the store, and where the time went. */
  private logWarmStart(): void {
    this.warmStartLogged = true;
    const rss = __TEST_HOOKS__ ? `, extension host RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(1)} MB` : '';
    const m = this.firstAsked;
    const asked = `VS Code asked for the agents at ${m.roots} ms, got them at ${m.agents} ms, asked for this list at ${m.list} ms; read from the store at ${m.prefetched ?? '-'} ms; activate() began at epoch ${Math.round(performance.timeOrigin + this.activatedAt)}`;
    this.services.log.info(`Warm start: calls from the local store ${Math.round(performance.now() - this.activatedAt)} ms after activation (${asked})${rss}.`);
  }

  private withProgress<T>(task: () => Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEW_ID } }, task));
  }

  private refreshCommand(node?: CallListNode): vscode.Command {
    return { command: 'voiceAi.retry', title: vscode.l10n.t('Retry'), arguments: node ? [node] : [] };
  }

  private async roots(): Promise<CallsTreeNode[]> {
    const status = await this.services.connection.status();
    if (status !== 'ready') {
      this.lastRootError = undefined;
      this.setState(status);
      return [];
    }
    const signal = this.abort.signal;
    // At hand (the store's, on a warm start): answered at once, with no loading state or progress
    // bar to draw in between.
    let agents = this.services.agents.listedNow();
    if (!agents) {
      try {
        if (this.currentState !== 'ready') this.setState('loading');
        agents = await this.withProgress(() => this.services.agents.list(signal));
      } catch (err) {
        return this.rootFailure(err, signal);
      }
    }
    this.lastRootError = undefined;
    if (agents.length === 0) {
      this.setState('noAgents');
      return [];
    }
    this.setState('ready');
    const seen = new Set<string>();
    const nodes: AgentNode[] = [];
    for (const agent of [...agents].sort((a, b) => String(a.agentName ?? '').localeCompare(String(b.agentName ?? '')))) {
      if (seen.has(agent.id)) continue; // a page boundary that shifted during paging
      seen.add(agent.id);
      let node = this.agentNodes.get(agent.id);
      if (node) {
        node.agent = agent;
      } else {
        node = new AgentNode(agent);
        this.agentNodes.set(agent.id, node);
      }
      nodes.push(node);
    }
    // A filter on one agent narrows the roots to it (its calls also appear under "All calls").
    const filterAgent = this.services.filter.current().agentId;
    const shown = filterAgent && seen.has(filterAgent) ? nodes.filter((n) => n.agentId === filterAgent) : nodes;
    const banner = this.services.connection.info()?.sampleData
      ? [new MessageNode(undefined, 'sample', vscode.l10n.t('Sample data: made-up agents and calls, not your account'), 'beaker')]
      : [];
    return [...banner, this.allCalls, ...shown];
  }

  private rootFailure(err: unknown, signal: AbortSignal): CallsTreeNode[] {
    if (signal.aborted || failureKind(err) === 'aborted') {
      return []; // a refresh replaced this load; VS Code asks again
    }
    this.lastRootError = err;
    const kind = failureKind(err);
    if (kind === 'noToken' || kind === 'noLocation') {
      this.setState(kind);
      return [];
    }
    if (isAuthFailure(err) || isUnreachable(err)) {
      // The welcome view explains and offers the fix; the notification carries the server's words.
      this.setState(isAuthFailure(err) ? 'unauthorized' : 'unreachable');
      this.services.notifyError(err, vscode.l10n.t('Loading agents'));
      return [];
    }
    this.setState('error');
    this.services.log.error(`Loading agents failed: ${failureMessage(err)}`);
    return [new ErrorNode(undefined, vscode.l10n.t("Couldn't load agents: {0}", failureMessage(err)), this.refreshCommand(), false)];
  }

  private listFilter(node: CallListNode): CallLogFilter {
    const filter = { ...this.services.filter.toApiFilter() };
    if (node.listAgentId) {
      filter.agentId = node.listAgentId;
    }
    return filter;
  }

  private async listChildren(node: CallListNode): Promise<CallsTreeNode[]> {
    let list = this.lists.get(node.id);
    const filterAgent = this.services.filter.current().agentId;
    if (node.kind === 'agent' && filterAgent && filterAgent !== node.agentId) {
      // The filter names another agent: this agent has no matching calls, no need to ask.
      return [this.noMatchNode(node)];
    }
    if (!list || list.error) {
      await this.loadFirstPage(node);
      list = this.lists.get(node.id);
    }
    if (!list) {
      return []; // replaced by a refresh while loading
    }
    if (list.error) {
      return this.errorChildren(node, list.error, vscode.l10n.t("Couldn't load calls: {0}", failureMessage(list.error)), this.refreshCommand(node));
    }
    const children: CallsTreeNode[] = list.calls.map((call) => new CallNode(node, call));
    if (children.length === 0) {
      return this.services.filter.isActive()
        ? [this.noMatchNode(node)]
        : [new MessageNode(node, 'empty', vscode.l10n.t('No calls yet'), 'info')];
    }
    if (list.moreError) {
      children.push(
        ...this.errorChildren(node, list.moreError, vscode.l10n.t("Couldn't load more: {0}", failureMessage(list.moreError)), {
          command: 'voiceAi.loadMore',
          title: vscode.l10n.t('Retry'),
          arguments: [list.more],
        }),
      );
    } else if (!list.exhausted && list.more) {
      list.more.loaded = list.calls.length;
      list.more.total = list.total === undefined ? undefined : Math.max(list.total, list.calls.length);
      children.push(list.more);
    }
    return children;
  }

  private noMatchNode(node: CallListNode): MessageNode {
    return new MessageNode(node, 'empty', vscode.l10n.t('No calls match the filter'), 'filter', { command: 'voiceAi.clearFilter', title: vscode.l10n.t('Clear Filter') });
  }

  private errorChildren(node: CallListNode, err: unknown, message: string, retry: vscode.Command): CallsTreeNode[] {
    const auth = isAuthFailure(err);
    const nodes: CallsTreeNode[] = [new ErrorNode(node, message, retry, auth)];
    if (auth) {
      nodes.push(new MessageNode(node, 'setToken', vscode.l10n.t('Set API Token…'), 'key', { command: 'voiceAi.setToken', title: vscode.l10n.t('Set API Token') }));
    }
    return nodes;
  }

  /** The local store, when it answers `filter` exactly as the API would (no request). */
  private storeFor(filter: CallLogFilter): CallStore | undefined {
    return this.services.store.covering(filter, 'view');
  }

  /** Exactly one request (none when the local store covers the list's filter): page 1 with the configured number of calls. */
  private loadFirstPage(node: CallListNode): Promise<void> {
    const existing = this.pending.get(node.id);
    if (existing) {
      return existing;
    }
    if (this.firstPageFromStore(node)) return Promise.resolve();
    const signal = this.abort.signal;
    const pageSize = this.services.settings.callsPerAgent();
    const filter: CallLogFilter = { ...this.listFilter(node), pageSize };
    const task = this.withProgress(async () => {
      try {
        const client = await this.services.connection.getClient();
        const page = await client.listCallLogs(filter, 1, signal);
        if (signal.aborted) return;
        const list: CallList = { calls: [], ids: new Set(), total: page.total, filter, source: 'api', exhausted: false };
        this.append(list, page.callLogs);
        list.exhausted = page.callLogs.length < pageSize || (page.total !== undefined && list.calls.length >= page.total);
        list.more = new LoadMoreNode(node, list.calls.length, page.total);
        this.lists.set(node.id, list);
      } catch (err) {
        if (signal.aborted) return;
        this.lists.set(node.id, { calls: [], ids: new Set(), total: 0, filter, source: 'api', exhausted: true, error: err });
        this.reportListFailure(err);
      }
    }).finally(() => {
      if (this.pending.get(node.id) === task) this.pending.delete(node.id);
    });
    this.pending.set(node.id, task);
    return task;
  }

  /** The list's first page from the local store, when it covers the list's filter (no request). */
  private firstPageFromStore(node: CallListNode): boolean {
    const pageSize = this.services.settings.callsPerAgent();
    const filter: CallLogFilter = { ...this.listFilter(node), pageSize };
    const store = this.storeFor(filter);
    if (!store) return false;
    const page = store.page(filter, 1, pageSize);
    const list: CallList = { calls: [], ids: new Set(), total: page.total, filter, source: 'store', exhausted: false };
    this.append(list, page.callLogs);
    list.exhausted = list.calls.length >= page.total;
    list.more = new LoadMoreNode(node, list.calls.length, page.total);
    this.lists.set(node.id, list);
    return true;
  }

  /**
   * Warm start: what the restored view asks for first (the agents, the lists left open) is read
   * from the local store right after activation, while the window is still busy drawing, so that
   * VS Code's questions are answered at once. Nothing is asked of the API here.
   */
  async prefetchFromStore(): Promise<void> {
    if (this.search || !this.services.agents.listedNow()) return;
    for (const node of await this.roots()) {
      if ((node.kind === 'agent' || node.kind === 'allCalls') && this.expanded.has(node.id) && !this.lists.has(node.id) && !this.pending.has(node.id)) {
        this.firstPageFromStore(node);
      }
    }
    this.firstAsked.prefetched = Math.round(performance.now() - this.activatedAt);
  }

  private reportListFailure(err: unknown): void {
    if (isAuthFailure(err)) {
      // "A 401 or 403 anywhere": the server's words with a working Set API Token action.
      this.services.notifyError(err, vscode.l10n.t('Loading calls'));
    } else {
      this.services.log.error(`Loading calls failed: ${failureMessage(err)}`);
    }
  }

  private append(list: CallList, calls: readonly CallLog[]): number {
    let added = 0;
    for (const call of calls) {
      // New calls arriving while paging shift pages: never show one twice.
      if (!list.ids.has(call.id)) {
        list.ids.add(call.id);
        list.calls.push(call);
        added++;
      }
    }
    return added;
  }

  /**
   * Fetches the next page only (one request). Load more uses the configured page size; when the
   * calls held so far are not a whole number of such pages, the page holding the next call is
   * fetched and the calls already shown are skipped.
   */
  async loadMore(more: LoadMoreNode): Promise<void> {
    const parent = more.parent;
    const list = this.lists.get(parent.id);
    if (!list || more.loading || list.exhausted) {
      return;
    }
    const size = this.services.settings.pageSize();
    const page = Math.floor(list.calls.length / size) + 1;
    const signal = this.abort.signal;
    const store = this.storeFor(list.filter);
    if (store) {
      // Served by the local store: no request, no spinner.
      const result = store.page({ ...list.filter, pageSize: size }, page, size);
      const added = this.append(list, result.callLogs);
      list.total = result.total;
      list.source = 'store';
      list.moreError = undefined;
      list.exhausted = list.calls.length >= result.total || added === 0;
      this.changeEmitter.fire(parent);
      return;
    }
    list.source = 'api';
    more.loading = true;
    list.moreError = undefined;
    this.changeEmitter.fire(more);
    try {
      await this.withProgress(async () => {
        const client = await this.services.connection.getClient();
        const result = await client.listCallLogs({ ...list.filter, pageSize: size }, page, signal);
        if (signal.aborted) return;
        const added = this.append(list, result.callLogs);
        list.total = result.total;
        list.exhausted = result.callLogs.length < size || (result.total !== undefined && list.calls.length >= result.total) || added === 0;
      });
    } catch (err) {
      if (!signal.aborted) {
        list.moreError = err;
        this.reportListFailure(err);
      }
    } finally {
      more.loading = false;
      if (!signal.aborted) this.changeEmitter.fire(parent);
    }
  }

  /**
   * The local store's data changed (a sync, the watch, Clear Local Data): lists it answers are
   * read again with as many calls as they show (no request); new calls go on top of the lists
   * the API answered when no filter could exclude them; the agent list is read again.
   */
  storeChanged(added: readonly CallLog[], cleared: boolean): void {
    if (this.search && cleared) this.search = undefined;
    for (const [id, list] of this.lists) {
      if (list.error || this.pending.has(id)) continue;
      const node = id === this.allCalls.id ? this.allCalls : [...this.agentNodes.values()].find((n) => n.id === id);
      const store = this.storeFor(list.filter);
      if (store && node) {
        const page = store.page(list.filter, 1, Math.max(list.calls.length, this.services.settings.callsPerAgent()));
        const fresh: CallList = { calls: [], ids: new Set(), total: page.total, filter: list.filter, source: 'store', exhausted: false, more: list.more };
        this.append(fresh, page.callLogs);
        fresh.exhausted = fresh.calls.length >= page.total;
        this.lists.set(id, fresh);
      } else if (cleared && list.source === 'store') {
        this.lists.delete(id); // asked again (of the API) when shown
      } else if (added.length > 0) {
        this.prepend(list, added);
      }
    }
    this.changeEmitter.fire(undefined);
  }

  /** New calls on top of a list the API answered, when its filter is the newest-first list of an agent or of all. */
  private prepend(list: CallList, added: readonly CallLog[]): void {
    const { agentId, pageSize: _pageSize, ...rest } = list.filter;
    if (Object.values(rest).some((v) => v !== undefined)) return; // a filter: Refresh shows them
    const fresh = added.filter((c) => !list.ids.has(c.id) && (agentId === undefined || c.agentId === agentId));
    if (fresh.length === 0) return;
    for (const c of fresh) list.ids.add(c.id);
    list.calls.unshift(...fresh);
    if (list.total !== undefined) list.total += fresh.length;
  }

  /** Shows search results instead of the agents (until clearSearch). */
  showSearch(query: string, hits: readonly SearchHit[], limit: number, note?: string): void {
    this.search = { query, hits, limit, note };
    void vscode.commands.executeCommand('setContext', 'voiceAi.searchActive', true);
    this.changeEmitter.fire(undefined);
  }

  clearSearch(): void {
    if (!this.search) return;
    this.search = undefined;
    void vscode.commands.executeCommand('setContext', 'voiceAi.searchActive', false);
    this.changeEmitter.fire(undefined);
  }

  /** What the view shows of a search (tests read it; the view's message says it). */
  get searchShown(): { readonly query: string; readonly count: number } | undefined {
    return this.search ? { query: this.search.query, count: this.search.hits.length } : undefined;
  }

  private searchRoots(search: NonNullable<CallsTreeProvider['search']>): CallsTreeNode[] {
    const clear: vscode.Command = { command: 'voiceAi.clearSearch', title: vscode.l10n.t('Clear Search') };
    const count =
      search.hits.length >= search.limit
        ? vscode.l10n.t('the newest {0} calls matching "{1}"', formatNumber(search.hits.length), search.query)
        : search.hits.length === 1
          ? vscode.l10n.t('1 call matches "{0}"', search.query)
          : vscode.l10n.t('{0} calls match "{1}"', formatNumber(search.hits.length), search.query);
    const rows: CallsTreeNode[] = [new MessageNode(undefined, 'searchHeader', vscode.l10n.t('{0} · click to clear the search', count), 'search', clear)];
    if (search.note) rows.push(new MessageNode(undefined, 'searchNote', search.note, 'info'));
    if (search.hits.length === 0) {
      rows.push(new MessageNode(undefined, 'searchEmpty', vscode.l10n.t('No stored call matches. Try fewer words, or part of a number.'), 'circle-slash'));
    }
    rows.push(...search.hits.map((hit) => new SearchHitNode(hit, search.query)));
    return rows;
  }

  /** Where the lists' calls came from (tests). */
  listSource(node: CallListNode): 'store' | 'api' | undefined {
    return this.lists.get(node.id)?.source;
  }

  /** Reloads one list (its Retry), or everything when no node is given. */
  retry(node?: CallListNode): void {
    if (!node) {
      this.reset(true);
      return;
    }
    this.lists.delete(node.id);
    this.pending.delete(node.id);
    this.changeEmitter.fire(node);
  }

  /** The calls the tree holds now (each once), newest first: what Open Call Details offers without a request. */
  loadedCalls(): CallLog[] {
    const seen = new Map<string, CallLog>();
    for (const list of this.lists.values()) for (const call of list.calls) if (!seen.has(call.id)) seen.set(call.id, call);
    const time = (c: CallLog) => Date.parse(c.createdAt) || 0;
    return [...seen.values()].sort((a, b) => time(b) - time(a));
  }

  /** The agent and list nodes currently known, for tests and for other views. */
  agentNode(agentId: string): AgentNode | undefined {
    return this.agentNodes.get(agentId);
  }

  get allCallsNode(): AllCallsNode {
    return this.allCalls;
  }

  dispose(): void {
    this.abort.abort();
    this.changeEmitter.dispose();
    this.stateEmitter.dispose();
  }
}

/** How the wait for the view's first rows ended (logged by test builds). */
export type FirstRows = 'answered' | 'not at hand' | 'view not shown' | 'gave up waiting';

/** A safety net: the window never asked for the rows it showed. */
const FIRST_ROWS_MAX_WAIT_MS = 3000;

export interface CallsView {
  readonly view: vscode.TreeView<CallsTreeNode>;
  readonly provider: CallsTreeProvider;
  /**
   * Settles once the view's first rows are answered, or at once when the view is not shown (then
   * nothing will be asked); at most a few seconds either way.
   */
  readonly firstRowsAnswered: Promise<FirstRows>;
  /** Reloads everything (agents too). */
  refresh(): void;
}

export function registerCallsView(context: vscode.ExtensionContext, services: Services, activatedAt?: number): CallsView {
  const expanded = new ExpandedLists(context.workspaceState);
  const provider = new CallsTreeProvider(services, expanded, activatedAt);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });

  const describe = () => {
    const sample = services.connection.info()?.sampleData ? vscode.l10n.t('Sample data') : '';
    const filter = services.filter.describe();
    view.description = [sample, filter].filter(Boolean).join(' · ');
    // A view alone in its container shows no description, so the filter is also stated above
    // the rows; never while a welcome view is due (a message would hide it).
    const showsRows = provider.state === 'ready' || provider.state === 'loading' || provider.state === 'error';
    // Agent names come from the server.
    const lines = [syncText(services), filter && showsRows && !provider.searchShown ? safeText(vscode.l10n.t('Filter: {0}', filter)) : undefined];
    view.message = lines.filter(Boolean).join(' — ') || undefined;
  };
  const badge = () => {
    const n = services.watch.unseenCount();
    view.badge = n > 0 ? { value: n, tooltip: n === 1 ? vscode.l10n.t('1 new call') : vscode.l10n.t('{0} new calls', n) } : undefined;
  };
  let wasVisible = view.visible;
  let shownLogged = false;
  describe();
  // In a later turn (activate() is then waiting for the first rows), so that the view's registration reaches the window first.
  setImmediate(() => void provider.prefetchFromStore().catch((err: unknown) => services.log.warn(`Reading the store ahead failed: ${failureMessage(err)}`)));
  // Answered after the window took the view's registration and told whether it is shown.
  const firstRowsAnswered = Promise.race<FirstRows>([
    provider.firstRowsAnswered,
    Promise.resolve(vscode.commands.executeCommand('setContext', 'voiceAi.state', 'idle')).then(
      () => (view.visible ? provider.firstRowsAnswered : 'view not shown'),
      () => 'view not shown',
    ),
    new Promise<FirstRows>((resolve) => setTimeout(() => resolve('gave up waiting'), FIRST_ROWS_MAX_WAIT_MS).unref()),
  ]);

  context.subscriptions.push(
    provider,
    view,
    view.onDidExpandElement((e) => {
      if (e.element.kind === 'agent' || e.element.kind === 'allCalls') expanded.set(e.element.id, true);
    }),
    view.onDidCollapseElement((e) => {
      if (e.element.kind === 'agent' || e.element.kind === 'allCalls') expanded.set(e.element.id, false);
    }),
    services.connection.onDidChange(() => {
      describe();
      provider.reset(true);
    }),
    services.filter.onDidChange(() => {
      describe();
      provider.reset(false);
    }),
    services.settings.onDidChange(() => {
      describe();
      provider.redraw();
    }),
    provider.onDidChangeState(() => describe()),
    services.store.onDidChangeSync(() => describe()),
    services.store.onDidChangeData((change) => provider.storeChanged(change.added, change.reason === 'clear' || change.reason === 'closed')),
    // Without the store, the watch's new calls go straight to the lists.
    services.watch.onDidFindNewCalls((added) => {
      if (!services.store.get()) provider.storeChanged(added, false);
    }),
    services.watch.onDidChangeUnseen(() => {
      badge();
      provider.redraw();
    }),
    services.watch.onDidChangeWatched(() => provider.redraw()),
    // Shown again after being hidden: the new calls it shows count as seen.
    view.onDidChangeVisibility((e) => {
      if (e.visible && !wasVisible) services.watch.markAllSeen();
      // Test builds: when the view was first shown, before or after activate() returned (the warm start's test).
      if (__TEST_HOOKS__ && e.visible && !shownLogged) {
        shownLogged = true;
        services.log.info(`The view was shown ${Math.round(performance.now() - (activatedAt ?? 0))} ms after activation.`);
      }
      wasVisible = e.visible;
    }),
  );
  return { view, provider, firstRowsAnswered, refresh: () => provider.reset(true) };
}
