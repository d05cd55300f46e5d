// Voice AI: Show Analytics — from the palette and the view title (every agent), or an agent's
// context menu (that agent). The exports it offers are in export.ts.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { AnalyticsDashboard } from '../panels/analytics/dashboardPanel';
import { readArgument } from './args';

export function registerAnalyticsCommands(context: vscode.ExtensionContext, services: Services, dashboard: AnalyticsDashboard): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('voiceAi.showAnalytics', (arg?: unknown) => {
      const startedAt = performance.now();
      try {
        dashboard.show(readArgument(arg).agent?.id, startedAt);
      } catch (error) {
        services.notifyError(error, vscode.l10n.t('Opening the analytics'));
      }
      return dashboard;
    }),
  );
}
