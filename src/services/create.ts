// Builds the services once per activation. Makes no request: everything loads lazily.
import * as vscode from 'vscode';
import type { Services } from './index';
import { Settings } from './settings';
import { Connection } from './connection';
import { Agents } from './agents';
import { FilterStore } from './filterStore';
import { ActivityRegistry } from './activity';
import { failureKind, failureMessage, isAuthFailure, safeText } from './errors';

export interface ActivationServices extends Services {
  readonly connection: Connection;
  readonly settings: Settings;
}

export function createServices(context: vscode.ExtensionContext): ActivationServices {
  const log = vscode.window.createOutputChannel('Voice AI Call Logs', { log: true });
  const settings = new Settings(log);
  const connection = new Connection(context.secrets, settings, log);
  const agents = new Agents(connection);
  const filter = new FilterStore(context.workspaceState, settings, agents, log);
  const activity = new ActivityRegistry();
  context.subscriptions.push(
    log,
    activity,
    settings,
    connection,
    filter,
    // A different account or location has different agents.
    connection.onDidChange(() => agents.invalidate()),
  );

  const notifyError = (error: unknown, doing: string): void => {
    const kind = failureKind(error);
    if (kind === 'aborted') {
      return;
    }
    const message = `${doing} failed: ${failureMessage(error)}`;
    log.error(message);
    const actions: string[] = [];
    if (isAuthFailure(error) || kind === 'noToken') {
      actions.push('Set API Token');
    }
    if (kind === 'forbidden' || kind === 'noLocation') {
      actions.push('Set Location ID');
    }
    if (kind === 'noToken' || kind === 'noLocation') {
      actions.push('Try Sample Data');
    }
    actions.push('Show Log');
    const show = kind === 'noToken' || kind === 'noLocation' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    void show(safeText(message), ...actions).then((choice) => {
      switch (choice) {
        case 'Set API Token':
          return vscode.commands.executeCommand('voiceAi.setToken');
        case 'Set Location ID':
          return vscode.commands.executeCommand('voiceAi.setLocationId');
        case 'Try Sample Data':
          return vscode.commands.executeCommand('voiceAi.trySampleData');
        case 'Show Log':
          return log.show(true);
      }
      return undefined;
    });
  };

  return { connection, settings, filter, agents, log, activity, notifyError };
}
