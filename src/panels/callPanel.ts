// Extension side of the call details webview: one panel per call, restored after a window
// reload by a serializer (the webview's state holds only the call id), fed a view model once
// the webview says it is ready. The HTML is a fixed shell; every value from the API reaches
// the webview as data in a message and is inserted there as text.
import * as vscode from 'vscode';
import type { Services } from '../services';
import {
  CALL_PANEL_VIEW_TYPE,
  parseFromWebview,
  type CallPanelWebviewState,
  type CallViewModel,
  type CopyTarget,
  type FromWebview,
  type PanelSnapshot,
  type ToWebview,
} from '../shared/protocol';
import { rawOf } from '../api/raw';
import type { CallLog } from '../api/schemas';
import { buildCallViewModel, callTitle } from './callViewModel';
import { failureMessage } from '../services/errors';
import { RecordingSession } from './recording/session';
import { translationsScript } from './webviewL10n';
import { webviewPage } from './webviewPage';

/** What `open` accepts: a call id (the panel fetches the call) or a call log in hand. */
export type OpenCallTarget = string | { readonly callLog: CallLog };

export interface OpenCallOptions {
  readonly preserveFocus?: boolean;
  readonly viewColumn?: vscode.ViewColumn;
  /** `performance.now()` when the user asked, so the render report covers the whole way. */
  readonly startedAt?: number;
  /** Words to highlight in the call (a search's): shown as text, never as HTML. */
  readonly highlight?: string;
}

export interface RenderReport {
  readonly callId: string;
  readonly seq: number;
  /** What the webview shows: the call, or the error view (with Retry). */
  readonly view: 'call' | 'error';
  /** In the webview, from receiving the data to the first screen painted. */
  readonly firstPaintMs: number;
  /** In the webview, from receiving the data to the whole call in the DOM and painted. */
  readonly renderMs: number;
  /** Longest main-thread task in the webview while rendering. */
  readonly longestTaskMs: number;
  /** From the command (or refresh) to the webview's report that it rendered everything. */
  readonly totalMs: number;
  /** From the command (or refresh) to the first screen painted (derived from the above). */
  readonly firstScreenMs: number;
  /** From the command to the webview's `ready` (its page and script loaded); undefined for a refresh. */
  readonly readyMs?: number;
  readonly actions: number;
  readonly transcriptTurns: number;
}

/** The status bar's word after a copy from the panel. */
function copiedText(target: CopyTarget): string | undefined {
  switch (target) {
    case 'callId':
      return vscode.l10n.t('Copied call ID');
    case 'contactId':
      return vscode.l10n.t('Copied contact ID');
    case 'messageId':
      return vscode.l10n.t('Copied message ID');
    case 'agentId':
      return vscode.l10n.t('Copied agent ID');
    case 'actionId':
      return vscode.l10n.t('Copied action ID');
    case 'rawJson':
      return vscode.l10n.t('Copied call JSON');
    default:
      return undefined;
  }
}

function describeError(err: unknown): { title: string; message: string } {
  const kind = (err as { kind?: unknown } | undefined)?.kind;
  const message = err instanceof Error ? err.message : String(err);
  switch (kind) {
    case 'notFound':
      return { title: vscode.l10n.t('Call not found'), message: vscode.l10n.t('This call log no longer exists, or it belongs to another location.') };
    case 'unauthorized':
    case 'forbidden':
      return { title: vscode.l10n.t('Not allowed'), message: vscode.l10n.t('{0} Check the token with "Voice AI: Set API Token".', message) };
    case 'rateLimited':
      return { title: vscode.l10n.t('Rate limited'), message: vscode.l10n.t('{0} Wait a few seconds and retry.', message) };
    case 'network':
    case 'timeout':
      return { title: vscode.l10n.t('Could not reach the API'), message };
    default:
      return { title: vscode.l10n.t('Could not load the call'), message };
  }
}

export function looksLikeCallLog(v: unknown): v is { id: string; agentId: string } {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { id?: unknown }).id === 'string' &&
    typeof (v as { agentId?: unknown }).agentId === 'string'
  );
}

