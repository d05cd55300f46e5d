// "Open Call Details": from a call node of the tree (click or context menu: the node carries
// the call log, so no request), from another command with a call id or call log, or from the
// palette, where a QuickPick offers the recent calls (those the tree holds, or the newest page
// in one request), searchable by caller number, agent and summary, and still takes a pasted id.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { callLogFrom } from '../api/raw';
import type { CallLog } from '../api/schemas';
import { validateCallId } from '../services/ids';
import { failureMessage, safeText } from '../services/errors';
import { formatCallTime } from '../services/zones';
import type { CallPanelManager, OpenCallTarget } from '../panels/callPanel';
import type { CallsView } from '../views/callsView';
import { formatDuration, oneLine } from '../views/format';
import { readArgument } from './args';

/** Calls offered when the tree holds none: the newest page, one request. */
const RECENT_PAGE_SIZE = 50;

function toTarget(arg: unknown): OpenCallTarget | undefined {
  if (typeof arg === 'string') return validateCallId(arg) === undefined ? arg.trim() : undefined;
  const { callLog: given } = readArgument(arg);
  if (given === undefined) return undefined;
  const callLog = callLogFrom(given);
  if (callLog) return { callLog };
  // Not a call log the schema can read: open it by its id, so the panel shows what the API has.
  return validateCallId(given.id) === undefined ? given.id : undefined;
}

interface CallItem extends vscode.QuickPickItem {
  readonly target: OpenCallTarget;
}

function callItem(call: CallLog, services: Services): CallItem {
  const agent = services.agents.nameOf(call.agentId) ?? (call.isAgentDeleted ? vscode.l10n.t('deleted agent') : vscode.l10n.t('agent {0}', call.agentId));
  const caller = oneLine(call.fromNumber, 40) || vscode.l10n.t('Unknown caller');
  return {
    label: `$(call-incoming) ${caller}`,
    // The agent's name and the summary are searchable (matchOnDescription / matchOnDetail).
    description: [formatCallTime(call.createdAt, services.settings.timeZone()), oneLine(agent, 40), formatDuration(call.duration)].join(' · '),
    detail: oneLine(call.summary, 160) || undefined,
    target: { callLog: call },
  };
}

/** The QuickPick of recent calls; resolves to what to open, or undefined when dismissed. */
async function pickCall(services: Services, callsView: CallsView | undefined): Promise<OpenCallTarget | undefined> {
  const qp = vscode.window.createQuickPick<CallItem>();
  qp.title = vscode.l10n.t('Open Call Details');
  qp.placeholder = vscode.l10n.t('Search recent calls by caller number, agent or summary, or paste a call ID');
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.ignoreFocusOut = true;
  let calls: CallItem[] = [];
  const idItem = (value: string): CallItem[] => {
    const id = value.trim();
    if (id === '' || validateCallId(id) !== undefined) return [];
    // Shown whatever the filter matches: a pasted id opens that call.
    return [{ label: `$(go-to-file) ${vscode.l10n.t('Open call ID {0}', id)}`, alwaysShow: true, target: id }];
  };
  const update = () => {
    qp.items = [...idItem(qp.value), ...calls];
  };
  qp.onDidChangeValue(update);
  const chosen = new Promise<OpenCallTarget | undefined>((resolve) => {
    qp.onDidAccept(() => {
      // A pasted id and Enter can arrive before the items are updated for it: the id still opens.
      const item = qp.activeItems[0] ?? qp.selectedItems[0] ?? idItem(qp.value)[0];
      if (!item) return;
      resolve(item.target);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
  });
  qp.show();
  const loaded = callsView?.provider.loadedCalls() ?? [];
  if (loaded.length > 0) {
    calls = loaded.map((c) => callItem(c, services));
    update();
  } else {
    qp.busy = true;
    try {
      const client = await services.connection.getClient();
      const page = await client.listCallLogs({ ...services.filter.toApiFilter(), pageSize: RECENT_PAGE_SIZE }, 1);
      calls = page.callLogs.map((c) => callItem(c, services));
      update();
    } catch (err) {
      // A pasted id still works; the reason stays in sight.
      qp.placeholder = vscode.l10n.t('Recent calls could not be loaded ({0}): paste a call ID', safeText(failureMessage(err)));
    } finally {
      qp.busy = false;
    }
  }
  try {
    return await chosen;
  } finally {
    qp.dispose();
  }
}

export function registerOpenCallCommand(context: vscode.ExtensionContext, services: Services, panels: CallPanelManager, callsView?: CallsView): void {
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
        target = await pickCall(services, callsView);
        if (target === undefined) return;
      }
      try {
        await panels.open(target, { startedAt: typeof target === 'string' ? performance.now() : startedAt, highlight });
      } catch (err) {
        services.log.error(err instanceof Error ? err : String(err));
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not open the call: {0}', safeText(err instanceof Error ? err.message : String(err))));
      }
    }),
  );
}
