// The Agents & Calls tree inside a real VS Code against the local API server: the token set
// through the command, what activation and each expand cost in requests, the rows the tree
// shows, Load more, stable ids.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ApiServer } from '../api-server/server';
import { selectCallLogs } from '../api-server/routes';
import { TOKEN_SECRET_KEY } from '../../src/services/connection';
import type { AgentNode, AllCallsNode, CallNode, CallsTreeNode, LoadMoreNode } from '../../src/views/nodes';
import {
  AGENTS_PATH,
  CALL_LOGS_PATH,
  activate,
  children,
  connect,
  label,
  pointAt,
  requestsTo,
  resetExtension,
  roots,
  setSetting,
  setToken,
  sleep,
  startServer,
  waitFor,
  type ExtensionExports,
} from './helpers';

const ZONE = 'America/Chicago';

function isAgent(n: CallsTreeNode): n is AgentNode {
  return n.kind === 'agent';
}

function calls(nodes: CallsTreeNode[]): CallNode[] {
  return nodes.filter((n): n is CallNode => n.kind === 'call');
}

/** Ids of the calls the server holds for a query, in the server's order. */
function expectedIds(server: ApiServer, q: Parameters<typeof selectCallLogs>[1], count: number): string[] {
  return selectCallLogs(server.sample, q)
    .slice(0, count)
    .map((i) => server.sample.callLog(i).id);
}

