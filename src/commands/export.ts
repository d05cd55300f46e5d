// Export to JSON: every call matching the filter (or one agent's, or one call), to an untitled
// editor document or a file. The engine (src/api/export.ts) does the paging and streaming.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { removeStaleTemporaryFiles, removeTemporaryFiles, writeFileAtomically } from '../api/atomicFile';
import type { VoiceAiClient } from '../api/client';
import {
  callLogLine,
  callLogsDocument,
  exportCallLogsToFile,
  exportCallLogsToJsonLines,
  exportCallLogsToString,
  ExportStoppedError,
  writeTextAtomically,
  minimumExportSeconds,
  type ExportMeta,
  type ExportProgress,
  type ExportResult,
  type ExportSource,
} from '../api/export';
import type { CallLogFilter } from '../api/callLogQuery';
import { callLogPages, pinnedFilter, type PagingSummary } from '../api/exportPaging';
import { agentInfoFrom, calendarOf, queryFromFilter, reportFilter, reportFromCallLogs, type Calendar } from '../services/analytics';
import { reportCsvLines } from '../services/analytics/csv';
import { reportFromStore } from '../services/analytics/storeReport';
import type { AnalyticsQuery } from '../shared/analytics';
import type { RateLimit } from '../api/limiter';
import { rawOf } from '../api/raw';
import type { Agent, CallLog } from '../api/schemas';
import type { FilterState, Services } from '../services';
import { safeText } from '../services/errors';
import { readArgument } from './args';
import { storePager } from '../services/store/pager';
import { connectionChangedText, EXPORT_STALL_MS, exportProgressText, formatCount, formatWait } from './exportText';

/** Where the document goes; given by tests (and scripts) to skip the pickers. */
export type ExportTarget = 'editor' | { readonly file: string };

export interface ExportCommandOptions {
  readonly target?: ExportTarget;
  /** Cancels like the notification's Cancel button (tests). */
  readonly signal?: AbortSignal;
  /** Skip the result message (tests). */
  readonly quiet?: boolean;
}

/** What the commands resolve to; undefined when the user dismissed a picker. */
export interface ExportOutcome {
  readonly target: 'editor' | 'file';
  /** True when the export did not finish: the user cancelled, or `stopped` says why it stopped. */
  readonly cancelled: boolean;
  /** Why the export stopped by itself (e.g. the connection's settings changed), as told to the user. */
  readonly stopped?: string;
  readonly count: number;
  readonly path?: string;
  readonly document?: vscode.TextDocument;
  readonly result?: ExportResult;
}

const LAST_FOLDER_KEY = 'voiceAi.export.lastFolder';
/** Folders where file exports wrote temporary files: swept of stale ones at the next start. */
const TEMP_FOLDERS_KEY = 'voiceAi.export.tempFolders';
const TEMP_FOLDERS_KEPT = 20;
/** A temporary file this old belongs to no export still running (in any window). */
const STALE_TEMP_MS = 24 * 3_600_000;

export function registerExportCommands(context: vscode.ExtensionContext, services: Services): void {
  const exporter = new Exporter(context, services);
  // Temporary files of exports cut short by a crash; deactivate removes those of a reload. Later,
  // so as not to slow the start.
  const sweep = setTimeout(() => void exporter.sweepTemporaryFiles(), 5000);
  context.subscriptions.push({ dispose: () => clearTimeout(sweep) });
  context.subscriptions.push(
    vscode.commands.registerCommand('voiceAi.exportCalls', (options?: ExportCommandOptions) =>
      exporter.exportMatching(undefined, asOptions(options)),
    ),
    vscode.commands.registerCommand('voiceAi.exportAgentCalls', (node?: unknown, options?: ExportCommandOptions) =>
      exporter.exportAgent(node, asOptions(options)),
    ),
    vscode.commands.registerCommand('voiceAi.exportCall', (arg?: unknown, options?: ExportCommandOptions) =>
      exporter.exportOne(arg, asOptions(options)),
    ),
    vscode.commands.registerCommand('voiceAi.exportAnalyticsCsv', (arg?: unknown, options?: ExportCommandOptions) =>
      exporter.exportAnalytics('csv', arg, asOptions(options)),
    ),
    vscode.commands.registerCommand('voiceAi.exportCallsJsonl', (arg?: unknown, options?: ExportCommandOptions) =>
      exporter.exportAnalytics('jsonl', arg, asOptions(options)),
    ),
  );
}

