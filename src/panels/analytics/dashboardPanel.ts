// Extension side of the analytics dashboard: one panel, fed the report of its query (a date
// range in the user's zone, optionally one agent). A click on a day, an agent or an action type
// sets the tree's filter to that slice and reveals the view. The HTML is a fixed shell with a
// strict CSP; every value reaches the webview as data and is inserted there as text. After a
// window reload VS Code hands the panel back to the serializer with the webview's saved state
// (range and agent), and the dashboard reads its report again. The query is also kept in the
// workspace state at once: the workbench stores a webview's own state only now and then (a
// browser refresh of code-server or vscode.dev can come first).
import * as vscode from 'vscode';
import type { FilterState, Services } from '../../services';
import { AnalyticsService, type ReportOutcome } from '../../services/analytics/service';
import { queryFromFilter } from '../../services/analytics';
import { failureKind, failureMessage } from '../../services/errors';
import { isDatePreset } from '../../services/zones';
import { formatDayRange, formatNumber } from '../../shared/locale';
import { actionTypeDisplay, actionTypeLabel } from '../../shared/actionTypes';
import {
  ANALYTICS_VIEW_TYPE,
  parseDashboardMessage,
  parseDashboardState,
  type ActionTypeStyle,
  type AnalyticsQuery,
  type AnalyticsRange,
  type CoverageNote,
  type DashboardModel,
  type DashboardSlice,
  type DashboardStrings,
  type DashboardToWebview,
  type DashboardWebviewState,
} from '../../shared/analytics';
import { dashboardStrings } from './strings';
import { webviewPage } from '../webviewPage';

/** The open dashboard's range and agent (workspace state), for the serializer. */
const DASHBOARD_STATE_KEY = 'voiceAi.analytics.dashboard';

/** What the webview reported after drawing a model (tests and the bench read it). */
export interface DashboardDrawn {
  readonly seq: number;
  readonly charts: number;
  /** From the command to the charts drawn. */
  readonly totalMs: number;
  /** In the webview, from the model received to the charts drawn. */
  readonly drawMs: number;
  readonly calls: number;
}

function rangeWords(range: AnalyticsRange, strings: DashboardStrings): string {
  if ('preset' in range) return isDatePreset(range.preset) ? strings[range.preset] : range.preset;
  return formatDayRange(range.from, range.to);
}

