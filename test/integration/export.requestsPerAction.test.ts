// For `npm run bench`: the requests the local API server receives for each user action in a
// scripted session in the real VS Code (the view shown, an agent expanded through the tree
// view, a listed call opened, Load more). Writes test/.runs/requests-per-action.json, which
// test/bench/run.mjs reads.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ApiServer } from '../api-server/server';
import type { AgentNode, CallNode, CallsTreeNode, LoadMoreNode } from '../../src/views/nodes';
import { activate, children, connect, resetExtension, roots, sleep, startServer, waitFor, type ExtensionExports } from './helpers';

// out/test/integration → the repository root.
const RESULT_FILE = path.resolve(__dirname, '../../../test/.runs/requests-per-action.json');

describe('Export bench: requests per user action', function () {
  this.timeout(60_000);
  let server: ApiServer;
  let api: ExtensionExports;

  before(async () => {
    server = await startServer({ calls: 600 });
    api = (await activate()).api;
    await connect(api, server);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetExtension();
    await server.stop();
  });

  it('expand an agent: 1, open a listed call: 0, load more: 1', async () => {
    // Show the view as a user would; let it load its roots before counting.
    await vscode.commands.executeCommand('workbench.view.extension.voiceAi');
    await waitFor(async () => (await roots(api)).some((n) => n.kind === 'agent'), 'the agents to show');
    await sleep(500);
    const agents = (await roots(api)).filter((n: CallsTreeNode): n is AgentNode => n.kind === 'agent');
    assert.ok(agents.length > 0);

    // Expand through the tree view itself, so that VS Code asks for the children.
    server.clearRequests();
    await api.callsView.view.reveal(agents[0], { expand: true, select: false, focus: false });
    let kids = await children(api, agents[0]);
    await sleep(500);
    const expand = server.requests.length;
    const described = server.requests.map((r) => `${r.path}?page=${r.query.page ?? ''}`);

    const call = kids.find((n): n is CallNode => n.kind === 'call');
    assert.ok(call, 'the agent has calls');
    server.clearRequests();
    await vscode.commands.executeCommand('voiceAi.openCall', call);
    await sleep(800);
    const openListedCall = server.requests.length;

    kids = await children(api, agents[0]);
    const more = kids.find((n): n is LoadMoreNode => n.kind === 'loadMore');
    assert.ok(more, 'the agent has more calls than one page');
    server.clearRequests();
    await vscode.commands.executeCommand('voiceAi.loadMore', more);
    await sleep(500);
    const loadMore = server.requests.length;

    const measured = { expand, openListedCall, loadMore, measuredAt: new Date().toISOString(), vscode: vscode.version, expandRequests: described };
    await fs.mkdir(path.dirname(RESULT_FILE), { recursive: true });
    await fs.writeFile(RESULT_FILE, JSON.stringify(measured, null, 2) + '\n');
    console.log(`EXPORT-BENCH requests per action ${JSON.stringify({ expand, openListedCall, loadMore })}`);
    assert.deepEqual({ expand, openListedCall, loadMore }, { expand: 1, openListedCall: 0, loadMore: 1 });
  });
});