/** Numbers the exports' status bar activities. */
let exportCount = 0;
/** Exports running in this extension host, stopped by stopRunningExports(). */
const runningExports = new Set<AbortController>();

/**
 * On deactivate (a window reload, the extension disabled or updated): stops the exports still
 * running, so that they ask for no more pages, and removes their temporary files at once (the
 * host may end right after deactivate returns).
 */
export function stopRunningExports(): void {
  for (const controller of runningExports) controller.abort(new ExportStoppedError(vscode.l10n.t('The export stopped because VS Code stopped the extension.')));
  removeTemporaryFiles();
}

/**
 * Where a file of this name is suggested (an export, a recording): the folder the last one went
 * to, else the workspace's, else home.
 */
export function suggestedFileUri(context: vscode.ExtensionContext, fileName: string): vscode.Uri {
  const folder = context.globalState.get<string>(LAST_FOLDER_KEY);
  return folder
    ? vscode.Uri.file(path.join(folder, fileName))
    : vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir()), fileName);
}

/** Remembers the folder of a file the user chose to save to. */
export async function rememberFolder(context: vscode.ExtensionContext, uri: vscode.Uri): Promise<void> {
  if (uri.scheme === 'file') await context.globalState.update(LAST_FOLDER_KEY, path.dirname(uri.fsPath));
}

/** The palette and view-title buttons pass a tree node or nothing, not options. */
function asOptions(value: unknown): ExportCommandOptions {
  if (typeof value === 'object' && value !== null && ('target' in value || 'signal' in value || 'quiet' in value)) {
    return value as ExportCommandOptions;
  }
  return {};
}