export class AnalyticsDashboard implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private query: AnalyticsQuery | undefined;
  private ready = false;
  private seq = 0;
  private startedAt = 0;
  private pending: DashboardToWebview | undefined;
  private loadAbort: AbortController | undefined;
  private lastOutcome: ReportOutcome | undefined;
  private readonly drawnEmitter = new vscode.EventEmitter<DashboardDrawn>();
  /** Fires when the webview has drawn a report's charts. */
  readonly onDidDraw = this.drawnEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly analytics: AnalyticsService;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: Services,
    private readonly memento?: vscode.Memento,
  ) {
    this.analytics = new AnalyticsService(services.connection, services.agents, services.store);
  }

  /** The report shown (tests). */
  get outcome(): ReportOutcome | undefined {
    return this.lastOutcome;
  }

  /** Opens (or reveals) the dashboard for `agentId`'s calls, or every agent's, over the tree filter's range. */
  show(agentId?: string, startedAt = performance.now()): void {
    const { filter, settings } = this.services;
    this.query = queryFromFilter(filter.current(), settings.timeZone(), agentId);
    this.startedAt = startedAt;
    if (!this.panel) {
      this.adopt(vscode.window.createWebviewPanel(ANALYTICS_VIEW_TYPE, vscode.l10n.t('Voice AI Analytics'), vscode.ViewColumn.Active, this.webviewOptions()));
    } else {
      this.panel.reveal();
    }
    void this.load();
  }

  /** The panel VS Code kept across a window reload, with the range and agent its webview saved. */
  async restore(panel: vscode.WebviewPanel, saved: unknown): Promise<void> {
    const state = parseDashboardState(this.memento?.get<unknown>(DASHBOARD_STATE_KEY)) ?? parseDashboardState(saved);
    if (this.panel || !state) {
      this.services.log.warn(`Analytics dashboard not restored after a reload: ${this.panel ? 'already open' : 'no usable saved state'}.`);
      panel.dispose();
      return;
    }
    this.services.log.info('Restoring the analytics dashboard after a reload.');
    // The zone is the current one: the saved range means days "in the user's zone" as the filter does.
    this.query = { range: state.range, timeZone: this.services.settings.timeZone(), ...(state.agentId ? { agentId: state.agentId } : {}) };
    this.startedAt = performance.now();
    panel.webview.options = this.webviewOptions();
    this.adopt(panel);
    await this.load();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'activity.svg');
    this.ready = false;
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage(
      (m: unknown) => this.onMessage(m).catch((err: unknown) => this.services.notifyError(err, vscode.l10n.t('A dashboard action'))),
      undefined,
      this.disposables,
    );
    panel.onDidDispose(() => this.onPanelClosed(), undefined, this.disposables);
  }

  private onPanelClosed(): void {
    this.loadAbort?.abort();
    this.panel = undefined;
    this.ready = false;
    this.pending = undefined;
  }

  private post(message: DashboardToWebview): void {
    this.pending = message;
    if (this.ready && this.panel) void this.panel.webview.postMessage(message);
  }

  private dataTimer: ReturnType<typeof setTimeout> | undefined;

  /** The store's calls changed (a sync, the watch): the report is read again, at most once a second. */
  dataChanged(): void {
    if (!this.panel || this.dataTimer) return;
    this.dataTimer = setTimeout(() => {
      this.dataTimer = undefined;
      void this.load();
    }, 1000);
  }

  /** Reloads the report (e.g. after the time zone or the account changed). */
  async load(): Promise<void> {
    const query = this.query;
    if (!query || !this.panel) return;
    // The latest query of the one dashboard (a panel restored after a reload is always this one).
    const saved: DashboardWebviewState = { range: query.range, ...(query.agentId ? { agentId: query.agentId } : {}) };
    void this.memento?.update(DASHBOARD_STATE_KEY, saved);
    this.loadAbort?.abort();
    const abort = new AbortController();
    this.loadAbort = abort;
    const seq = ++this.seq;
    this.post({ type: 'loading', message: vscode.l10n.t('Reading calls…') });
    try {
      let lastPost = 0;
      const outcome = await this.analytics.report(query, {
        signal: abort.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (now - lastPost < 200 || seq !== this.seq) return;
          lastPost = now;
          this.post({
            type: 'loading',
            message:
              p.total !== undefined
                ? vscode.l10n.t('Reading calls from the API… {0} of {1}', formatNumber(p.done), formatNumber(p.total))
                : vscode.l10n.t('Reading calls from the API… {0}', formatNumber(p.done)),
          });
        },
      });
      if (seq !== this.seq || abort.signal.aborted) return;
      this.lastOutcome = outcome;
      this.post({ type: 'model', model: this.model(query, outcome, seq) });
    } catch (error) {
      if (seq !== this.seq || failureKind(error) === 'aborted') return;
      this.services.log.error(`Analytics: ${failureMessage(error)}`);
      this.post({ type: 'error', message: failureMessage(error) });
    }
  }

  private model(query: AnalyticsQuery, outcome: ReportOutcome, seq: number): DashboardModel {
    const { report } = outcome;
    const agentName = query.agentId ? (report.agents.find((a) => a.agentId === query.agentId)?.name ?? this.services.agents.nameOf(query.agentId) ?? query.agentId) : undefined;
    const strings = dashboardStrings();
    const title = `${rangeWords(query.range, strings)} (${query.timeZone}) · ${agentName ?? vscode.l10n.t('all agents')}`;
    const actionStyles: Record<string, ActionTypeStyle> = {};
    for (const t of report.actionTypes) actionStyles[t.type] = { label: actionTypeLabel(t.type), color: actionTypeDisplay(t.type)?.color };
    return {
      report,
      title,
      range: query.range,
      actionStyles,
      coverage: outcome.covered ? { covered: true } : this.coverageNote(outcome, strings),
      strings,
      seq,
    };
  }

  /** Why the figures came from the API, and what the user can do about it. */
  private coverageNote(outcome: ReportOutcome, strings: DashboardStrings): CoverageNote {
    const calls = formatNumber(outcome.report.totals.calls);
    switch (this.services.store.absence()) {
      case 'off':
        // Nothing to sync into: say where the store is turned on.
        return {
          covered: false,
          message: vscode.l10n.t('The local call store is off: the figures were read from the API ({0} calls). Turn on the setting voiceAi.store.enabled to keep the calls on this computer; the dashboard then reads them without a request.', calls),
          settingLabel: vscode.l10n.t('Open Settings'),
        };
      case 'unavailable':
        return { covered: false, message: vscode.l10n.t('The local call store cannot run in this VS Code: the figures were read from the API ({0} calls).', calls) };
      case 'noAccount':
        return { covered: false, message: vscode.l10n.t('These days are not in the local store: the figures were read from the API ({0} calls).', calls) };
      default: {
        // A store to fill: a sync is offered, with how long the rate limit makes it take.
        const seconds = outcome.minimumSyncSeconds ?? 0;
        return {
          covered: false,
          message:
            seconds >= 1
              ? vscode.l10n.t('These days are not in the local store: the figures were read from the API ({0} calls). Syncing them takes at least {1} s under the API\'s rate limit.', calls, Math.ceil(seconds))
              : vscode.l10n.t('These days are not in the local store: the figures were read from the API ({0} calls).', calls),
          syncLabel: strings.sync,
        };
      }
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseDashboardMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.pending && this.panel) void this.panel.webview.postMessage(this.pending);
        return;
      case 'drawn':
        if (message.seq === this.seq && this.lastOutcome) {
          const drawn: DashboardDrawn = {
            seq: message.seq,
            charts: message.charts,
            drawMs: message.ms,
            totalMs: performance.now() - this.startedAt,
            calls: this.lastOutcome.report.totals.calls,
          };
          // Counts and times only (the bench reads this line).
          this.services.log.info(
            `Analytics: ${drawn.charts} charts drawn ${Math.round(drawn.totalMs)} ms after the command (${drawn.calls} calls from the ${this.lastOutcome.report.source}, computed in ${Math.round(this.lastOutcome.report.computeMs)} ms).`,
          );
          this.drawnEmitter.fire(drawn);
        }
        return;
      case 'range':
        if (this.query) {
          this.query = { ...this.query, range: message.range };
          this.startedAt = performance.now();
          await this.load();
        }
        return;
      case 'filter':
        await this.applySlice(message.slice);
        return;
      case 'exportCsv':
        await vscode.commands.executeCommand('voiceAi.exportAnalyticsCsv', this.query);
        return;
      case 'exportJsonl':
        await vscode.commands.executeCommand('voiceAi.exportCallsJsonl', this.query);
        return;
      case 'sync':
        // The store's sync; the dashboard reads again when the store's data changes.
        await vscode.commands.executeCommand('voiceAi.syncNow');
        return;
      case 'storeSetting':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'voiceAi.store.enabled');
        return;
    }
  }

  /** The tree's filter set to the clicked slice (within the dashboard's range and agent), and the view revealed. */
  async applySlice(slice: DashboardSlice): Promise<FilterState> {
    const query = this.query;
    if (!query) return this.services.filter.current();
    const base: FilterState = { dateRange: query.range, timeZone: query.timeZone, ...(query.agentId ? { agentId: query.agentId } : {}) };
    const state: FilterState =
      slice.kind === 'day'
        ? { ...base, dateRange: { from: slice.day, to: slice.day }, ...(slice.agentId ? { agentId: slice.agentId } : {}) }
        : slice.kind === 'agent'
          ? { ...base, agentId: slice.agentId }
          : { ...base, actionTypes: [slice.actionType] };
    await this.services.filter.set(state);
    await vscode.commands.executeCommand('voiceAi.calls.focus');
    return this.services.filter.current();
  }

  private html(webview: vscode.Webview): string {
    return webviewPage(webview, {
      script: vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview-analytics.js'),
      style: vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview-analytics.css'),
      title: vscode.l10n.t('Voice AI Analytics'),
      loading: vscode.l10n.t('Loading…'),
    });
  }

  dispose(): void {
    clearTimeout(this.dataTimer);
    this.loadAbort?.abort();
    this.panel?.dispose();
    this.drawnEmitter.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function registerAnalyticsDashboard(context: vscode.ExtensionContext, services: Services): AnalyticsDashboard {
  const dashboard = new AnalyticsDashboard(context.extensionUri, services, context.workspaceState);
  context.subscriptions.push(
    dashboard,
    vscode.window.registerWebviewPanelSerializer(ANALYTICS_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => dashboard.restore(panel, state),
    }),
    services.settings.onDidChange(() => void dashboard.load()),
    services.connection.onDidChange(() => void dashboard.load()),
    services.store.onDidChangeData(() => dashboard.dataChanged()),
  );
  return dashboard;
}
