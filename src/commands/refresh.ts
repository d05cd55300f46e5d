// Refresh (forget cached agents and calls, load what is visible again) and Show Log.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CallsView } from '../views/callsView';

export function registerRefreshCommand(context: vscode.ExtensionContext, services: Services, callsView: CallsView): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('voiceAi.refresh', () => {
      services.log.info('Refresh requested.');
      callsView.refresh();
    }),
    vscode.commands.registerCommand('voiceAi.showLog', () => services.log.show(true)),
  );
}
