// The local call store's controls: Sync Now, Cancel Sync and Clear Local Data. Clear API Token
// offers to delete the account's local data too (commands/auth.ts calls offerToClear).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { failureMessage, safeText } from '../services/errors';
import { formatNumber } from '../shared/locale';

/** Why the store cannot do something, in words (undefined when it can). */
export function storeMissing(services: Services): string | undefined {
  switch (services.store.absence()) {
    case 'off':
      return vscode.l10n.t('The local call store is turned off (setting voiceAi.store.enabled).');
    case 'noAccount':
      return vscode.l10n.t('No account is set: run Set API Token and Set Location ID, or Try Sample Data.');
    case 'unavailable':
      return vscode.l10n.t('The local call store cannot run in this VS Code: {0}', services.store.unavailableReason() ?? '');
    default:
      return undefined;
  }
}

/** Asks, then empties the account's store. Resolves true when it was emptied. */
export async function clearLocalData(services: Services, confirm: boolean): Promise<boolean> {
  if (confirm) {
    const clear = vscode.l10n.t('Clear Local Data');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete the calls and agents stored on this computer for this account?'),
      {
        modal: true,
        detail: vscode.l10n.t('The calls stay in the CRM. The store fills again with the next sync (at the next start, Refresh or Sync Now) unless voiceAi.store.enabled is off.'),
      },
      clear,
    );
    if (choice !== clear) return false;
  }
  const cleared = await services.store.clear();
  void vscode.window.showInformationMessage(cleared ? vscode.l10n.t('Voice AI: local call data deleted.') : vscode.l10n.t('Voice AI: there was no local call data for this account.'));
  return cleared;
}

export function registerStoreCommands(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('voiceAi.syncNow', async () => {
      const missing = storeMissing(services);
      if (missing) {
        void vscode.window.showWarningMessage(missing);
        return undefined;
      }
      try {
        const result = await services.store.sync('user');
        if (result) {
          const count = result.addedCount ?? result.added.length;
          const stored = count === 1 ? vscode.l10n.t('Voice AI: 1 new call stored') : vscode.l10n.t('Voice AI: {0} new calls stored', formatNumber(count));
          const removed = result.removed ?? 0;
          const gone = removed === 0 ? '' : removed === 1 ? vscode.l10n.t('removed 1 call deleted in the CRM') : vscode.l10n.t('removed {0} calls deleted in the CRM', formatNumber(removed));
          vscode.window.setStatusBarMessage(gone ? `${stored}; ${gone}` : stored, 5000);
        }
        return result;
      } catch (error) {
        services.notifyError(error, vscode.l10n.t('Syncing calls'));
        return undefined;
      }
    }),
    vscode.commands.registerCommand('voiceAi.cancelSync', () => {
      services.store.cancelSync();
    }),
    // `{ confirm: false }` from tests and scripts skips the question.
    vscode.commands.registerCommand('voiceAi.clearLocalData', async (options?: unknown) => {
      const confirm = !(typeof options === 'object' && options !== null && (options as { confirm?: unknown }).confirm === false);
      try {
        return await clearLocalData(services, confirm);
      } catch (error) {
        services.log.error(`Clearing local data failed: ${failureMessage(error)}`);
        void vscode.window.showErrorMessage(safeText(vscode.l10n.t('Voice AI: could not delete the local data: {0}', failureMessage(error))));
        return false;
      }
    }),
  );
}
