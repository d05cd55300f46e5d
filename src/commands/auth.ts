// Set API Token, Clear API Token, Set Location ID. The token is checked with one cheap request
// before it is saved, and lives only in SecretStorage.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { failureKind, failureMessage, isAuthFailure, safeText } from '../services/errors';
import { validateLocationId } from '../services/ids';

/** What Set API Token did; returned so that tests (which pass the token) can assert on it. */
export interface SetTokenResult {
  readonly saved: boolean;
  readonly message: string;
}

function validateToken(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return vscode.l10n.t('Paste the token.');
  if (/\s/.test(v)) return vscode.l10n.t('A token has no spaces.');
  if (/^bearer\b/i.test(v)) return vscode.l10n.t('Paste the token alone, without "Bearer".');
  return undefined;
}

async function askLocationId(services: Services, value?: string): Promise<string | undefined> {
  const id = await vscode.window.showInputBox({
    title: vscode.l10n.t('Voice AI: Set Location ID'),
    prompt: vscode.l10n.t('The id of the Leadway sub-account (location) whose voice AI calls you want to see. Settings › Business Profile in the CRM, or the URL: /location/<id>/…'),
    value: value ?? services.connection.info()?.locationId ?? '',
    placeHolder: vscode.l10n.t('e.g. {0}', 've9EPM428h8vShlRW1KT'),
    ignoreFocusOut: true,
    validateInput: validateLocationId,
  });
  return id?.trim();
}

export function registerAuthCommands(context: vscode.ExtensionContext, services: Services): void {
  const { connection, log } = services;

  const leaveSampleMode = async () => {
    if (connection.info()?.sampleData) {
      await vscode.commands.executeCommand('voiceAi.stopSampleData');
    }
  };

  const setToken = async (tokenArg?: unknown): Promise<SetTokenResult | undefined> => {
    const interactive = typeof tokenArg !== 'string';
    const token = interactive
      ? await vscode.window.showInputBox({
          title: vscode.l10n.t('Voice AI: Set API Token'),
          prompt: vscode.l10n.t('A Private Integration token (or location access token) with the voice-ai-dashboard.readonly and voice-ai-agents.readonly scopes. Stored only in VS Code SecretStorage.'),
          password: true,
          ignoreFocusOut: true,
          placeHolder: 'pit-…',
          validateInput: validateToken,
        })
      : tokenArg;
    if (token === undefined) {
      return undefined;
    }
    const problem = validateToken(token);
    if (problem) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Voice AI: {0}', problem));
      return { saved: false, message: problem };
    }
    let locationId = vscode.workspace.getConfiguration('voiceAi').get<string>('locationId', '').trim();
    const askedLocation = !locationId;
    if (!locationId) {
      if (!interactive) {
        const message = vscode.l10n.t('Set voiceAi.locationId before the token, so that it can be checked.');
        void vscode.window.showErrorMessage(vscode.l10n.t('Voice AI: {0}', message));
        return { saved: false, message };
      }
      // The token can only be checked against a location: ask for it in the same flow.
      const id = await askLocationId(services);
      if (!id) return undefined;
      locationId = id;
    }
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Voice AI: checking the token…') },
        () => connection.checkToken(token.trim(), locationId),
      );
    } catch (err) {
      // Shown in notifications: no link may form from the server's words.
      const reason = safeText(failureMessage(err));
      log.warn(`The token check failed: ${reason}`);
      if (isAuthFailure(err) || failureKind(err) === 'validation') {
        const message = vscode.l10n.t('The API refused this token for location {0}: {1}. The token was not saved.', locationId, reason);
        if (interactive) {
          void vscode.window.showErrorMessage(message, vscode.l10n.t('Try Again')).then((c) => c && vscode.commands.executeCommand('voiceAi.setToken'));
        } else {
          void vscode.window.showErrorMessage(message);
        }
        return { saved: false, message };
      }
      // The API could not be asked (offline, timeout, server error): the user may still save.
      const message = vscode.l10n.t("Couldn't check the token: {0}", reason);
      if (!interactive) {
        void vscode.window.showWarningMessage(vscode.l10n.t("Couldn't check the token: {0}. The token was not saved.", reason));
        return { saved: false, message };
      }
      const saveAnyway = vscode.l10n.t('Save Anyway');
      const choice = await vscode.window.showWarningMessage(message, saveAnyway, vscode.l10n.t('Cancel'));
      if (choice !== saveAnyway) {
        return { saved: false, message };
      }
    }
    if (askedLocation) {
      await vscode.workspace.getConfiguration('voiceAi').update('locationId', locationId, vscode.ConfigurationTarget.Global);
    }
    await leaveSampleMode();
    await connection.setToken(token);
    const message = vscode.l10n.t('API token saved in SecretStorage for location {0}.', locationId);
    log.info(`API token saved in SecretStorage for location ${locationId}.`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Voice AI: {0}', message));
    return { saved: true, message };
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('voiceAi.setToken', setToken),
    vscode.commands.registerCommand('voiceAi.clearToken', async () => {
      await connection.clearToken();
      log.info('API token removed from SecretStorage.');
      // The account's calls stay on this computer unless the user deletes them too.
      const hasLocalData = (services.store.get()?.coverage().callCount ?? 0) > 0;
      if (!hasLocalData) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Voice AI: API token removed.'));
        return;
      }
      const remove = vscode.l10n.t('Delete Local Data');
      void vscode.window
        .showInformationMessage(vscode.l10n.t('Voice AI: API token removed. Delete the calls stored on this computer for this account too?'), remove, vscode.l10n.t('Keep'))
        .then((choice) => choice === remove && vscode.commands.executeCommand('voiceAi.clearLocalData', { confirm: false }));
    }),
    vscode.commands.registerCommand('voiceAi.setLocationId', async (idArg?: unknown) => {
      const id = typeof idArg === 'string' ? idArg.trim() : await askLocationId(services);
      if (id === undefined || id === '') return;
      const problem = validateLocationId(id);
      if (problem) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Voice AI: {0}', problem));
        return;
      }
      const inspect = vscode.workspace.getConfiguration('voiceAi').inspect<string>('locationId');
      const target = inspect?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration('voiceAi').update('locationId', id, target);
    }),
  );
}
