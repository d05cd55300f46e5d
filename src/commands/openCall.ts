// "Open Call Details": from a call node of the tree (click or context menu: the node carries
// the call log, so no request), from another command with a call id or call log, or from the
// palette, where it asks for a call id and the panel fetches the call.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { callLogFrom } from '../api/raw';
import { validateCallId } from '../services/ids';
import { safeText } from '../services/errors';
import type { CallPanelManager, OpenCallTarget } from '../panels/callPanel';
import { readArgument } from './args';

function toTarget(arg: unknown): OpenCallTarget | undefined {
  if (typeof arg === 'string') return validateCallId(arg) === undefined ? arg.trim() : undefined;
  const { callLog: given } = readArgument(arg);
  if (given === undefined) return undefined;
  const callLog = callLogFrom(given);
  if (callLog) return { callLog };
  // Not a call log the schema can read: open it by its id, so the panel shows what the API has.
  return validateCallId(given.id) === undefined ? given.id : undefined;
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
      // A search result opens with its words marked.
      const { node } = readArgument(arg);
      const highlight = node?.kind === 'searchHit' ? node.query : undefined;
      if (arg !== undefined && target === undefined) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Open Call Details: this is not a call log or a call log ID.'));
        return;
      }
      if (target === undefined) {
        const id = await vscode.window.showInputBox({
          title: vscode.l10n.t('Open Call Details'),
          prompt: vscode.l10n.t('The ID of a call log of this location'),
          placeHolder: vscode.l10n.t('e.g. {0}', '507f1f77bcf86cd799439011'),
          ignoreFocusOut: true,
          validateInput: validateCallId,
        });
        if (id === undefined) return;
        target = id.trim();
      }
      try {
        await panels.open(target, { startedAt, highlight });
      } catch (err) {
        services.log.error(err instanceof Error ? err : String(err));
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not open the call: {0}', safeText(err instanceof Error ? err.message : String(err))));
      }
    }),
  );
}