/** One open panel. */
export class CallPanel implements vscode.Disposable {
  private call: CallLog | undefined;
  private model: CallViewModel | undefined;
  private error: { title: string; message: string } | undefined;
  private ready = false;
  private readyAt: number | undefined;
  private seq = 0;
  private startedAt: number;
  private lastRender: RenderReport | undefined;
  private loadAbort: AbortController | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly snapshots = new Map<number, (s: PanelSnapshot) => void>();
  private nextRequest = 1;
  private highlightText: string | undefined;
  /** The call's recording, for a call with a message id; fetched when the user first plays it. */
  private recording: RecordingSession | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly callId: string,
    private readonly manager: CallPanelManager,
    private readonly services: Services,
    startedAt: number,
  ) {
    this.startedAt = startedAt;
    panel.iconPath = vscode.Uri.joinPath(manager.extensionUri, 'media', 'activity.svg');
    panel.webview.options = manager.webviewOptions();
    panel.webview.html = manager.html(panel.webview);
    this.disposables.push(
      // VS Code ignores what a listener returns: a failure must reach the user here.
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m).catch((err: unknown) => this.services.notifyError(err, vscode.l10n.t('A call panel action')))),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** The call shown, if loaded. */
  get callLog(): CallLog | undefined {
    return this.call;
  }

  get viewModel(): CallViewModel | undefined {
    return this.model;
  }

  get rendered(): RenderReport | undefined {
    return this.lastRender?.seq === this.seq ? this.lastRender : undefined;
  }

  /** For diagnostics: where the panel is in its life. */
  describe(): string {
    return `ready=${this.ready} seq=${this.seq} lastRendered=${this.lastRender?.seq ?? '-'} model=${this.model ? 'yes' : 'no'} error=${this.error ? `${this.error.title}: ${this.error.message}` : '-'} visible=${this.panel.visible}`;
  }

  reveal(options: OpenCallOptions = {}): void {
    this.panel.reveal(options.viewColumn ?? this.panel.viewColumn, options.preserveFocus ?? false);
    if (options.highlight !== undefined) this.highlight(options.highlight);
  }

  /** Highlights a search's words in the call shown (or the next one shown). */
  highlight(text: string | undefined): void {
    this.highlightText = text;
    if (this.model) this.post({ type: 'highlight', text: text ?? '' });
  }

  /** Shows a call already in hand (from the tree): no request. */
  async show(call: CallLog, startedAt = performance.now()): Promise<void> {
    this.startedAt = startedAt;
    this.call = call;
    this.error = undefined;
    await this.rebuild();
  }

  /**
   * Shows the call by id: from the local store when it has it (no request), else fetched from the
   * API (always for the panel's Refresh and Retry), or an error view with Retry.
   */
  async load(startedAt = performance.now(), fromStore = true): Promise<void> {
    this.startedAt = startedAt;
    const stored = fromStore ? this.services.store.get()?.getCallLog(this.callId) : undefined;
    if (stored) {
      this.loadAbort?.abort();
      await this.show(stored, startedAt);
      return;
    }
    this.loadAbort?.abort();
    const abort = new AbortController();
    this.loadAbort = abort;
    this.post({ type: 'loading', callId: this.callId });
    try {
      const client = await this.services.connection.getClient();
      const call = await client.getCallLog(this.callId, abort.signal);
      if (abort.signal.aborted) return;
      this.call = call;
      this.error = undefined;
      await this.rebuild();
    } catch (err) {
      if (abort.signal.aborted) return;
      this.services.log.warn(`Call ${this.callId}: ${err instanceof Error ? err.message : String(err)}`);
      this.error = describeError(err);
      this.model = undefined;
      this.seq++;
      this.post({ type: 'error', callId: this.callId, seq: this.seq, ...this.error, canRetry: true });
    } finally {
      if (this.loadAbort === abort) this.loadAbort = undefined;
    }
  }

  /** Rebuilds the view model (e.g. after the time zone setting changed) and posts it. */
  async rebuild(): Promise<void> {
    if (!this.call) return;
    const { agentId, isAgentDeleted } = this.call;
    let agentName = agentId ? this.services.agents.nameOf(agentId) : undefined;
    if (agentName === undefined && agentId && !isAgentDeleted) {
      // Cached after the sidebar loaded agents, so usually no request; a failure only costs the name.
      try {
        await this.services.agents.list();
        agentName = this.services.agents.nameOf(agentId);
      } catch {
        /* the panel shows the agent id instead */
      }
    }
    // Closed while the agent names loaded: a disposed panel takes no title.
    if (this.disposed) return;
    const timeZone = this.services.settings.timeZone();
    this.model = buildCallViewModel(this.call, { timeZone, agentName, sent: rawOf(this.call) });
    this.adoptRecording(this.call.messageId);
    this.panel.title = this.model.title;
    this.seq++;
    this.postModel();
  }

  /** The whole recording when the panel has received it (Save Recording… then needs no download). */
  get recordingBytes(): readonly Uint8Array[] | undefined {
    return this.recording?.bytes;
  }

  private adoptRecording(messageId: string | undefined): void {
    if (this.recording?.messageId === messageId) return;
    this.recording?.dispose();
    this.recording = messageId
      ? new RecordingSession(
          {
            client: () => this.services.connection.getClient(),
            post: (update) => this.post({ type: 'recording', callId: this.callId, update }),
            warn: (message) => this.services.log.warn(message),
          },
          messageId,
          () => this.model?.transcript ?? [],
        )
      : undefined;
  }

  private postModel(): void {
    if (this.model) this.post({ type: 'call', model: this.model, seq: this.seq, highlight: this.highlightText });
  }

  private post(message: ToWebview): void {
    // Before `ready` the webview would drop the message; it gets the current view on `ready`.
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  /** Test hook (test builds only): the webview describes its DOM. */
  snapshot(timeoutMs = 10_000): Promise<PanelSnapshot> {
    if (!__TEST_HOOKS__) return Promise.reject(new Error('Test hooks are not in this build.'));
    const requestId = this.nextRequest++;
    return new Promise<PanelSnapshot>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.snapshots.delete(requestId);
        reject(new Error(`No snapshot from the webview of call ${this.callId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.snapshots.set(requestId, (s) => {
        clearTimeout(timer);
        resolve(s);
      });
      void this.panel.webview.postMessage({ type: 'snapshot', requestId } satisfies ToWebview);
    });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message: FromWebview | undefined = parseFromWebview(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.readyAt ??= performance.now();
        if (this.model) {
          this.postModel();
          this.recording?.replay();
        } else if (this.error) this.post({ type: 'error', callId: this.callId, seq: this.seq, ...this.error, canRetry: true });
        else this.post({ type: 'loading', callId: this.callId });
        break;
      case 'rendered': {
        if (message.callId !== this.callId) return;
        const totalMs = performance.now() - this.startedAt;
        const report: RenderReport = {
          callId: this.callId,
          seq: message.seq,
          view: message.view,
          renderMs: message.renderMs,
          firstPaintMs: message.firstPaintMs,
          longestTaskMs: message.longestTaskMs,
          totalMs,
          firstScreenMs: totalMs - (message.renderMs - message.firstPaintMs),
          readyMs: this.readyAt !== undefined && this.readyAt >= this.startedAt ? this.readyAt - this.startedAt : undefined,
          actions: this.model?.actions.length ?? 0,
          transcriptTurns: this.model?.transcript.length ?? 0,
        };
        this.lastRender = report;
        this.services.log.debug(
          `Call ${this.callId} rendered: ${report.actions} actions, ${report.transcriptTurns} turns, ` +
            `command→first screen ${report.firstScreenMs.toFixed(0)} ms, command→complete ${report.totalMs.toFixed(0)} ms, longest webview task ${report.longestTaskMs.toFixed(0)} ms`,
        );
        this.manager.fireRendered(report);
        break;
      }
      case 'copy': {
        const copied = copiedText(message.target);
        if (!copied) return;
        await vscode.env.clipboard.writeText(message.value);
        vscode.window.setStatusBarMessage(copied, 3000);
        break;
      }
      case 'export':
        await this.exportCall();
        break;
      case 'refresh':
      case 'retry':
        await this.load(performance.now(), false);
        break;
      case 'close':
        this.panel.dispose();
        break;
      case 'recording':
        if (message.action === 'load') this.recording?.load();
        else if (message.action === 'save') await vscode.commands.executeCommand('voiceAi.saveRecording', this.call ?? this.callId);
        else await vscode.commands.executeCommand('voiceAi.setToken');
        break;
      case 'cspViolation':
        this.services.log.warn(`Call panel: content security policy blocked ${message.detail}`);
        break;
      case 'snapshot':
        if (!__TEST_HOOKS__) break;
        this.snapshots.get(message.requestId)?.(message.snapshot);
        this.snapshots.delete(message.requestId);
        break;
    }
  }

  private async exportCall(): Promise<void> {
    if (!this.call) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The call is not loaded yet: nothing to export.'));
      return;
    }
    const commands = await vscode.commands.getCommands(true);
    if (!commands.includes('voiceAi.exportCall')) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Export This Call is not available: the export command is missing from this build of the extension.'));
      return;
    }
    await vscode.commands.executeCommand('voiceAi.exportCall', this.call);
  }

  dispose(): void {
    this.disposed = true;
    this.loadAbort?.abort();
    this.recording?.dispose();
    this.manager.forget(this);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** All call panels: the object `registerCallPanels` returns (and tests use). */
export class CallPanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, CallPanel>();
  private readonly renderedEmitter = new vscode.EventEmitter<RenderReport>();
  /** Fires each time a webview reports it rendered a call. */
  readonly onDidRender = this.renderedEmitter.event;

  constructor(
    readonly extensionUri: vscode.Uri,
    private readonly services: Services,
  ) {}

  /** Opens (or reveals) the panel of a call. A call log in hand is shown without a request. */
  async open(target: OpenCallTarget, options: OpenCallOptions = {}): Promise<CallPanel> {
    const startedAt = options.startedAt ?? performance.now();
    const call = typeof target === 'string' ? undefined : target.callLog;
    const callId = call?.id ?? target;
    if (typeof callId !== 'string' || callId === '') throw new Error('voiceAi.openCall needs a call id or a call log.');
    // Opened: no longer a new call for the view's badge.
    this.services.watch.markSeen(callId);
    const existing = this.panels.get(callId);
    if (existing) {
      existing.reveal(options);
      return existing;
    }
    const title = call ? callTitle(call, this.services.settings.timeZone()) : vscode.l10n.t('Call {0}', callId);
    const panel = vscode.window.createWebviewPanel(
      CALL_PANEL_VIEW_TYPE,
      title,
      { viewColumn: options.viewColumn ?? vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
      this.webviewOptions(),
    );
    const callPanel = this.adopt(panel, callId, startedAt);
    if (options.highlight !== undefined) callPanel.highlight(options.highlight);
    if (call) await callPanel.show(call, startedAt);
    else await callPanel.load(startedAt);
    return callPanel;
  }

  /** Restores a panel VS Code kept across a reload: re-fetches the call by id. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const callId = (state as Partial<CallPanelWebviewState> | undefined)?.callId;
    this.services.log.info(`Restoring a call panel after a reload (call ${typeof callId === 'string' ? callId : 'unknown'}).`);
    if (typeof callId !== 'string' || callId === '' || this.panels.has(callId)) {
      this.services.log.warn(`Call panel not restored: ${this.panels.has(String(callId)) ? 'already open' : 'no call id in its saved state'}.`);
      panel.dispose();
      return;
    }
    await this.adopt(panel, callId, performance.now()).load();
  }

  private adopt(panel: vscode.WebviewPanel, callId: string, startedAt: number): CallPanel {
    const callPanel = new CallPanel(panel, callId, this, this.services, startedAt);
    this.panels.set(callId, callPanel);
    return callPanel;
  }

  get(callId: string): CallPanel | undefined {
    return this.panels.get(callId);
  }

  /** The panel in front, if a call panel is the active editor. */
  active(): CallPanel | undefined {
    return [...this.panels.values()].find((p) => p.panel.active);
  }

  openCallIds(): string[] {
    return [...this.panels.keys()];
  }

  /** Test hook (test builds only): resolves when the panel of the call has rendered its current data. */
  whenRendered(callId: string, timeoutMs = 30_000): Promise<RenderReport> {
    if (!__TEST_HOOKS__) return Promise.reject(new Error('Test hooks are not in this build.'));
    const done = this.panels.get(callId)?.rendered;
    if (done) return Promise.resolve(done);
    return new Promise<RenderReport>((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`Call ${callId} did not render within ${timeoutMs} ms (${this.panels.get(callId)?.describe() ?? 'no panel'})`));
      }, timeoutMs);
      const sub = this.onDidRender(() => {
        const r = this.panels.get(callId)?.rendered;
        if (r) {
          clearTimeout(timer);
          sub.dispose();
          resolve(r);
        }
      });
    });
  }

  /** Re-renders every panel, e.g. after the time zone changed; a panel that fails says so in the log. */
  async rebuildAll(): Promise<void> {
    await Promise.all(
      [...this.panels.values()].map((p) =>
        p.rebuild().catch((err: unknown) => this.services.log.error(`Call ${p.callId}: updating the panel failed: ${failureMessage(err)}`)),
      ),
    );
  }

  fireRendered(report: RenderReport): void {
    this.renderedEmitter.fire(report);
  }

  forget(panel: CallPanel): void {
    if (this.panels.get(panel.callId) === panel) this.panels.delete(panel.callId);
  }

  webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  html(webview: vscode.Webview): string {
    return webviewPage(webview, {
      script: vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'),
      style: vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css'),
      title: vscode.l10n.t('Call details'),
      loading: vscode.l10n.t('Loading call…'),
      head: translationsScript(this.extensionUri.fsPath),
      scriptId: 'voice-ai-panel-script',
      // The recording plays from a blob the webview makes of the bytes it is sent: nothing else.
      mediaSrc: 'blob:',
    });
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.renderedEmitter.dispose();
  }
}

export function registerCallPanels(context: vscode.ExtensionContext, services: Services): CallPanelManager {
  const manager = new CallPanelManager(context.extensionUri, services);
  context.subscriptions.push(
    manager,
    vscode.window.registerWebviewPanelSerializer(CALL_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => manager.restore(panel, state),
    }),
    services.settings.onDidChange(() => void manager.rebuildAll()),
  );
  return manager;
}
