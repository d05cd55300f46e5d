// A call's context-menu actions in the Agents & Calls tree (also from the palette with a call
// log or its id, and from keybindings): Copy Call ID, Copy Caller Number, Open Contact in CRM.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { contactUrl } from '../services/crm';
import type { CallsView } from '../views/callsView';
import { readArgument } from './args';

/** What the actions read of a call: the tree node's call log, or a call log object given as such. */
interface CallFields {
  readonly id?: string;
  readonly fromNumber?: unknown;
  readonly contactId?: unknown;
}

function callIn(arg: unknown): CallFields | undefined {
  const { callLog, callId } = readArgument(arg);
  if (callLog) return callLog as CallFields;
  return callId ? { id: callId } : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

const FROM_TREE = () => vscode.l10n.t('Run it from a call in the Agents & Calls view.');

async function copy(value: string, copied: string): Promise<void> {
  await vscode.env.clipboard.writeText(value);
  vscode.window.setStatusBarMessage(copied, 3000);
}

export function registerCallActionCommands(context: vscode.ExtensionContext, services: Services, callsView?: CallsView): void {
  // From a keybinding (Ctrl+C in the tree) no argument comes: the focused row is the selection.
  const callOf = (arg: unknown) => callIn(arg ?? callsView?.view.selection[0]);
  context.subscriptions.push(
    vscode.commands.registerCommand('voiceAi.copyCallId', async (arg?: unknown) => {
      const id = text(callOf(arg)?.id);
      if (!id) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Copy Call ID: {0}', FROM_TREE()));
        return undefined;
      }
      await copy(id, vscode.l10n.t('Copied call ID {0}', id));
      return id;
    }),
    vscode.commands.registerCommand('voiceAi.copyCallerNumber', async (arg?: unknown) => {
      const call = callOf(arg);
      if (!call) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Copy Caller Number: {0}', FROM_TREE()));
        return undefined;
      }
      const number = text(call.fromNumber);
      if (!number) {
        void vscode.window.showInformationMessage(vscode.l10n.t('This call has no caller number (the caller hid it, or it was a trial call).'));
        return undefined;
      }
      await copy(number, vscode.l10n.t('Copied caller number {0}', number));
      return number;
    }),
    vscode.commands.registerCommand('voiceAi.openContactInCrm', async (arg?: unknown) => {
      const call = callOf(arg);
      if (!call) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Open Contact in CRM: {0}', FROM_TREE()));
        return undefined;
      }
      const contactId = text(call.contactId);
      if (!contactId) {
        void vscode.window.showInformationMessage(vscode.l10n.t('This call has no contact in the CRM.'));
        return undefined;
      }
      const info = services.connection.info();
      if (!info || info.sampleData) {
        // Made-up contacts: the CRM would show "not found" for them.
        void vscode.window.showInformationMessage(
          info ? vscode.l10n.t('Sample data: contact {0} is made up, so the CRM has no page for it.', contactId) : vscode.l10n.t('Set the location ID first: the contact page belongs to a sub-account.'),
        );
        return undefined;
      }
      const url = contactUrl(services.settings.appUrl(), info.locationId, contactId);
      services.log.info(`Opening contact ${contactId} in the CRM: ${url}`);
      const opened = await vscode.env.openExternal(vscode.Uri.parse(url, true));
      return opened ? url : undefined;
    }),
  );
}
