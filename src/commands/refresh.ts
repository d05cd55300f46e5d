// Loading the tree again: Refresh (forget cached agents and calls, load what is visible again),
// Retry (an error row's: that list only, or everything for the agent list) and Load More.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CallsView } from '../views/callsView';
import { readArgument } from './args';

export function registerRefreshCommands(context: vscode.ExtensionContext, services: Services, callsView: CallsView): void {
  const { provider } = callsView;
  context.subscriptions.push(
    vscode.commands.registerCommand('voiceAi.refresh', () => {
      services.log.info('Refresh requested.');
      services.watch.markAllSeen();
      callsView.refresh();
      // With the local store, Refresh also brings it up to date (the views read it again after).
      if (services.store.get()) void services.store.sync('user').catch((error: unknown) => services.notifyError(error, vscode.l10n.t('Syncing calls')));
    }),
    vscode.commands.registerCommand('voiceAi.retry', (arg?: unknown) => {
      const { node } = readArgument(arg);
      if (node?.kind === 'error') {
        // The row's inline Retry button passes the row: do what clicking it does.
        return vscode.commands.executeCommand(node.retry.command, ...(node.retry.arguments ?? []));
      }
      provider.retry(node?.kind === 'agent' || node?.kind === 'allCalls' ? node : undefined);
      return undefined;
    }),
    vscode.commands.registerCommand('voiceAi.loadMore', (arg?: unknown) => {
      const { node } = readArgument(arg);
      return node?.kind === 'loadMore' ? provider.loadMore(node) : undefined;
    }),
  );
}
