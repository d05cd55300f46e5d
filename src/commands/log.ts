// Show Log: the extension's output channel (requests, failures, what a refresh did).
import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerLogCommand(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand('voiceAi.showLog', () => services.log.show(true)));
}