class Exporter {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly services: Services,
  ) {}

  async exportAgent(node: unknown, options: ExportCommandOptions): Promise<ExportOutcome | undefined> {
    const agent = readArgument(node).agent as Pick<Agent, 'id' | 'agentName'> | undefined;
    if (!agent) {
      void vscode.window.showWarningMessage(vscode.l10n.t("Export Agent's Calls: run it from an agent in the Agents & Calls view."));
      return undefined;
    }
    return this.exportMatching(agent, options);
  }

  /** Every call matching the current filter (narrowed to one agent from its context menu). */
  async exportMatching(agent: Pick<Agent, 'id' | 'agentName'> | undefined, options: ExportCommandOptions): Promise<ExportOutcome | undefined> {
    const { services } = this;
    let client: VoiceAiClient;
    let filter: CallLogFilter;
    try {
      client = await services.connection.getClient();
      filter = services.filter.toApiFilter();
    } catch (error) {
      services.notifyError(error, vscode.l10n.t('Exporting calls'));
      return undefined;
    }
    const state: FilterState = services.filter.current();
    const filterAsSet: Record<string, unknown> = { ...state };
    if (agent) {
      filter = { ...filter, agentId: agent.id };
      filterAsSet.agentId = agent.id;
    }
    const agentId = filter.agentId;
    const agentName = agent?.agentName ?? (agentId ? services.agents.nameOf(agentId) : undefined);
    if (agentName) filterAsSet.agentName = agentName;

    const fileName = `voice-ai-calls${agentName ? '-' + slug(agentName) : ''}-${today()}.json`;
    // The local store answers when it covers the filter: no request at all.
    const fromStore = services.store.covering(filter, 'export');
    let target = options.target;
    if (!target) {
      // One small request (none from the store) so that the user chooses knowing the size.
      let total: number | undefined;
      try {
        total = fromStore
          ? fromStore.page(filter, 1, 1).total
          : await vscode.window.withProgress(
              { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Counting calls to export…') },
              async () => (await client.listCallLogs({ ...filter, pageSize: 1 }, 1)).total,
            );
      } catch (error) {
        services.notifyError(error, vscode.l10n.t('Counting calls to export'));
        return undefined;
      }
      if (total === 0) {
        void vscode.window.showInformationMessage(
          services.filter.isActive() || agent ? vscode.l10n.t('No calls match the current filter: nothing to export.') : vscode.l10n.t('There are no calls to export.'),
        );
        return undefined;
      }
      target = await this.pickTarget(total, fileName, fromStore ? [] : client.rateLimits());
      if (!target) return undefined;
    }

    const syncedAt = fromStore?.coverage().lastSyncedAt;
    const meta: ExportMeta = {
      source: fromStore ? { ...this.source(), storeSyncedAt: new Date(syncedAt ?? Date.now()).toISOString() } : this.source(),
      filter,
      filterAsSet,
      timeZone: state.timeZone ?? services.settings.timeZone(),
    };
    // The agent's name comes from the server: a progress title renders links like any notification.
    const title = agentName ? vscode.l10n.t('Exporting calls of {0} to JSON', safeText(agentName)) : vscode.l10n.t('Exporting calls to JSON');
    try {
      // The settings may have changed while the pickers were open: the client of now.
      client = await services.connection.getClient();
    } catch (error) {
      services.notifyError(error, vscode.l10n.t('Exporting calls'));
      return undefined;
    }
    const exporting = client;
    const holdingLimit = () => (exporting.waitingForRateLimit() ? tightestLimit(exporting.rateLimits()) : undefined);
    if (target !== 'editor' && isLocalPath(target.file)) await this.rememberTemporaryFolder(path.dirname(target.file));
    return this.run(target, fileName, options, title, holdingLimit, async (signal, report) => {
      const request = { ...meta, pager: fromStore ? storePager(fromStore) : exporting, signal, onProgress: report };
      if (target === 'editor') {
        const { text, result } = await exportCallLogsToString(request);
        return { text, result };
      }
      const file = target as { file: string };
      if (isLocalPath(file.file)) {
        return { result: await exportCallLogsToFile(request, file.file), path: file.file };
      }
      // A non-file URI (virtual file system): written in one go through VS Code.
      const { text, result } = await exportCallLogsToString(request);
      await vscode.workspace.fs.writeFile(vscode.Uri.parse(file.file), Buffer.from(text, 'utf8'));
      return { result, path: file.file };
    });
  }

  /** One call: from a call node, the call panel (a call log or its id), or an id. */
  async exportOne(arg: unknown, options: ExportCommandOptions): Promise<ExportOutcome | undefined> {
    const { services } = this;
    // Only a call log the client parsed knows the JSON the API sent (a copy is fetched again).
    const { callLog: found, callId } = readArgument(arg);
    const inHand = found && rawOf(found) !== undefined ? (found as CallLog) : undefined;
    // A stored call is exported as the API sent it, without a request.
    const given = inHand ?? (callId ? services.store.get()?.getCallLog(callId) : undefined);
    if (!callId) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Export This Call: run it from a call in the Agents & Calls view or a call panel.'));
      return undefined;
    }
    const fileName = `voice-ai-call-${slug(callId)}.json`;
    const target = options.target ?? (await this.pickTarget(1, fileName));
    if (!target) return undefined;
    let client: VoiceAiClient | undefined;
    if (!given) {
      try {
        client = await services.connection.getClient();
      } catch (error) {
        services.notifyError(error, vscode.l10n.t('Exporting the call'));
        return undefined;
      }
    }
    const state = services.filter.current();
    const meta: ExportMeta = {
      source: this.source(),
      filter: {},
      filterAsSet: { callId },
      timeZone: state.timeZone ?? services.settings.timeZone(),
    };
    if (target !== 'editor' && isLocalPath(target.file)) await this.rememberTemporaryFolder(path.dirname(target.file));
    return this.run(target, fileName, options, vscode.l10n.t('Exporting the call to JSON'), () => undefined, async (signal, report) => {
      const callLog = given ?? (await client!.getCallLog(callId, signal));
      const { text, exportedAt } = callLogsDocument([callLog], meta);
      report({ done: 1, total: 1 });
      const result: ExportResult = { count: 1, firstServerTotal: 1, lastServerTotal: 1, totalChanged: false, duplicatesSkipped: 0, exportedAt };
      if (target === 'editor') return { text, result };
      const file = (target as { file: string }).file;
      if (isLocalPath(file)) await writeFileAtomically(file, text, { signal });
      else await vscode.workspace.fs.writeFile(vscode.Uri.parse(file), Buffer.from(text, 'utf8'));
      return { result, path: file };
    });
  }

  /**
   * The dashboard's exports, both streamed to a file: the report's day × agent rows as CSV, or
   * the range's call logs as JSON Lines. `arg`: the dashboard's query, an agent node, or nothing
   * (the tree filter's range).
   */
  async exportAnalytics(format: 'csv' | 'jsonl', arg: unknown, options: ExportCommandOptions): Promise<ExportOutcome | undefined> {
    const { services } = this;
    const doing = format === 'csv' ? vscode.l10n.t('Exporting call analytics') : vscode.l10n.t('Exporting calls to JSON Lines');
    let calendar: Calendar;
    let client: VoiceAiClient;
    try {
      const query = isAnalyticsQuery(arg)
        ? arg
        : queryFromFilter(services.filter.current(), services.settings.timeZone(), readArgument(arg).agent?.id);
      calendar = calendarOf(query, Date.now());
      client = await services.connection.getClient();
    } catch (error) {
      services.notifyError(error, doing);
      return undefined;
    }
    const q = calendar.query;
    const fileName = `voice-ai-${format === 'csv' ? 'analytics' : 'calls'}-${q.from}-${q.to}.${format}`;
    let target = options.target;
    if (!target || target === 'editor') {
      const uri = await vscode.window.showSaveDialog({
        defaultUri: this.suggestedUri(fileName),
        filters: format === 'csv' ? { CSV: ['csv'] } : { 'JSON Lines': ['jsonl'] },
        saveLabel: vscode.l10n.t('Export'),
        title: format === 'csv' ? vscode.l10n.t('Export call analytics to CSV') : vscode.l10n.t('Export calls to JSON Lines'),
      });
      if (!uri) return undefined;
      if (uri.scheme === 'file') await this.context.globalState.update(LAST_FOLDER_KEY, path.dirname(uri.fsPath));
      target = { file: uri.scheme === 'file' ? uri.fsPath : uri.toString() };
    }
    const file = target.file;
    if (isLocalPath(file)) await this.rememberTemporaryFolder(path.dirname(file));
    const agents = await services.agents.list().catch(() => undefined);
    const exporting = client;
    const holdingLimit = () => (exporting.waitingForRateLimit() ? tightestLimit(exporting.rateLimits()) : undefined);
    // From the local store when it holds the range (synced in the last 10 minutes): no request.
    const stored = services.store.covering(reportFilter(calendar), 'export');
    return this.run(target, fileName, options, doing, holdingLimit, async (signal, report) => {
      const summary: PagingSummary = { count: 0, firstServerTotal: undefined, lastServerTotal: undefined, totalChangedBetweenPages: false, duplicatesSkipped: 0 };
      const exportedAt = new Date().toISOString();
      const pages = stored
        ? storePages(stored.iterate(reportFilter(calendar)), summary, report)
        : callLogPages({ pager: exporting, filter: pinnedFilter(reportFilter(calendar), Date.now()), signal, onProgress: report }, summary);
      const write = async (parts: AsyncIterable<readonly string[]> | Iterable<readonly string[]>) => {
        if (isLocalPath(file)) return writeTextAtomically(parts, file, signal);
        // A non-file URI (virtual file system): written in one go through VS Code.
        const chunks: string[] = [];
        for await (const batch of parts) chunks.push(...batch);
        await vscode.workspace.fs.writeFile(vscode.Uri.parse(file), Buffer.from(chunks.join(''), 'utf8'));
        return 0;
      };
      if (format === 'csv') {
        const analytics = stored ? reportFromStore(stored, calendar) : await reportFromCallLogs(calendar, Date.now(), pages, agentInfoFrom(agents));
        if (stored) Object.assign(summary, { count: analytics.totals.calls, firstServerTotal: analytics.totals.calls, lastServerTotal: analytics.totals.calls });
        await write(reportCsvLines(analytics));
      } else if (isLocalPath(file)) {
        await exportCallLogsToJsonLines(pages, file, { signal });
      } else {
        await write(jsonLines(pages));
      }
      const totalChanged = summary.totalChangedBetweenPages || (summary.lastServerTotal !== undefined && summary.count !== summary.lastServerTotal);
      return { path: file, result: { ...summary, totalChanged, exportedAt } };
    });
  }

  private source(): ExportSource {
    const info = this.services.connection.info();
    return {
      baseUrl: info?.baseUrl ?? '',
      locationId: info?.locationId ?? '',
      apiVersion: info?.apiVersion ?? '',
    };
  }

  /** Editor (only when small enough) or a file chosen in the save dialog. */
  private async pickTarget(total: number | undefined, defaultName: string, limits: readonly RateLimit[] = []): Promise<ExportTarget | undefined> {
    const max = this.services.settings.exportEditorMaxCalls();
    // The server may not say how many (a total that is not a count): then only a file is safe.
    const count = total === undefined ? vscode.l10n.t('the matching calls') : total === 1 ? vscode.l10n.t('1 call') : vscode.l10n.t('{0} calls', formatCount(total));
    // Said up front for a long export, so that nobody wonders why it stops after a burst.
    const tightest = tightestLimit(limits);
    const minimumSeconds = minimumExportSeconds(total ?? 0, limits);
    const duration =
      minimumSeconds >= 20 && tightest
        ? ` ${vscode.l10n.t('Takes at least {0}: the API allows {1} requests per {2}.', formatWait(minimumSeconds), formatCount(tightest.max), formatWait(tightest.intervalMs / 1000))}`
        : '';
    type Item = vscode.QuickPickItem & { target: 'editor' | 'file' };
    const items: Item[] = [];
    const fitsEditor = total !== undefined && total <= max;
    if (fitsEditor) {
      items.push({
        label: `$(go-to-file) ${vscode.l10n.t('Open in an Editor')}`,
        description: count,
        detail: `${vscode.l10n.t('An untitled JSON document you can read, search or save.')}${duration}`,
        target: 'editor',
      });
    }
    items.push({
      label: `$(save-as) ${vscode.l10n.t('Save to a File…')}`,
      description: count,
      detail:
        fitsEditor || total === undefined
          ? `${vscode.l10n.t('Streams the calls to disk page by page.')}${duration}`
          : `${vscode.l10n.t('Too many for an editor (more than {0}, setting voiceAi.export.editorMaxCalls): streams the calls to disk page by page.', formatCount(max))}${duration}`,
      target: 'file',
    });
    const title = vscode.l10n.t('Export {0} to JSON', count);
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Where should the JSON go?') });
    if (!picked) return undefined;
    if (picked.target === 'editor') return 'editor';
    const uri = await vscode.window.showSaveDialog({ defaultUri: this.suggestedUri(defaultName), filters: { JSON: ['json'] }, saveLabel: vscode.l10n.t('Export'), title });
    if (!uri) return undefined;
    if (uri.scheme === 'file') {
      await rememberFolder(this.context, uri);
      return { file: uri.fsPath };
    }
    return { file: uri.toString() };
  }

  private suggestedUri(fileName: string): vscode.Uri {
    return suggestedFileUri(this.context, fileName);
  }

  /**
   * An untitled JSON document named like the file it would be saved as: its tab says what it is
   * (not "Untitled-1") and Save proposes that name. It must not belong to a file: an export holds
   * CRM data (custom actions' credentials included), so Save asks where (a Save As dialog) rather
   * than writing to disk unasked.
   */
  private async openUntitled(text: string, fileName: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.from({ scheme: 'untitled', path: await this.freeName(fileName) });
    // Opened as an editor of the resource itself: workspace.openTextDocument and vscode.open take
    // untitled:<path> as "a new file at <path>", which Save then writes without a dialog.
    let listener: vscode.Disposable | undefined;
    const opened = new Promise<vscode.TextDocument>((resolve) => {
      listener = vscode.workspace.onDidOpenTextDocument((d) => {
        if (d.uri.toString() === uri.toString()) resolve(d);
      });
    });
    let document: vscode.TextDocument;
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, 'default', { preview: false });
      document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await opened);
    } finally {
      listener?.dispose();
    }
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t('VS Code did not accept the exported text into the new document.'));
    return document.languageId === 'json' ? document : vscode.languages.setTextDocumentLanguage(document, 'json');
  }

  /**
   * `fileName`, or "name-2.json", "name-3.json"…: not the name of an open document (an untitled
   * document of that name would get the text appended) nor of a file where Save would propose it.
   */
  private async freeName(fileName: string): Promise<string> {
    const open = new Set(vscode.workspace.textDocuments.map((d) => path.posix.basename(d.uri.path)));
    const folders = [this.context.globalState.get<string>(LAST_FOLDER_KEY), vscode.workspace.workspaceFolders?.[0]?.uri, os.homedir()]
      .map((f) => (typeof f === 'string' ? f : f?.scheme === 'file' ? f.fsPath : undefined))
      .filter((f): f is string => f !== undefined);
    const exists = async (name: string) => (await Promise.all(folders.map((f) => fs.access(path.join(f, name)).then(() => true, () => false)))).some(Boolean);
    let name = fileName;
    for (let n = 2; open.has(name) || (await exists(name)); n++) name = fileName.replace(/(\.json)?$/, `-${n}.json`);
    return name;
  }

  /** Remembers where a file export writes its temporary file, for sweepTemporaryFiles. */
  private async rememberTemporaryFolder(folder: string): Promise<void> {
    const folders = this.context.globalState.get<string[]>(TEMP_FOLDERS_KEY) ?? [];
    await this.context.globalState.update(TEMP_FOLDERS_KEY, [folder, ...folders.filter((f) => f !== folder)].slice(0, TEMP_FOLDERS_KEPT));
  }

  /** Removes our stale temporary files from the folders file exports wrote to. */
  async sweepTemporaryFiles(): Promise<void> {
    for (const folder of this.context.globalState.get<string[]>(TEMP_FOLDERS_KEY) ?? []) {
      const removed = await removeStaleTemporaryFiles(folder, STALE_TEMP_MS);
      for (const p of removed) this.services.log.info(`Export: removed a temporary file left by an interrupted export: ${p}`);
    }
  }

  /** Runs an export under a cancellable progress notification and tells the user how it went. */
  private async run(
    target: ExportTarget,
    fileName: string,
    options: ExportCommandOptions,
    title: string,
    /** The rate limit holding the export's requests right now, if one is. */
    holdingLimit: () => RateLimit | undefined,
    work: (signal: AbortSignal, report: (p: ExportProgress) => void) => Promise<{ text?: string; path?: string; result: ExportResult }>,
  ): Promise<ExportOutcome | undefined> {
    const kind = target === 'editor' ? 'editor' : 'file';
    const controller = new AbortController();
    runningExports.add(controller);
    const onExternalAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onExternalAbort, { once: true });
    if (options.signal?.aborted) controller.abort();
    // A new token, location, base URL or version closes the client the export uses: stop at
    // once and say why, rather than let its pages fail as dropped connections.
    const connectionChanged = this.services.connection.onDidChange(() => controller.abort(new ExportStoppedError(connectionChangedText())));
    // In the status bar too, so that it stays in sight when the notification is hidden; a click
    // brings the notification (with Cancel) back.
    const activityKey = `export:${++exportCount}`;
    const showActivity = (done: number, total: number | undefined) =>
      this.services.activity.setActivity(activityKey, vscode.l10n.t('Export: {0}', exportProgressText(done, total, 0, undefined)), 'notifications.showList', title);
    showActivity(0, undefined);
    try {
      const done = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let shown = 0;
          let lastReport = 0;
          let lastPageAt = Date.now();
          let latest: ExportProgress = { done: 0, total: undefined };
          const report = (p: ExportProgress) => {
            const now = Date.now();
            if (!p.waiting) lastPageAt = now;
            latest = p;
            // A few updates a second are enough to read; more only cost the UI thread.
            if (now - lastReport < 100 && p.done !== p.total && !p.waiting) return;
            lastReport = now;
            const total = p.total !== undefined ? Math.max(p.total, p.done) : undefined;
            const increment = total ? ((p.done - shown) / total) * 100 : undefined;
            shown = p.done;
            showActivity(p.done, total);
            progress.report({ message: exportProgressText(p.done, total, 0, undefined, p.waiting), increment });
          };
          // Between two windows of the rate limit no page comes for up to 10 s, and a 429 may hold
          // the export for longer: say why, and count down.
          const stallTimer = setInterval(() => {
            const stalledMs = Date.now() - lastPageAt;
            if (stalledMs >= EXPORT_STALL_MS || latest.waiting) {
              progress.report({ message: exportProgressText(latest.done, latest.total, stalledMs, holdingLimit(), latest.waiting) });
            }
          }, 1000);
          try {
            return await work(controller.signal, report);
          } finally {
            clearInterval(stallTimer);
          }
        },
      );
      const { result } = done;
      this.services.log.info(
        `Export: ${result.count} call logs to ${done.path ?? 'an editor'}` +
          (result.totalChanged ? ` (server total changed: ${result.firstServerTotal} → ${result.lastServerTotal})` : ''),
      );
      if (kind === 'editor') {
        const document = await this.openUntitled(done.text ?? '', fileName);
        await vscode.window.showTextDocument(document, { preview: false });
        if (result.totalChanged && !options.quiet) void vscode.window.showWarningMessage(totalChangedText(result));
        return { target: kind, cancelled: false, count: result.count, document, result };
      }
      if (!options.quiet) this.announceFile(done.path!, result).catch((err: unknown) => this.services.notifyError(err, vscode.l10n.t('Opening the export')));
      return { target: kind, cancelled: false, count: result.count, path: done.path, result };
    } catch (error) {
      if (controller.signal.aborted) {
        const reason: unknown = controller.signal.reason;
        if (reason instanceof ExportStoppedError) {
          const message = kind === 'file' ? vscode.l10n.t('{0} No file was written.', reason.message) : reason.message;
          this.services.log.warn(`Export: ${message}`);
          if (!options.quiet) void vscode.window.showWarningMessage(message);
          return { target: kind, cancelled: true, stopped: message, count: 0 };
        }
        if (!options.quiet) {
          void vscode.window.showInformationMessage(kind === 'file' ? vscode.l10n.t('Export cancelled: no file was written.') : vscode.l10n.t('Export cancelled.'));
        }
        return { target: kind, cancelled: true, count: 0 };
      }
      this.services.notifyError(error, kind === 'file' ? vscode.l10n.t('Exporting calls (no file was written)') : vscode.l10n.t('Exporting calls'));
      return undefined;
    } finally {
      runningExports.delete(controller);
      this.services.activity.setActivity(activityKey, undefined);
      connectionChanged.dispose();
      options.signal?.removeEventListener('abort', onExternalAbort);
    }
  }

  private async announceFile(file: string, result: ExportResult): Promise<void> {
    const local = isLocalPath(file);
    const uri = local ? vscode.Uri.file(file) : vscode.Uri.parse(file);
    const name = local ? path.basename(file) : path.posix.basename(uri.path);
    const text =
      (result.count === 1 ? vscode.l10n.t('Exported 1 call to {0}.', name) : vscode.l10n.t('Exported {0} calls to {1}.', formatCount(result.count), name)) +
      (result.totalChanged ? ' ' + totalChangedText(result) : '');
    const reveal = revealAction(uri);
    const open = vscode.l10n.t('Open');
    const actions = [open, ...(reveal ? [reveal.label] : [])];
    const choice = result.totalChanged
      ? await vscode.window.showWarningMessage(text, ...actions)
      : await vscode.window.showInformationMessage(text, ...actions);
    if (choice === open) {
      await vscode.commands.executeCommand('vscode.open', uri);
    } else if (reveal && choice === reveal.label) {
      await reveal.run();
    }
  }
}

