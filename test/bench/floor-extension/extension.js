// Bench only (store-vscode.mjs): the smallest extension whose tree, restored with one list open,
// has the same shape as ours (a few roots, the first expanded, 50 rows under it) and answers every
// question at once from memory: a reference for ours at the same moments. From the page's start it is
// the floor any extension starts from; from its own activate() it can be slower than ours, whose
// activation begins later in the window's start (more code to load).
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS extension, loaded by VS Code with require() */
const vscode = require('vscode');
const fs = require('node:fs');
const path = require('node:path');

exports.activate = function activate(context) {
  const activatedAt = performance.now();
  const marks = { activatedAtEpoch: Math.round(performance.timeOrigin + activatedAt) };
  const mark = (name) => (marks[name] ??= Math.round(performance.now() - activatedAt));
  const roots = ['All calls', 'Agent 1', 'Agent 2', 'Agent 3'].map((label, i) => {
    const item = new vscode.TreeItem(label, i === 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `list${i}`;
    item.iconPath = new vscode.ThemeIcon('robot');
    return item;
  });
  const rows = (parent) =>
    Array.from({ length: 50 }, (_, i) => {
      const item = new vscode.TreeItem(`Call ${i + 1}`, vscode.TreeItemCollapsibleState.None);
      item.id = `${parent.id}/call${i}`;
      item.description = 'inbound · 2 min';
      item.iconPath = new vscode.ThemeIcon('call-incoming');
      return item;
    });
  const treeDataProvider = {
    getTreeItem: (item) => item,
    getChildren: (parent) => {
      if (!parent) {
        mark('rootsAsked');
        return roots;
      }
      mark('listAsked');
      const answer = rows(parent);
      if (marks.listAnswered === undefined) {
        mark('listAnswered');
        fs.mkdirSync(context.globalStorageUri.fsPath, { recursive: true });
        fs.appendFileSync(path.join(context.globalStorageUri.fsPath, 'marks.jsonl'), JSON.stringify(marks) + '\n');
      }
      return answer;
    },
  };
  context.subscriptions.push(vscode.window.createTreeView('warmStartFloor.tree', { treeDataProvider }));
};
