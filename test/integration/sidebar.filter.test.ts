// Each part of the filter changes exactly the request the server receives (compared with the
// unfiltered request), the rows obey it, the view says it in words, and Clear Filter undoes it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ApiServer } from '../api-server/server';
import type { FilterState } from '../../src/services';
import { presetToMs } from '../../src/services/zones';
import type { AllCallsNode, CallNode, CallsTreeNode } from '../../src/views/nodes';
import { CALL_LOGS_PATH, activate, children, connect, resetExtension, roots, setSetting, startServer, waitFor, type ExtensionExports } from './helpers';

const ZONE = 'America/Chicago';

describe('Sidebar: filters', function () {
  this.timeout(60_000);
  let server: ApiServer;
  let api: ExtensionExports;

  async function allCalls(): Promise<AllCallsNode> {
    const node = (await roots(api)).find((n): n is AllCallsNode => n.kind === 'allCalls');
    assert.ok(node, 'All calls node');
    return node;
  }

  /** Expands "All calls" and returns the one request it made and the rows. */
  async function expandAll(): Promise<{ query: Record<string, string>; rows: CallNode[]; kids: CallsTreeNode[] }> {
    const all = await allCalls();
    server.clearRequests();
    const kids = await children(api, all);
    const listRequests = server.requests.filter((r) => r.path === CALL_LOGS_PATH);
    assert.equal(listRequests.length, 1, 'one request per expand');
    assert.equal(listRequests[0].status, 200, JSON.stringify(listRequests[0]));
    return { query: listRequests[0].query, rows: kids.filter((k): k is CallNode => k.kind === 'call'), kids };
  }

  async function applyFilter(state: FilterState): Promise<void> {
    const result = await vscode.commands.executeCommand<FilterState | undefined>('voiceAi.filterCalls', state);
    assert.ok(result, 'the filter was accepted');
  }

  /** The query keys that differ from the unfiltered request. */
  function diff(query: Record<string, string>, base: Record<string, string>): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const key of new Set([...Object.keys(query), ...Object.keys(base)])) {
      if (query[key] !== base[key]) out[key] = query[key];
    }
    return out;
  }

  let base: Record<string, string>;

  before(async () => {
    server = await startServer();
    // Hidden view: only the tests' own getChildren calls reach the server.
    await vscode.commands.executeCommand('workbench.view.explorer');
    api = (await activate()).api;
    await setSetting('timeZone', ZONE);
    await connect(api, server);
    await vscode.commands.executeCommand('voiceAi.clearFilter');
    base = (await expandAll()).query;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('voiceAi.clearFilter');
  });

  after(async () => {
    await resetExtension();
    await server.stop();
  });

  it('no filter: newest first, the configured number, no filter parameters', () => {
    assert.deepEqual(Object.keys(base).sort(), ['locationId', 'page', 'pageSize'].sort());
    assert.equal(base.pageSize, '10');
    assert.equal(api.services.filter.isActive(), false);
  });

  it('agent: narrows the roots to that agent and adds agentId', async () => {
    const agent = server.data.agents[1];
    await applyFilter({ agentId: agent.id });
    const nodes = await roots(api);
    assert.deepEqual(nodes.map((n) => (n.kind === 'agent' ? n.agentId : n.kind)), ['allCalls', agent.id]);
    const { query, rows } = await expandAll();
    assert.deepEqual(diff(query, base), { agentId: agent.id });
    assert.ok(rows.length > 0 && rows.every((r) => r.callLog.agentId === agent.id));
    assert.equal(api.callsView.view.description, agent.agentName);
  });

  it('contact ids: adds contactId, comma-separated', async () => {
    const contacts = [...new Set(server.data.callLogs.map((c) => c.contactId).filter((c): c is string => typeof c === 'string'))].slice(0, 2);
    assert.equal(contacts.length, 2);
    await applyFilter({ contactIds: contacts });
    const { query, rows } = await expandAll();
    assert.deepEqual(diff(query, base), { contactId: contacts.join(',') });
    assert.ok(rows.length > 0 && rows.every((r) => contacts.includes(String(r.callLog.contactId))));
    assert.equal(api.callsView.view.description, '2 contacts');
  });

  it('call type: adds callType', async () => {
    await applyFilter({ callType: 'TRIAL' });
    const { query, rows } = await expandAll();
    assert.deepEqual(diff(query, base), { callType: 'TRIAL' });
    assert.ok(rows.length > 0 && rows.every((r) => r.callLog.trialCall === true));
    assert.equal(api.callsView.view.description, 'trial calls');
  });

  it('action types: adds actionType, comma-separated', async () => {
    await applyFilter({ actionTypes: ['CALL_TRANSFER', 'SMS'] });
    const { query, rows } = await expandAll();
    assert.deepEqual(diff(query, base), { actionType: 'CALL_TRANSFER,SMS' });
    assert.ok(rows.length > 0);
    for (const r of rows) {
      const types = r.callLog.executedCallActions.map((a) => a.actionType);
      assert.ok(types.includes('CALL_TRANSFER') || types.includes('SMS'), JSON.stringify(types));
    }
    assert.equal(api.callsView.view.description, 'transfers, SMS');
  });

  it('preset date range: startDate/endDate of the last 7 days in the chosen zone', async () => {
    await applyFilter({ dateRange: { preset: 'last7' } });
    const { query, rows } = await expandAll();
    const expected = presetToMs('last7', ZONE, Date.now());
    assert.deepEqual(diff(query, base), { startDate: String(expected.startDate), endDate: String(expected.endDate) });
    assert.ok(rows.every((r) => Date.parse(String(r.callLog.createdAt)) >= expected.startDate));
    assert.equal(api.callsView.view.description, `last 7 days (${ZONE})`);
  });

  it('custom date range on a DST day: exact Unix ms bounds of the 23-hour day', async () => {
    await applyFilter({ dateRange: { from: '2026-03-08', to: '2026-03-08' }, timeZone: 'America/Chicago' });
    const { query } = await expandAll();
    assert.deepEqual(diff(query, base), {
      startDate: String(Date.UTC(2026, 2, 8, 6, 0, 0)), // 00:00 CST
      endDate: String(Date.UTC(2026, 2, 9, 5, 0, 0) - 1), // 23:59:59.999 CDT
    });
  });

  it('sort: adds sortBy and sort, and the rows follow it', async () => {
    await applyFilter({ sortBy: 'duration', sort: 'descend' });
    const { query, rows } = await expandAll();
    assert.deepEqual(diff(query, base), { sortBy: 'duration', sort: 'descend' });
    const durations = rows.map((r) => Number(r.callLog.duration));
    assert.deepEqual(durations, [...durations].sort((a, b) => b - a));
    assert.equal(api.callsView.view.description, 'longest first');
  });

  it('says a combined filter in words, and Clear Filter restores the unfiltered request', async () => {
    const agent = server.data.agents[0];
    await applyFilter({ agentId: agent.id, actionTypes: ['CALL_TRANSFER'], dateRange: { preset: 'last7' } });
    assert.equal(api.callsView.view.description, `${agent.agentName} · transfers · last 7 days (${ZONE})`);
    assert.equal(api.services.filter.isActive(), true);
    await vscode.commands.executeCommand('voiceAi.clearFilter');
    assert.equal(api.services.filter.isActive(), false);
    assert.equal(api.callsView.view.description, '');
    const { query } = await expandAll();
    assert.deepEqual(diff(query, base), {});
  });

  it('refuses an invalid filter argument and keeps the current filter', async () => {
    await applyFilter({ callType: 'LIVE' });
    for (const bad of [{ callType: 'live' }, { dateRange: { from: '2026-03-09', to: '2026-03-08' } }, { timeZone: 'Mars/Base', dateRange: { preset: 'today' } }]) {
      const result = await vscode.commands.executeCommand('voiceAi.filterCalls', bad);
      assert.equal(result, undefined, JSON.stringify(bad));
    }
    assert.deepEqual(api.services.filter.current(), { callType: 'LIVE' });
  });

  it('a filter change reloads only what is shown: no request until a list is expanded', async () => {
    server.clearRequests();
    await applyFilter({ callType: 'LIVE' });
    await waitFor(() => api.services.filter.current().callType === 'LIVE', 'filter applied');
    assert.equal(server.requests.filter((r) => r.path === CALL_LOGS_PATH).length, 0);
  });
});
