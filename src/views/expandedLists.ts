// Which lists (All calls, an agent's calls) the user left open, per workspace. VS Code does not
// restore an extension tree's expansion after a reload; with this the tree comes back as it was
// left, and with the local store its calls show at once, with no request.
import * as vscode from 'vscode';

const KEY = 'voiceAi.expandedLists';
/** Enough for any real tree; an id that no longer exists just never matches. */
const LIMIT = 50;

export class ExpandedLists {
  constructor(private readonly memento: vscode.Memento) {}

  has(nodeId: string): boolean {
    return this.ids().includes(nodeId);
  }

  set(nodeId: string, expanded: boolean): void {
    const others = this.ids().filter((id) => id !== nodeId);
    void this.memento.update(KEY, expanded ? [nodeId, ...others].slice(0, LIMIT) : others);
  }

  private ids(): string[] {
    const value = this.memento.get<unknown>(KEY);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }
}
