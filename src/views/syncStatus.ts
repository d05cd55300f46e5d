// The local store's sync in the status bar while it runs (through the activity registry the
// account's status bar item shows): how far it got; a click cancels it (the next sync resumes
// where it stopped).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { formatNumber } from '../shared/locale';

export function registerSyncStatus(context: vscode.ExtensionContext, services: Services): void {
  const update = () => {
    const sync = services.store.syncing();
    void vscode.commands.executeCommand('setContext', 'voiceAi.syncing', sync !== undefined);
    if (!sync) {
      services.activity.setActivity('sync', undefined);
      return;
    }
    let text: string;
    if (sync.phase === 'starting' || sync.phase === 'incremental') {
      text = `$(sync~spin) ${vscode.l10n.t('Syncing calls')}`;
    } else {
      const done = formatNumber(sync.done);
      text = `$(sync~spin) ${sync.total === undefined ? vscode.l10n.t('Storing calls {0}', done) : vscode.l10n.t('Storing calls {0}/{1}', done, formatNumber(sync.total))}`;
    }
    services.activity.setActivity(
      'sync',
      text,
      'voiceAi.cancelSync',
      vscode.l10n.t("Voice AI: storing the location's calls on this computer, in the background. Click to cancel; the next sync resumes where it stopped."),
    );
  };
  update();
  context.subscriptions.push(services.store.onDidChangeSync(update), { dispose: () => services.activity.setActivity('sync', undefined) });
}