/** The store's pages as the export reads them, counted like the API's. */
async function* storePages(pages: Iterable<readonly CallLog[]>, summary: PagingSummary, report: (p: ExportProgress) => void): AsyncGenerator<readonly CallLog[]> {
  for (const page of pages) {
    summary.count += page.length;
    report({ done: summary.count, total: undefined });
    yield page;
  }
  summary.firstServerTotal = summary.lastServerTotal = summary.count;
}

function isAnalyticsQuery(value: unknown): value is AnalyticsQuery {
  return typeof value === 'object' && value !== null && 'range' in value && 'timeZone' in value && typeof (value as { timeZone: unknown }).timeZone === 'string';
}

async function* jsonLines(pages: AsyncIterable<readonly CallLog[]>): AsyncGenerator<string[]> {
  for await (const page of pages) yield page.map(callLogLine);
}

function totalChangedText(result: ExportResult): string {
  const from = result.firstServerTotal;
  const to = result.lastServerTotal;
  const change = from !== undefined && to !== undefined && from !== to ? ` (${formatCount(from)} → ${formatCount(to)})` : '';
  return vscode.l10n.t('Calls were added or deleted on the server during the export{0}: the file may miss some. Export again for an exact snapshot.', change);
}

/** "Reveal" where the OS can show the file; the Explorer view, or copying the path, elsewhere. */
function revealAction(uri: vscode.Uri): { label: string; run: () => Thenable<unknown> } | undefined {
  const desktop = vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName && uri.scheme === 'file';
  if (desktop) {
    const label =
      process.platform === 'darwin' ? vscode.l10n.t('Reveal in Finder') : process.platform === 'win32' ? vscode.l10n.t('Reveal in File Explorer') : vscode.l10n.t('Open Containing Folder');
    return { label, run: () => vscode.commands.executeCommand('revealFileInOS', uri) };
  }
  if (vscode.workspace.getWorkspaceFolder(uri)) {
    return { label: vscode.l10n.t('Reveal in Explorer View'), run: () => vscode.commands.executeCommand('revealInExplorer', uri) };
  }
  if (uri.scheme === 'file') {
    return {
      label: vscode.l10n.t('Copy Path'),
      run: async () => {
        await vscode.env.clipboard.writeText(uri.fsPath);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Path copied.'), 3000);
      },
    };
  }
  return undefined;
}

function isLocalPath(p: string): boolean {
  return path.isAbsolute(p) && !/^[a-z][a-z0-9+.-]+:\/\//i.test(p);
}

/** The limit that allows the fewest requests per second. */
function tightestLimit(limits: readonly RateLimit[]): RateLimit | undefined {
  return limits.reduce<RateLimit | undefined>((a, l) => (a === undefined || l.max / l.intervalMs < a.max / a.intervalMs ? l : a), undefined);
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'agent'
  );
}

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
