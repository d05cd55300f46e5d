// Wiring only: every feature registers itself from its own module.
import * as vscode from 'vscode';
import { createServices } from './services/create';
import { configureLocalization } from './services/l10n';
import { registerAuthCommands } from './commands/auth';
import { registerFilterCommands } from './commands/filter';
import { registerSampleDataCommands } from './commands/sampleData';
import { registerRefreshCommands } from './commands/refresh';
import { registerLogCommand } from './commands/log';
import { registerCallsView } from './views/callsView';
import { registerStatusBar } from './views/statusBar';
import { registerCallPanels } from './panels/callPanel';
import { registerOpenCallCommand } from './commands/openCall';
import { registerCallActionCommands } from './commands/callActions';
import { registerRecordingCommands } from './commands/recording';
import { registerExportCommands, stopRunningExports } from './commands/export';
import { registerLanguageModelTools } from './lm/tools';
import { registerMcpServerProvider } from './lm/mcpProvider';
import { registerAnalyticsDashboard } from './panels/analytics/dashboardPanel';
import { registerAnalyticsCommands } from './commands/analytics';
import { registerStoreCommands } from './commands/store';
import { registerSearchCommands } from './commands/search';
import { registerWatchCommands } from './commands/watch';
import { registerSyncStatus } from './views/syncStatus';

export async function activate(context: vscode.ExtensionContext) {
  const activatedAt = performance.now();
  // Test builds: the extension host's memory before our services exist (the bench's store figure).
  const rssAtActivation = __TEST_HOOKS__ ? process.memoryUsage().rss : 0;
  configureLocalization();
  const services = createServices(context);
  if (__TEST_HOOKS__) services.log.info(`Extension host RSS at activation ${(rssAtActivation / 2 ** 20).toFixed(1)} MB.`);
  const callsView = registerCallsView(context, services, activatedAt);
  // The restored view's rows first. Each registration below is a message the window handles before
  // it asks the tree for rows (it asks behind a timer), ~70 ms in all on a busy start. A command or
  // panel that activated us waits as well, only while the view is shown and its rows are at hand.
  const firstRows = await callsView.firstRowsAnswered;
  registerAuthCommands(context, services);
  registerFilterCommands(context, services);
  registerSampleDataCommands(context, services);
  registerRefreshCommands(context, services, callsView);
  registerLogCommand(context, services);
  const callPanels = registerCallPanels(context, services);
  registerOpenCallCommand(context, services, callPanels, callsView);
  registerCallActionCommands(context, services, callsView);
  registerRecordingCommands(context, services, callPanels, callsView);
  registerExportCommands(context, services);
  registerStoreCommands(context, services);
  registerSearchCommands(context, services, callsView);
  registerWatchCommands(context, services);
  registerSyncStatus(context, services);
  services.watch.start();
  const statusBar = registerStatusBar(context, services);
  registerLanguageModelTools(context, services);
  const mcpServer = registerMcpServerProvider(context, services);
  const analytics = registerAnalyticsDashboard(context, services);
  registerAnalyticsCommands(context, services, analytics);
  if (__TEST_HOOKS__) services.log.info(`activate() returned after ${Math.round(performance.now() - activatedAt)} ms (the view's first rows: ${firstRows}).`);
  // Returned for the integration tests, which run in the same extension host (test builds only).
  return __TEST_HOOKS__ ? { services, callsView, callPanels, statusBar, mcpServer, analytics } : undefined;
}

export function deactivate(): void {
  // Disposables registered on the context are cleaned up by VS Code. A window reload mid-export
  // would leave its temporary file (up to 200 MB) behind: removed now, synchronously.
  stopRunningExports();
}
