// Watch This Agent / Stop Watching This Agent (the agent's context menu): each new call of a
// watched agent that the watch finds raises a notification with Open — how people test an agent:
// call it, and the call pops up in VS Code.
import * as vscode from 'vscode';
import type { CallLog } from '../api/schemas';
import type { Services } from '../services';
import { safeText } from '../services/errors';
import { formatCallTime } from '../services/zones';
import { oneLine } from '../views/format';
import { readArgument } from './args';
import { formatNumber } from '../shared/locale';

/** More new calls of watched agents than this in one look: one notification for all. */
const ONE_BY_ONE = 3;

function agentOf(arg: unknown): { id: string; agentName?: string } | undefined {
  return readArgument(arg).agent;
}

export function registerWatchCommands(context: vscode.ExtensionContext, services: Services): void {
  const { watch } = services;
  const notify = (calls: readonly CallLog[]) => {
    const watched = watch.watchedAgentIds();
    const mine = calls.filter((c) => watched.has(c.agentId));
    if (mine.length === 0) return;
    const open = vscode.l10n.t('Open');
    if (mine.length > ONE_BY_ONE) {
      const show = vscode.l10n.t('Show');
      void vscode.window
        .showInformationMessage(vscode.l10n.t('Voice AI: {0} new calls to the agents you watch.', formatNumber(mine.length)), show)
        .then((c) => c && vscode.commands.executeCommand('voiceAi.calls.focus'));
      return;
    }
    for (const call of mine) {
      const agent = services.agents.nameOf(call.agentId) ?? call.agentId;
      const caller = typeof call.fromNumber === 'string' && call.fromNumber.trim() !== '' ? call.fromNumber : vscode.l10n.t('an unknown number');
      const when = formatCallTime(call.createdAt, services.settings.timeZone());
      // Names and numbers come from the server: no link may form from them.
      const text = safeText(vscode.l10n.t('New call to {0} from {1} ({2}).', oneLine(agent, 60), oneLine(caller, 40), when));
      void vscode.window.showInformationMessage(text, open).then((c) => c && vscode.commands.executeCommand('voiceAi.openCall', call));
    }
  };

  const setWatched = async (arg: unknown, watched: boolean) => {
    const agent = agentOf(arg);
    if (!agent) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Run it from an agent in the Agents & Calls view.'));
      return;
    }
    await watch.setWatched(agent.id, watched);
    const name = safeText(oneLine(agent.agentName ?? agent.id, 60));
    if (!watched) {
      vscode.window.setStatusBarMessage(vscode.l10n.t('Voice AI: no longer watching {0}', name), 4000);
      return;
    }
    const seconds = services.settings.watchIntervalSeconds();
    if (seconds === 0) {
      const openSettings = vscode.l10n.t('Open Settings');
      void vscode.window
        .showWarningMessage(vscode.l10n.t('Watching {0}, but the watch is off (voiceAi.watch.intervalSeconds is 0): no new call will be announced.', name), openSettings)
        .then((c) => c && vscode.commands.executeCommand('workbench.action.openSettings', 'voiceAi.watch.intervalSeconds'));
      return;
    }
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Watching {0}: each new call pops up here (checked every {1} s while VS Code has focus).', name, seconds),
    );
  };

  context.subscriptions.push(
    watch.onDidFindNewCalls(notify),
    vscode.commands.registerCommand('voiceAi.watchAgent', (arg?: unknown) => setWatched(arg, true)),
    vscode.commands.registerCommand('voiceAi.unwatchAgent', (arg?: unknown) => setWatched(arg, false)),
  );
}
