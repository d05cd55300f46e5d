// Failures in the sidebar: 401/403 (with a working "Set API Token"), an unreachable API, server
// errors and broken answers as error nodes with Retry, and sample-data mode without any token.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SCOPES, type ApiServer } from '../api-server/server';
import type { ErrorNode, MessageNode } from '../../src/views/nodes';
import { failureMessage } from '../../src/services/errors';
import {
  AGENTS_PATH,
  CALL_LOGS_PATH,
  activate,
  children,
  connect,
  firstAgent,
  pointAt,
  resetExtension,
  roots,
  setSetting,
  startServer,
  waitFor,
  type ExtensionExports,
} from './helpers';

describe('Sidebar: failures and sample data', function () {
  this.timeout(90_000);
  let server: ApiServer;
  let api: ExtensionExports;
  const extra: ApiServer[] = [];

  before(async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    server = await startServer();
    api = (await activate()).api;
    await connect(api, server);
  });

  afterEach(async () => {
    server.setFaults({});
  });

  after(async () => {
    await resetExtension();
    await Promise.all([server, ...extra].map((s) => s.stop().catch(() => undefined)));
  });

  it('without a token: no request, an empty root and the "no token" welcome state', async () => {
    await vscode.commands.executeCommand('voiceAi.clearToken');
    server.clearRequests();
    assert.deepEqual(await roots(api), []);
    assert.equal(api.callsView.provider.state, 'noToken');
    assert.equal(server.requests.length, 0);
    await connect(api, server);
  });

  it('a 401 on a call list shows the server message as an error node with Retry and a working Set API Token action', async () => {
    // Same token and location, but the token lacks the call-logs scope there.
    const noCallScope = await startServer({ scopes: [SCOPES.agents] });
    extra.push(noCallScope);
    await pointAt(api, noCallScope);
    const agent = firstAgent(await roots(api));
    const kids = await children(api, agent);
    const error = kids.find((k): k is ErrorNode => k.kind === 'error');
    assert.ok(error, `no error node: ${kids.map((k) => k.kind).join(', ')}`);
    const item = api.callsView.provider.getTreeItem(error);
    assert.match(String(item.label), /not authorized for this scope/);
    assert.equal(item.contextValue, 'error.auth');
    assert.equal(item.command?.command, 'voiceAi.retry');
    assert.equal(item.command?.arguments?.[0], agent);
    const action = kids.find((k): k is MessageNode => k.kind === 'message' && k.key === 'setToken');
    assert.ok(action, 'Set API Token action node');
    const actionItem = api.callsView.provider.getTreeItem(action);
    assert.equal(actionItem.command?.command, 'voiceAi.setToken');
    // The action runs the real command: with this server the token is checked, refused and not saved.
    noCallScope.clearRequests();
    const result = await vscode.commands.executeCommand<{ saved: boolean; message: string }>(
      actionItem.command.command,
      ...(actionItem.command.arguments ?? []),
      noCallScope.token,
    );
    assert.equal(result?.saved, false);
    assert.match(result?.message ?? '', /not authorized/);
    assert.equal(noCallScope.requests.length, 1);
    await pointAt(api, server);
  });

  it('a 401 on the agents shows the "unauthorized" welcome state with the server message', async () => {
    const noScopes = await startServer({ scopes: [] });
    extra.push(noScopes);
    await pointAt(api, noScopes);
    assert.deepEqual(await roots(api), []);
    assert.equal(api.callsView.provider.state, 'unauthorized');
    assert.match(failureMessage(api.callsView.provider.rootError), /401 .*not authorized for this scope/);
    await pointAt(api, server);
  });

  it('an unreachable API shows the "unreachable" welcome state', async () => {
    const gone = await startServer();
    const where = { baseUrl: gone.baseUrl, locationId: gone.locationId };
    await gone.stop();
    await pointAt(api, where);
    assert.deepEqual(await roots(api), []);
    assert.equal(api.callsView.provider.state, 'unreachable');
    await pointAt(api, server);
  });

  it('server errors (after the retries) show as an error node; Retry reloads just that list', async () => {
    const agent = firstAgent(await roots(api));
    // 503 is retried by the client (500 is not): the node appears after the last retry.
    server.setFaults({ errorRate: 1, errorStatus: 503, pathPrefix: CALL_LOGS_PATH });
    server.clearRequests();
    const kids = await children(api, agent);
    assert.equal(kids.length, 1);
    assert.equal(kids[0].kind, 'error');
    const item = api.callsView.provider.getTreeItem(kids[0]);
    assert.match(String(item.label), /Couldn't load calls: .*503/);
    assert.ok(server.requests.length > 1, `the client retried (${server.requests.length} requests)`);
    assert.ok(server.requests.every((r) => r.status >= 500));

    server.setFaults({});
    server.clearRequests();
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const again = await children(api, agent);
    assert.ok(again.filter((k) => k.kind === 'call').length > 0, 'calls after Retry');
    assert.equal(server.requests.length, 1, 'Retry made one request');
  });

  it('a malformed answer shows as an error node, never an empty list', async () => {
    const agent = firstAgent(await roots(api));
    api.callsView.provider.retry(agent);
    server.setFaults({ malformedJsonRate: 1, pathPrefix: CALL_LOGS_PATH });
    const kids = await children(api, agent);
    assert.deepEqual(kids.map((k) => k.kind), ['error']);
  });

  it('a failed Load more keeps the calls shown and offers Retry in place of Load more', async () => {
    const agent = firstAgent(await roots(api));
    api.callsView.provider.retry(agent);
    const first = await children(api, agent);
    const more = first[first.length - 1];
    assert.equal(more.kind, 'loadMore');
    const shown = first.filter((k) => k.kind === 'call').length;
    server.setFaults({ malformedJsonRate: 1, pathPrefix: CALL_LOGS_PATH });
    await vscode.commands.executeCommand('voiceAi.loadMore', more);
    const failed = await children(api, agent);
    assert.equal(failed.filter((k) => k.kind === 'call').length, shown, 'the calls stay');
    const error = failed[failed.length - 1];
    assert.equal(error.kind, 'error');
    const item = api.callsView.provider.getTreeItem(error);
    assert.match(String(item.label), /Couldn't load more/);
    assert.equal(item.command?.command, 'voiceAi.loadMore');
    server.setFaults({});
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const after = await children(api, agent);
    assert.ok(after.filter((k) => k.kind === 'call').length > shown, 'Retry loaded the next page');
  });

  it('a failure of the agent list other than auth/network is an error node at the root with Retry', async () => {
    server.setFaults({ schemaBreakRate: 1, pathPrefix: AGENTS_PATH });
    await vscode.commands.executeCommand('voiceAi.refresh');
    const nodes = await roots(api);
    assert.deepEqual(nodes.map((n) => n.kind), ['error']);
    const item = api.callsView.provider.getTreeItem(nodes[0]);
    assert.match(String(item.label), /Couldn't load agents/);
    assert.equal(item.command?.command, 'voiceAi.retry');
    server.setFaults({});
    await vscode.commands.executeCommand('voiceAi.retry');
    assert.ok((await roots(api)).some((n) => n.kind === 'agent'));
  });

  it('invalid settings fall back to sane values instead of failing', async () => {
    const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
    await setSetting('timeZone', 'Mars/Olympus_Mons');
    await waitFor(() => vscode.workspace.getConfiguration('voiceAi').get('timeZone') === 'Mars/Olympus_Mons', 'setting written');
    assert.equal(api.services.settings.timeZone(), system);
    await setSetting('timeZone', 'Asia/Kathmandu');
    await waitFor(() => api.services.settings.timeZone() === 'Asia/Kathmandu', 'a valid zone is used');
    await setSetting('pageSize', 500);
    await waitFor(() => vscode.workspace.getConfiguration('voiceAi').get('pageSize') === 500, 'setting written');
    assert.equal(api.services.settings.pageSize(), 50);
    await setSetting('pageSize', undefined);
    await setSetting('timeZone', undefined);
  });

  it('Set Location ID takes a valid id and refuses a malformed one', async () => {
    await vscode.commands.executeCommand('voiceAi.setLocationId', 'not an id!');
    assert.equal(api.services.connection.info()?.locationId, server.locationId);
    await vscode.commands.executeCommand('voiceAi.setLocationId', 'otherLocation123');
    await waitFor(() => api.services.connection.info()?.locationId === 'otherLocation123', 'the new location');
    // The server refuses the token for a location it does not belong to: 403, shown as "unauthorized".
    assert.deepEqual(await roots(api), []);
    assert.equal(api.callsView.provider.state, 'unauthorized');
    assert.match(failureMessage(api.callsView.provider.rootError), /403/);
    await pointAt(api, server);
  });

  it('sample data works with no token and no settings, and leaves the real configuration untouched', async () => {
    await resetExtension();
    await waitFor(async () => (await api.services.connection.status()) === 'noToken', 'no token');
    assert.deepEqual(await roots(api), []);

    const started = await vscode.commands.executeCommand<boolean>('voiceAi.trySampleData');
    assert.equal(started, true);
    assert.equal(api.services.connection.info()?.sampleData, true);
    const nodes = await roots(api);
    assert.equal(nodes[0].kind, 'message', 'sample banner first');
    const agent = firstAgent(nodes);
    const kids = await children(api, agent);
    assert.ok(kids.filter((k) => k.kind === 'call').length > 0, 'sample calls');
    assert.match(String(api.callsView.view.description), /Sample data/);

    // Nothing of the sample server reached the user's settings or SecretStorage.
    const cfg = vscode.workspace.getConfiguration('voiceAi');
    assert.equal(cfg.inspect('locationId')?.globalValue, undefined);
    assert.equal(cfg.inspect('baseUrl')?.globalValue, undefined);

    await vscode.commands.executeCommand('voiceAi.stopSampleData');
    assert.equal(api.services.connection.info()?.sampleData ?? false, false);
    assert.equal(await api.services.connection.status(), 'noToken');
    assert.deepEqual(await roots(api), []);
    assert.equal(api.callsView.provider.state, 'noToken');
    await setSetting('timeZone', undefined);
  });
});
