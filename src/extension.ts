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
import { registerExportCommands, stopRunningExports } from './commands/export';
import { registerLanguageModelTools } from './lm/tools';
import { registerMcpServerProvider } from './lm/mcpProvider';
import { registerAnalyticsDashboard } from './panels/analytics/dashboardPanel';
import { registerAnalyticsCommands } from './commands/analytics';

export function activate(context: vscode.ExtensionContext) {
  configureLocalization();
  const services = createServices(context);
  const callsView = registerCallsView(context, services);
  registerAuthCommands(context, services);
  registerFilterCommands(context, services);
  registerSampleDataCommands(context, services);
  registerRefreshCommands(context, services, callsView);
  registerLogCommand(context, services);
  const callPanels = registerCallPanels(context, services);
  registerOpenCallCommand(context, services, callPanels, callsView);
  registerCallActionCommands(context, services, callsView);
  registerExportCommands(context, services);
  const statusBar = registerStatusBar(context, services);
  registerLanguageModelTools(context, services);
  const mcpServer = registerMcpServerProvider(context, services);
  const analytics = registerAnalyticsDashboard(context, services);
  registerAnalyticsCommands(context, services, analytics);
  // Returned for the integration tests, which run in the same extension host (test builds only).
  return __TEST_HOOKS__ ? { services, callsView, callPanels, statusBar, mcpServer, analytics } : undefined;
}

export function deactivate(): void {
  // Disposables registered on the context are cleaned up by VS Code. A window reload mid-export
  // would leave its temporary file (up to 200 MB) behind: removed now, synchronously.
  stopRunningExports();
}
