// STUB (owned by the sidebar work).
import * as vscode from 'vscode';
import type { Services } from './index';
export function createServices(context: vscode.ExtensionContext): Services {
  const log = vscode.window.createOutputChannel('Voice AI Call Logs', { log: true });
  context.subscriptions.push(log);
  return { log } as unknown as Services;
}
