// The conventions a VS Code user expects: a call's Copy Call ID / Copy Caller Number put the right
// text on the clipboard (read back through VS Code's clipboard), Open Contact in CRM refuses what
// has no contact page (opening itself is watched in the UI test: VS Code hands the URL to the
// browser, where Playwright sees the new page), the status bar names the account in use and
// shows an export while it runs, and the walkthrough's steps complete on commands that exist.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ApiServer } from '../api-server/server';
import type { CallNode } from '../../src/views/nodes';
import type { StatusBar } from '../../src/views/statusBar';
import { EXTENSION_ID, activate, children, connect, firstAgent, resetExtension, roots, startServer, waitFor, type ExtensionExports } from './helpers';

describe('Conventions: copy, CRM link, status bar, walkthrough', function () {
  this.timeout(90_000);
  let server: ApiServer;
  let api: ExtensionExports & { statusBar: StatusBar };
  let calls: CallNode[];

  before(async () => {
    server = await startServer();
    api = (await activate()).api as ExtensionExports & { statusBar: StatusBar };
    await connect(api, server);
    const agent = firstAgent(await roots(api));
    calls = (await children(api, agent)).filter((n): n is CallNode => n.kind === 'call');
    assert.ok(calls.length > 2, 'the agent has calls');
  });

  after(async () => {
    await resetExtension();
    await server.stop();
  });

  it('Copy Call ID and Copy Caller Number put the call id and the caller number on the clipboard', async () => {
    const withNumber = calls.find((c) => typeof c.callLog.fromNumber === 'string' && c.callLog.fromNumber !== '');
    assert.ok(withNumber, 'a call with a caller number');
    await vscode.env.clipboard.writeText('before');
    assert.equal(await vscode.commands.executeCommand('voiceAi.copyCallId', withNumber), withNumber.callLog.id);
    assert.equal(await vscode.env.clipboard.readText(), withNumber.callLog.id);
    assert.equal(await vscode.commands.executeCommand('voiceAi.copyCallerNumber', withNumber), withNumber.callLog.fromNumber);
    assert.equal(await vscode.env.clipboard.readText(), withNumber.callLog.fromNumber);
  });

  it('the tree offers Open Contact in CRM only on calls with a contact', () => {
    for (const node of calls) {
      const item = api.callsView.provider.getTreeItem(node);
      const hasContact = typeof node.callLog.contactId === 'string' && node.callLog.contactId.trim() !== '';
      assert.equal(item.contextValue, hasContact ? 'callLog.contact' : 'callLog', node.callLog.id);
    }
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, { command: string; when: string }[]> } };
    const menu = manifest.contributes.menus['view/item/context'];
    assert.match(menu.find((m) => m.command === 'voiceAi.openContactInCrm')?.when ?? '', /viewItem == callLog\.contact/);
    for (const command of ['voiceAi.copyCallId', 'voiceAi.copyCallerNumber', 'voiceAi.openCall']) {
      assert.match(menu.find((m) => m.command === command)?.when ?? '', /viewItem =~ \/\^callLog\//, command);
    }
  });

  it('Open Contact in CRM opens nothing for a call without a contact, and refuses an invalid voiceAi.appUrl', async () => {
    const without = { ...calls[0].callLog, contactId: undefined };
    assert.equal(await vscode.commands.executeCommand('voiceAi.openContactInCrm', { callLog: without }), undefined);
    await vscode.workspace.getConfiguration('voiceAi').update('appUrl', 'http://crm.example.com', vscode.ConfigurationTarget.Global);
    await waitFor(() => vscode.workspace.getConfiguration('voiceAi').get('appUrl') === 'http://crm.example.com', 'the setting');
    // Plain http to another machine would send the user's CRM session in clear: the default is used.
    assert.equal(api.services.settings.appUrl(), 'https://app.gohighlevel.com');
    await vscode.workspace.getConfiguration('voiceAi').update('appUrl', 'https://app.mycrm.example/', vscode.ConfigurationTarget.Global);
    await waitFor(() => api.services.settings.appUrl() === 'https://app.mycrm.example', 'the white-label address, without its slash');
  });

  it('the status bar names the location in use and shows a running export', async () => {
    await api.statusBar.update();
    await waitFor(() => api.statusBar.account.text.includes(server.locationId), `the location in the status bar (${api.statusBar.account.text})`);
    assert.equal(api.statusBar.account.command, 'voiceAi.setLocationId');
    server.setFaults({ latencyMs: 300 });
    const seen: string[] = [];
    const sub = api.services.activity.onDidChange(() => seen.push(api.statusBar.activity.text));
    try {
      const outcome = await vscode.commands.executeCommand<{ count: number }>('voiceAi.exportCalls', { target: 'editor', quiet: true });
      assert.ok(outcome && outcome.count > 0);
    } finally {
      sub.dispose();
      server.setFaults({});
    }
    assert.ok(seen.some((t) => /Export: .*calls/.test(t)), `an export activity was shown: ${JSON.stringify(seen)}`);
    assert.equal(api.services.activity.current().length, 0, 'the activity ends with the export');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the walkthrough has its six steps, each completed by a command the extension registers', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { walkthroughs: { id: string; steps: { id: string; completionEvents: string[]; description: string }[] }[] };
    };
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthrough.id, 'voiceAi.gettingStarted');
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['setToken', 'setLocation', 'sampleData', 'openCall', 'filter', 'export'],
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents.length > 0, step.id);
      for (const event of step.completionEvents) {
        assert.match(event, /^onCommand:voiceAi\./, step.id);
        assert.ok(registered.has(event.slice('onCommand:'.length)), `${step.id}: ${event} is not a registered command`);
      }
    }
  });
});