describe('Sidebar: token, tree and request counts', function () {
  this.timeout(60_000);
  let server: ApiServer;
  let api: ExtensionExports;

  before(async () => {
    server = await startServer();
    api = (await activate()).api;
    // Keep the view hidden: the request counts below must come from the tests alone.
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  after(async () => {
    await resetExtension();
    await server.stop();
  });

  it('Set API Token refuses a wrong token without saving it, and saves a good one after one check request', async () => {
    await vscode.commands.executeCommand('voiceAi.clearToken');
    await pointAt(api, server);
    server.clearRequests();

    const wrong = await setToken('pit-wrong-token');
    assert.equal(wrong.saved, false);
    assert.match(wrong.message, /401|Invalid token/i);
    assert.equal(await api.services.connection.status(), 'noToken', 'the wrong token was not saved');
    assert.equal(server.requests.length, 1, 'one check request');
    assert.equal(server.requests[0].status, 401);

    server.clearRequests();
    const good = await setToken(server.token);
    assert.equal(good.saved, true, good.message);
    assert.equal(server.requests.length, 1, 'one check request');
    assert.equal(server.requests[0].path, CALL_LOGS_PATH);
    assert.equal(server.requests[0].query.pageSize, '1');
    assert.equal(server.requests[0].status, 200);
    assert.equal(await api.services.connection.status(), 'ready');
    // Only in SecretStorage: no setting holds it.
    const all = JSON.stringify(vscode.workspace.getConfiguration('voiceAi'));
    assert.ok(!all.includes(server.token), 'the token leaked into settings');
    assert.equal(TOKEN_SECRET_KEY, 'voiceAi.apiToken');
  });

  it('makes no request while the view is hidden, whatever changes', async () => {
    server.clearRequests();
    await setSetting('timeZone', ZONE);
    await setSetting('callsPerAgent', 10);
    await vscode.commands.executeCommand('voiceAi.refresh');
    await sleep(800);
    assert.deepEqual(server.requests, []);
  });

  it("shows the server's agents (every page, names sorted) and All calls", async () => {
    await connect(api, server);
    const nodes = await roots(api);
    assert.equal(api.callsView.provider.state, 'ready');
    const agents = nodes.filter(isAgent);
    const expected = server.data.agents.map((a) => a.agentName).sort((a, b) => a.localeCompare(b));
    assert.deepEqual(agents.map((n) => label(api, n)), expected);
    assert.ok(nodes.some((n) => n.kind === 'allCalls'), 'All calls node');
    assert.equal(requestsTo(server, AGENTS_PATH).length, Math.max(1, Math.ceil(server.data.agents.length / 50)));
    assert.equal(requestsTo(server, CALL_LOGS_PATH).length, 0, 'roots load no calls');

    const item = api.callsView.provider.getTreeItem(agents[0]);
    assert.equal(item.contextValue, 'agent');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const agent = server.data.agents.find((a) => a.id === agents[0].agentId);
    assert.ok(agent);
    assert.ok(String(item.description).includes(String(agent.language)), 'description has the language');
    assert.ok(item.tooltip instanceof vscode.MarkdownString);
    assert.equal(item.tooltip.supportHtml, false);
  });

  it('expands an agent with exactly one request: its newest calls, callsPerAgent of them, then Load more', async () => {
    const agents = (await roots(api)).filter(isAgent);
    // The agent with the most calls, so that Load more has work to do.
    const busiest = agents
      .map((n) => ({ n, count: selectCallLogs(server.sample, { agentId: n.agentId }).length }))
      .sort((a, b) => b.count - a.count)[0];
    server.clearRequests();
    const started = performance.now();
    const kids = await children(api, busiest.n);
    const ms = performance.now() - started;
    assert.equal(server.requests.length, 1, `first expand: ${JSON.stringify(server.requests.map((r) => r.path))}`);
    const q = server.requests[0].query;
    assert.equal(q.agentId, busiest.n.agentId);
    assert.equal(q.pageSize, '10');
    assert.equal(q.page ?? '1', '1');
    assert.deepEqual(
      calls(kids).map((c) => c.callLog.id),
      expectedIds(server, { agentId: busiest.n.agentId }, 10),
    );
    const more = kids[kids.length - 1];
    assert.equal(more.kind, 'loadMore');
    assert.equal(label(api, more), `Load more (10 of ${busiest.count})`);
    console.log(`SIDEBAR-METRIC first expand of an agent: ${server.requests.length} request, ${ms.toFixed(0)} ms`);

    // Expanding again and opening a call cost nothing.
    server.clearRequests();
    const again = await children(api, busiest.n);
    assert.equal(calls(again).length, 10);
    await vscode.commands.executeCommand('voiceAi.openCall', calls(again)[0]);
    await sleep(300);
    assert.equal(server.requests.length, 0, 'open a listed call: no request');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Load more fetches just the next page, one request each time', async () => {
    const agents = (await roots(api)).filter(isAgent);
    const busiest = agents
      .map((n) => ({ n, count: selectCallLogs(server.sample, { agentId: n.agentId }).length }))
      .sort((a, b) => b.count - a.count)[0];
    assert.ok(busiest.count > 40, `sample data too small for this test (${busiest.count})`);
    await setSetting('pageSize', 20);
    await waitFor(() => api.services.settings.pageSize() === 20, 'pageSize 20');
    let kids = await children(api, busiest.n);
    let more = kids[kids.length - 1] as LoadMoreNode;
    assert.equal(more.kind, 'loadMore');

    server.clearRequests();
    await vscode.commands.executeCommand('voiceAi.loadMore', more);
    assert.equal(server.requests.length, 1);
    // 10 shown, pages of 20: page 1 holds calls 11-20.
    assert.deepEqual([server.requests[0].query.page, server.requests[0].query.pageSize], ['1', '20']);
    kids = await children(api, busiest.n);
    assert.equal(calls(kids).length, 20);

    server.clearRequests();
    more = kids[kids.length - 1] as LoadMoreNode;
    assert.equal(label(api, more), `Load more (20 of ${busiest.count})`);
    await vscode.commands.executeCommand('voiceAi.loadMore', more);
    assert.equal(server.requests.length, 1);
    assert.deepEqual([server.requests[0].query.page, server.requests[0].query.pageSize], ['2', '20']);
    kids = await children(api, busiest.n);
    assert.deepEqual(
      calls(kids).map((c) => c.callLog.id),
      expectedIds(server, { agentId: busiest.n.agentId }, 40),
      'the calls in order, none twice, none missing',
    );
    await setSetting('pageSize', undefined);
  });

  it('call rows: caller and time in the chosen zone, duration and actions, icon by outcome, escaped tooltip, opens the call', async () => {
    const all = (await roots(api)).find((n): n is AllCallsNode => n.kind === 'allCalls');
    assert.ok(all);
    await setSetting('callsPerAgent', 50);
    await waitFor(() => api.services.settings.callsPerAgent() === 50, 'callsPerAgent 50');
    api.callsView.refresh();
    const rows = calls(await children(api, all));
    assert.equal(rows.length, 50);
    // The year only for calls of an earlier year (in the chosen zone).
    const yearIn = (ms: number) => new Intl.DateTimeFormat('en-US', { timeZone: ZONE, year: 'numeric' }).format(ms);
    const fullFormat = new Intl.DateTimeFormat(undefined, { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' });
    const shortFormat = new Intl.DateTimeFormat(undefined, { timeZone: ZONE, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
    const fmt = { format: (d: Date) => (yearIn(d.getTime()) === yearIn(Date.now()) ? shortFormat : fullFormat).format(d) };
    for (const row of rows) {
      const item = api.callsView.provider.getTreeItem(row);
      const call = row.callLog;
      assert.equal(item.label, `${call.fromNumber ?? 'Unknown caller'} · ${fmt.format(new Date(String(call.createdAt)))}`);
      assert.equal(item.contextValue, call.contactId ? 'callLog.contact' : 'callLog');
      assert.equal(item.command?.command, 'voiceAi.openCall');
      assert.equal(item.command?.arguments?.[0], row);
      const agentName = (api.services.agents.nameOf(call.agentId) ?? 'deleted agent').replace(/\s+/g, ' ').slice(0, 20);
      assert.ok(String(item.description).startsWith(agentName), `All calls rows name the agent: ${String(item.description)}`);
      const types = (call.executedCallActions ?? []).map((a) => a.actionType);
      const icon = (item.iconPath as vscode.ThemeIcon).id;
      assert.equal(icon, types.includes('CALL_TRANSFER') ? 'call-outgoing' : types.includes('APPOINTMENT_BOOKING') ? 'calendar' : 'call-incoming');
      if (call.trialCall) assert.match(String(item.description), /trial/);
      const tooltip = item.tooltip as vscode.MarkdownString;
      assert.equal(tooltip.supportHtml, false);
      assert.ok(!tooltip.isTrusted, 'tooltip not trusted');
      // The tooltip has room for the year the label leaves out.
      assert.ok(tooltip.value.replace(/&nbsp;/g, ' ').includes(fullFormat.format(new Date(String(call.createdAt)))), tooltip.value);
      // Markdown syntax in a summary is escaped, so it cannot become a link or an image.
      assert.ok(!/(^|[^\\])\[click me\]\(/.test(tooltip.value), 'unescaped link in tooltip');
    }
    await setSetting('callsPerAgent', 10);
  });

  it('All calls marks the calls of deleted agents', async () => {
    const deletedId = [...server.data.deletedAgentIds][0];
    assert.ok(deletedId, 'the sample data has a deleted agent');
    const all = (await roots(api)).find((n): n is AllCallsNode => n.kind === 'allCalls');
    assert.ok(all);
    // Narrow to the deleted agent's calls through the filter (it has no root of its own).
    await vscode.commands.executeCommand('voiceAi.filterCalls', { agentId: deletedId });
    const rows = calls(await children(api, all));
    assert.ok(rows.length > 0, 'deleted agent has calls');
    for (const row of rows) {
      assert.equal(row.callLog.isAgentDeleted, true);
      assert.match(String(api.callsView.provider.getTreeItem(row).description), /deleted agent/);
    }
    await vscode.commands.executeCommand('voiceAi.clearFilter');
  });

  it('keeps ids stable across a refresh (so expansion survives) and refetches', async () => {
    const before = await roots(api);
    const agent = before.find(isAgent)!;
    const firstIds = calls(await children(api, agent)).map((c) => api.callsView.provider.getTreeItem(c).id);
    server.clearRequests();
    await vscode.commands.executeCommand('voiceAi.refresh');
    const after = await roots(api);
    assert.deepEqual(
      after.map((n) => api.callsView.provider.getTreeItem(n).id),
      before.map((n) => api.callsView.provider.getTreeItem(n).id),
    );
    const secondIds = calls(await children(api, after.find(isAgent)!)).map((c) => api.callsView.provider.getTreeItem(c).id);
    assert.deepEqual(secondIds, firstIds);
    assert.equal(requestsTo(server, AGENTS_PATH).length, 1, 'refresh refetched the agents');
    assert.equal(requestsTo(server, CALL_LOGS_PATH).length, 1, 'and the expanded list');
    assert.equal(new Set(firstIds).size, firstIds.length, 'ids unique');
  });
});
