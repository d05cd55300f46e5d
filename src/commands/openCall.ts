// "Open Call Details": from a call node of the tree (click or context menu: the node carries
// the call log, so no request), from another command with a call id or call log, or from the
// palette, where it asks for a call id and the panel fetches the call.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { looksLikeCallLog, type CallPanelManager, type OpenCallTarget } from '../panels/callPanel';

/** Call ids are opaque, but never contain spaces or URL delimiters. */
export function validateCallId(value: string): string | undefined {
  const id = value.trim();
  if (id === '') return 'Enter the ID of a call log.';
  if (id.length > 128) return 'That is too long for a call log ID.';
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return 'A call log ID contains only letters, digits, "-" and "_".';
  return undefined;
}

function toTarget(arg: unknown): OpenCallTarget | undefined {
  if (typeof arg === 'string') return validateCallId(arg) === undefined ? arg.trim() : undefined;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as { callLog?: unknown };
  if (looksLikeCallLog(node.callLog)) return { callLog: node.callLog };
  if (looksLikeCallLog(arg)) return arg;
  return undefined;
}

export function registerOpenCallCommand(context: vscode.ExtensionContext, services: Services, panels: CallPanelManager): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('voiceAi.openCall', async (arg?: unknown, selected?: unknown) => {
      const startedAt = performance.now();
      // From a multi-selection in the tree, VS Code passes the clicked node and all selected nodes.
      const many = Array.isArray(selected) && selected.length > 1 ? selected.map(toTarget) : undefined;
      if (many) {
        for (const t of many) if (t) await panels.open(t, { startedAt, preserveFocus: true });
        return;
      }
      let target = arg === undefined ? undefined : toTarget(arg);
      if (arg !== undefined && target === undefined) {
        void vscode.window.showErrorMessage('Open Call Details: this is not a call log or a call log ID.');
        return;
      }
      if (target === undefined) {
        const id = await vscode.window.showInputBox({
          title: 'Open Call Details',
          prompt: 'The ID of a call log of this location',
          placeHolder: 'e.g. 507f1f77bcf86cd799439011',
          ignoreFocusOut: true,
          validateInput: validateCallId,
        });
        if (id === undefined) return;
        target = id.trim();
      }
      try {
        await panels.open(target, { startedAt });
      } catch (err) {
        services.log.error(err instanceof Error ? err : String(err));
        void vscode.window.showErrorMessage(`Could not open the call: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
  );
}
