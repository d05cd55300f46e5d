// Two status bar items: the account in use (the sub-account's location id, or "Sample data";
// a click switches it, or asks for what is missing) and, while any runs, the latest background
// activity (an export, a sync) from services.activity, whose click opens that activity's command.
import * as vscode from 'vscode';
import type { Services } from '../services';

export interface StatusBar {
  readonly account: vscode.StatusBarItem;
  readonly activity: vscode.StatusBarItem;
  /** Resolves once the account item shows the current connection (tests). */
  update(): Promise<void>;
}

export function registerStatusBar(context: vscode.ExtensionContext, services: Services): StatusBar {
  const account = vscode.window.createStatusBarItem('voiceAi.account', vscode.StatusBarAlignment.Left, 10);
  account.name = vscode.l10n.t('Voice AI: Account');
  const activity = vscode.window.createStatusBarItem('voiceAi.activity', vscode.StatusBarAlignment.Left, 9);
  activity.name = vscode.l10n.t('Voice AI: Background Activity');

  let generation = 0;
  const updateAccount = async (): Promise<void> => {
    const mine = ++generation;
    const status = await services.connection.status();
    if (mine !== generation) return;
    const info = services.connection.info();
    if (info?.sampleData) {
      account.text = `$(beaker) ${vscode.l10n.t('Sample data')}`;
      account.tooltip = vscode.l10n.t('Voice AI: made-up agents and calls from a local server. Click to stop and return to your account.');
      account.command = 'voiceAi.stopSampleData';
    } else if (status === 'noToken') {
      account.text = `$(key) ${vscode.l10n.t('Voice AI: no token')}`;
      account.tooltip = vscode.l10n.t('Voice AI: no API token is set. Click to set it.');
      account.command = 'voiceAi.setToken';
    } else if (status === 'noLocation' || !info) {
      account.text = `$(account) ${vscode.l10n.t('Voice AI: no location')}`;
      account.tooltip = vscode.l10n.t('Voice AI: no sub-account (location) is set. Click to set it.');
      account.command = 'voiceAi.setLocationId';
    } else {
      account.text = `$(account) ${info.locationId}`;
      account.tooltip = vscode.l10n.t('Voice AI: calls of the sub-account (location) {0}. Click to switch to another one.', info.locationId);
      account.command = 'voiceAi.setLocationId';
    }
    account.show();
  };

  const updateActivity = (): void => {
    const running = services.activity.current();
    const latest = running.at(-1);
    if (!latest) {
      activity.hide();
      return;
    }
    activity.text = `$(sync~spin) ${latest.text}`;
    activity.tooltip = running.length > 1 ? running.map((a) => a.tooltip ?? a.text).join('\n') : (latest.tooltip ?? latest.text);
    activity.command = latest.command;
    activity.show();
  };

  let pending = updateAccount();
  const refresh = () => {
    pending = updateAccount().catch((err: unknown) => services.log.warn(`Status bar: ${String(err)}`));
  };
  context.subscriptions.push(account, activity, services.connection.onDidChange(refresh), services.activity.onDidChange(updateActivity));
  return { account, activity, update: () => pending };
}
