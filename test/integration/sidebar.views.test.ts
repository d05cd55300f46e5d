// Views and messages that must hold up: the inline Retry of an error row, a list total that is
// not a count, one reset after Set API Token, and a call panel closed while it was updating.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ApiServer } from '../api-server/server';
import type { ErrorNode, LoadMoreNode } from '../../src/views/nodes';
import {
  AGENTS_PATH,
  CALL_LOGS_PATH,
  activate,
  children,
  connect,
  firstAgent,
  label,
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

describe('Views: retry, totals, token reset, panel updates', function () {
  this.timeout(90_000);
  let server: ApiServer;
  let api: ExtensionExports;

  before(async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    server = await startServer();
    api = (await activate()).api;
    await connect(api, server);
  });

  afterEach(() => {
    server.setFaults({});
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await resetExtension();
    await server.stop();
  });

  it("an error row's inline Retry reloads that list only, as clicking the row does", async () => {
    const agent = firstAgent(await roots(api));
    const all = api.callsView.provider.allCallsNode;
    assert.ok((await children(api, all)).some((k) => k.kind === 'call'), 'All calls loaded');
    server.setFaults({ errorRate: 1, errorStatus: 500, pathPrefix: CALL_LOGS_PATH });
    api.callsView.provider.retry(agent);
    const failed = await children(api, agent);
    const error = failed.find((k): k is ErrorNode => k.kind === 'error');
    assert.ok(error, `no error row: ${failed.map((k) => k.kind).join(', ')}`);
    server.setFaults({});
    server.clearRequests();
    // The inline button passes the row itself.
    await vscode.commands.executeCommand('voiceAi.retry', error);
    await roots(api);
    const again = await children(api, agent);
    await children(api, all);
    assert.ok(again.some((k) => k.kind === 'call'), 'calls after Retry');
    assert.deepEqual(
      server.requests.map((r) => `${r.path} ${r.query.agentId ?? ''}`),
      [`${CALL_LOGS_PATH} ${agent.agentId}`],
      'one request: the failed list; not the agents, not the other lists',
    );
  });

  it('a list whose total is not a count shows its calls, and Load more still works', async () => {
    const agent = firstAgent(await roots(api));
    server.setFaults({ listTotal: 2.5, pathPrefix: CALL_LOGS_PATH });
    api.callsView.provider.retry(agent);
    const first = await children(api, agent);
    const shown = first.filter((k) => k.kind === 'call').length;
    assert.ok(shown > 0, `calls shown: ${first.map((k) => k.kind).join(', ')}`);
    const more = first[first.length - 1] as LoadMoreNode;
    assert.equal(more.kind, 'loadMore');
    assert.equal(label(api, more), `Load more (${shown} shown)`);
    await vscode.commands.executeCommand('voiceAi.loadMore', more);
    const after = await children(api, agent);
    assert.ok(after.filter((k) => k.kind === 'call').length > shown, 'Load more added calls');
  });

  it('Set API Token resets the view once: the server sees each request the new view needs once', async () => {
    await vscode.commands.executeCommand('voiceAi.clearToken');
    await vscode.commands.executeCommand('workbench.view.extension.voiceAi');
    await waitFor(() => api.callsView.provider.state === 'noToken', 'the no-token state');
    server.setFaults({ latencyMs: 300, pathPrefix: AGENTS_PATH });
    server.clearRequests();
    // Each change of the connection resets the tree (and aborts what it was loading).
    let resets = 0;
    const counting = api.services.connection.onDidChange(() => resets++);
    try {
      const result = await setToken(server.token);
      assert.equal(result.saved, true, result.message);
      await waitFor(() => api.callsView.provider.state === 'ready', 'the view to load', 15_000);
      // Let a second reset, if any, show itself (SecretStorage's change event comes late on some hosts).
      await sleep(1500);
      assert.equal(resets, 1, 'one reset');
      const agents = requestsTo(server, AGENTS_PATH);
      assert.equal(agents.length, 1, `agent list requests: ${agents.length}`);
      assert.ok(server.requests.every((r) => r.status === 200), `no request cut off: ${JSON.stringify(server.requests.map((r) => r.status))}`);
      const lists = requestsTo(server, CALL_LOGS_PATH).map((r) => JSON.stringify(r.query));
      assert.equal(new Set(lists).size, lists.length, `no list asked twice: ${lists.join(' ')}`);
      await vscode.commands.executeCommand('workbench.view.explorer');
      // Still one reset at the end of the test: none came late, after the checks above.
      assert.equal(resets, 1, 'one reset, still, at the end of the test');
    } finally {
      counting.dispose();
    }
  });

  it('a call the token may not read: the panel names the command "Set API Token"', async () => {
    const id = server.data.callLogs[3].id;
    server.setFaults({ errorRate: 1, errorStatus: 401, pathPrefix: `${CALL_LOGS_PATH}/${id}` });
    await vscode.commands.executeCommand('voiceAi.openCall', id);
    const report = await api.callPanels.whenRendered(id);
    assert.equal(report.view, 'error');
    const panel = api.callPanels.get(id);
    assert.ok(panel);
    assert.match(panel.describe(), /error=Not allowed: .*Check the token with "Voice AI: Set API Token"\./);
    panel.dispose();
  });

  it('a call panel closed while it updates for a new time zone leaves no unhandled rejection', async () => {
    const agent = firstAgent(await roots(api));
    const call = (await children(api, agent)).find((k) => k.kind === 'call');
    assert.ok(call, 'a call row');
    // A call of an agent whose name is not known yet: updating the panel asks for the agents.
    const callLog = { ...(call as { callLog: { id: string } }).callLog, agentId: 'agentNotListedYet' };
    const id = callLog.id;
    await vscode.commands.executeCommand('voiceAi.openCall', { callLog });
    await api.callPanels.whenRendered(id);
    const panel = api.callPanels.get(id);
    assert.ok(panel);
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      // The panel looks up the agent's name again (a slow request), and is closed meanwhile.
      api.services.agents.invalidate();
      server.setFaults({ latencyMs: 800, pathPrefix: AGENTS_PATH });
      server.clearRequests();
      await setSetting('timeZone', 'Asia/Kolkata');
      await waitFor(() => requestsTo(server, AGENTS_PATH).length > 0, 'the panel to ask for the agents');
      panel.dispose();
      // The answer must reach the client while the listener is on: wait for the server to have answered, then let it settle.
      await waitFor(
        () => requestsTo(server, AGENTS_PATH).every((r) => r.status !== 0),
        'the server to answer the agents request',
        15_000,
      );
      await sleep(200);
      assert.deepEqual(rejections.map(String), []);
    } finally {
      process.off('unhandledRejection', onRejection);
      await setSetting('timeZone', undefined);
    }
  });
});
