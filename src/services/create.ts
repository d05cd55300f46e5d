// Builds the services once per activation. Makes no request: everything loads lazily.
import * as vscode from 'vscode';
import type { Services } from './index';
import { Settings } from './settings';
import { Connection } from './connection';
import { Agents } from './agents';
import { FilterStore } from './filterStore';
import { ActivityRegistry } from './activity';
import { LocalStore } from './store/service';
import { CallWatch } from './watch/watch';
import { failureKind, failureMessage, isAuthFailure, safeText } from './errors';

export interface ActivationServices extends Services {
  readonly connection: Connection;
  readonly settings: Settings;
}

export function createServices(context: vscode.ExtensionContext): ActivationServices {
  const log = vscode.window.createOutputChannel('Voice AI Call Logs', { log: true });
  const settings = new Settings(log);
  const connection = new Connection(context.secrets, settings, log, context.globalState);
  const store = new LocalStore(context, connection, settings, log);
  const agents = new Agents(connection, () => store.get());
  const filter = new FilterStore(context.workspaceState, settings, agents, log);
  const activity = new ActivityRegistry();
  const watch = new CallWatch(context.globalState, connection, settings, store, log);
  context.subscriptions.push(
    log,
    activity,
    settings,
    connection,
    filter,
    store,
    watch,
    // A different account or location has different agents; a sync brings the current list.
    connection.onDidChange(() => agents.invalidate()),
    store.onDidChangeData(() => agents.invalidate()),
  );

  const notifyError = (error: unknown, doing: string): void => {
    const kind = failureKind(error);
    if (kind === 'aborted') {
      return;
    }
    const message = vscode.l10n.t('{0} failed: {1}', doing, failureMessage(error));
    log.error(message);
    // Each button with what it runs: the labels are translated, so the choice is matched by object.
    const actions: { title: string; run: () => unknown }[] = [];
    if (isAuthFailure(error) || kind === 'noToken') {
      actions.push({ title: vscode.l10n.t('Set API Token'), run: () => vscode.commands.executeCommand('voiceAi.setToken') });
    }
    if (kind === 'forbidden' || kind === 'noLocation') {
      actions.push({ title: vscode.l10n.t('Set Location ID'), run: () => vscode.commands.executeCommand('voiceAi.setLocationId') });
    }
    if (kind === 'noToken' || kind === 'noLocation') {
      actions.push({ title: vscode.l10n.t('Try Sample Data'), run: () => vscode.commands.executeCommand('voiceAi.trySampleData') });
    }
    actions.push({ title: vscode.l10n.t('Show Log'), run: () => log.show(true) });
    const show = kind === 'noToken' || kind === 'noLocation' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    void show(safeText(message), ...actions).then((choice) => choice?.run());
  };

  return { connection, settings, filter, agents, log, activity, store, watch, notifyError };
}
