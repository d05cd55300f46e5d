// STUB (owned by the sidebar work).
import * as vscode from 'vscode';
import type { Services } from '../services';
export function registerCallsView(context: vscode.ExtensionContext, _services: Services) {
  const emitter = new vscode.EventEmitter<void>();
  const provider: vscode.TreeDataProvider<string> = {
    onDidChangeTreeData: emitter.event,
    getTreeItem: (label) => new vscode.TreeItem(label),
    getChildren: () => ['(stub) no agents yet'],
  };
  const view = vscode.window.createTreeView('voiceAi.calls', { treeDataProvider: provider });
  context.subscriptions.push(view, emitter);
  return { view, provider };
}
