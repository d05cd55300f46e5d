// The local call store in a real VS Code, against the local API server (which counts requests):
// the views read it with no request (agents, calls, Load more, a filter: the same ids and order
// as the API), Open Call Details by id, Search Calls and its highlight, an export from the store,
// the watch (a call that arrives shows on top, the badge counts it), Clear Local Data, the store
// turned off, and the engine unavailable. The warm start across a real window reload is in
// test/ui/store.ui.mjs (a new extension host).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ApiServer } from '../api-server/server';
import { selectCallLogs } from '../api-server/routes';
import type { ExportOutcome } from '../../src/commands/export';
import type { SearchOutcome } from '../../src/commands/search';
import type { ExportDocument } from '../../src/api/export';
import type { SyncResult } from '../../src/services/store/types';
import type { CallNode, CallsTreeNode, LoadMoreNode, SearchHitNode } from '../../src/views/nodes';
import {
  AGENTS_PATH,
  CALL_LOGS_PATH,
  activate,
  children,
  connect,
  firstAgent,
  resetExtension,
  roots,
  setSetting,
  startServer,
  syncedStore,
  waitFor,
  type ExtensionExports,
} from './helpers';

const callIds = (nodes: readonly CallsTreeNode[]) => nodes.filter((n): n is CallNode => n.kind === 'call').map((n) => n.callLog.id);

describe('Store: the views read the local store', function () {
  this.timeout(120_000);
  let server: ApiServer;
  let api: ExtensionExports;
  const expected = (q: Parameters<typeof selectCallLogs>[1] = {}) => selectCallLogs(server.sample, q).map((i) => server.sample.callLog(i).id);

  before(async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    server = await startServer({ calls: 600 });
    api = (await activate()).api;
    await connect(api, server);
    await setSetting('watch.intervalSeconds', 0);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.commands.executeCommand('voiceAi.clearLocalData', { confirm: false });
    await resetExtension();
    await server.stop();
  });

  it('after a sync, agents, calls and a stored call opened by id cost no request', async () => {
    const store = await syncedStore(api);
    assert.equal(store.coverage().callCount, 600, 'every call stored');
    // As after a reload: nothing held in memory but the store.
    api.callsView.provider.reset(true);
    server.clearRequests();
    const agent = firstAgent(await roots(api));
    const calls = await children(api, agent);
    const all = await children(api, api.callsView.provider.allCallsNode);
    assert.ok(callIds(calls).length > 0 && callIds(all).length > 0, 'calls shown');
    assert.equal(api.callsView.provider.listSource(agent), 'store');
    assert.deepEqual(callIds(all), expected().slice(0, callIds(all).length), 'All calls: the API order');
    const id = callIds(calls)[0];
    await vscode.commands.executeCommand('voiceAi.openCall', id);
    await api.callPanels.whenRendered(id);
    assert.deepEqual(server.requests, [], 'no request');
    api.callPanels.get(id)?.panel.dispose();
  });

  it('reading ahead after activation: the lists left open are read from the store before VS Code asks, with no request', async () => {
    await syncedStore(api);
    const provider = api.callsView.provider;
    const agent = firstAgent(await roots(api));
    provider.expanded.set(agent.id, true);
    try {
      // As after a reload: nothing held in memory but the store.
      provider.reset(true);
      server.clearRequests();
      await provider.prefetchFromStore();
      assert.equal(provider.listSource(agent), 'store', "the open agent's first page is held before VS Code asks for it");
      assert.equal(provider.listSource(provider.allCallsNode), provider.expanded.has(provider.allCallsNode.id) ? 'store' : undefined, 'a list not left open is not read');
      const calls = await children(api, agent);
      assert.deepEqual(callIds(calls), expected({ agentId: agent.agentId }).slice(0, callIds(calls).length), "the agent's newest calls, in the API's order");
      assert.deepEqual(server.requests, [], 'no request');
    } finally {
      provider.expanded.set(agent.id, false);
    }
  });

  it('Load more and a filter are answered by the store: no request, the same ids and order as the API', async () => {
    await syncedStore(api);
    await setSetting('pageSize', 7);
    try {
      api.callsView.provider.reset(true);
      server.clearRequests();
      const agent = firstAgent(await roots(api));
      let rows = await children(api, agent);
      for (let i = 0; i < 3; i++) {
        const more = rows.find((n): n is LoadMoreNode => n.kind === 'loadMore');
        assert.ok(more, 'a Load more row');
        await vscode.commands.executeCommand('voiceAi.loadMore', more);
        rows = await children(api, agent);
      }
      assert.deepEqual(callIds(rows), expected({ agentId: agent.agentId }).slice(0, callIds(rows).length));
      assert.equal(callIds(rows).length, 28, 'the first 10, then pages 2, 3 and 4 of 7 (page 2 completes the one the first 10 ended in)');

      // A filter: trial calls with a transfer, longest first.
      await api.services.filter.set({ callType: 'TRIAL', actionTypes: ['CALL_TRANSFER'], sortBy: 'duration', sort: 'descend' });
      const filtered = await children(api, api.callsView.provider.allCallsNode);
      const want = expected({ callType: 'TRIAL', actionTypes: ['CALL_TRANSFER'], sortBy: 'duration', sort: 'descend' });
      assert.ok(want.length > 0, 'the filter matches some calls');
      assert.deepEqual(callIds(filtered), want.slice(0, 10));
      assert.deepEqual(server.requests, [], 'no request');
    } finally {
      await vscode.commands.executeCommand('voiceAi.clearFilter');
      await setSetting('pageSize', undefined);
    }
  });

  it('Search Calls lists matching stored calls newest first; a result opens its panel with the words marked', async () => {
    const store = await syncedStore(api);
    const withSummary = server.sample.callLog(3) as { summary?: string; id: string };
    const word = (withSummary.summary ?? '').split(/\s+/).find((w) => /^[A-Za-z]{6,}$/.test(w));
    assert.ok(word, 'a word of a summary to look for');
    server.clearRequests();
    const outcome = await vscode.commands.executeCommand<SearchOutcome | undefined>('voiceAi.searchCalls', word.toUpperCase());
    assert.ok(outcome && outcome.count > 0, 'results');
    const rows = await roots(api);
    assert.equal(rows[0].kind, 'message', 'a header that clears the search');
    const hits = rows.filter((n): n is SearchHitNode => n.kind === 'searchHit');
    assert.equal(hits.length, outcome.count);
    const times = hits.map((h) => Date.parse(h.callLog.createdAt));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    const item = api.callsView.provider.getTreeItem(hits[0]);
    assert.match(String(item.description), new RegExp(word, 'i'), 'the matching sentence in the description');
    assert.ok(store.search(word).length === outcome.count || outcome.count === 200);

    await vscode.commands.executeCommand('voiceAi.openCall', hits[0]);
    const id = hits[0].callLog.id;
    await api.callPanels.whenRendered(id);
    const snap = await api.callPanels.get(id)!.snapshot();
    assert.ok(snap.marks.length > 0 && snap.marks.every((m) => m.toLowerCase() === word.toLowerCase()), `marks: ${JSON.stringify(snap.marks)}`);
    assert.deepEqual(server.requests, [], 'no request');
    api.callPanels.get(id)?.panel.dispose();

    await vscode.commands.executeCommand('voiceAi.clearSearch');
    assert.ok((await roots(api)).some((n) => n.kind === 'agent'), 'the agents are back');
  });

  it('exports from the store with no request; the source says when it was synced', async () => {
    const store = await syncedStore(api);
    server.clearRequests();
    const outcome = await vscode.commands.executeCommand<ExportOutcome | undefined>('voiceAi.exportCalls', { quiet: true, target: 'editor' });
    assert.ok(outcome?.document, 'an editor document');
    const doc = JSON.parse(outcome.document.getText()) as ExportDocument<{ id: string }>;
    assert.deepEqual(server.requests, [], 'no request');
    assert.equal(doc.source.storeSyncedAt, new Date(store.coverage().lastSyncedAt!).toISOString());
    assert.deepEqual(
      doc.callLogs.map((c) => c.id),
      expected(),
      'every call, in the API order',
    );
    await vscode.window.showTextDocument(outcome.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('the watch: a call that arrives shows on top with one request, the badge counts it until it is opened', async () => {
    await syncedStore(api);
    const all = api.callsView.provider.allCallsNode;
    await children(api, all);
    server.clearRequests();
    const [id] = server.sample.arrive(1);
    const found = await api.services.watch.poll();
    assert.deepEqual(
      found.map((c) => c.id),
      [id],
    );
    assert.equal(server.requests.length, 1, `one request: ${server.requests.map((r) => r.path).join(', ')}`);
    assert.equal(callIds(await children(api, all))[0], id, 'on top of All calls');
    assert.equal(api.callsView.view.badge?.value, 1, 'the badge counts it');
    assert.match(String(api.callsView.provider.getTreeItem((await children(api, all))[0]).description), /new/);
    await vscode.commands.executeCommand('voiceAi.openCall', id);
    await api.callPanels.whenRendered(id);
    assert.equal(api.callsView.view.badge, undefined, 'seen once opened');
    api.callPanels.get(id)?.panel.dispose();
  });

  it('the watch looks by itself every interval while VS Code is focused', async function () {
    await syncedStore(api);
    if (!vscode.window.state.focused) this.skip(); // a headless window without focus makes no request: by design
    const all = api.callsView.provider.allCallsNode;
    await children(api, all);
    const [id] = server.sample.arrive(1);
    await setSetting('watch.intervalSeconds', 5);
    try {
      await waitFor(async () => callIds(await children(api, all))[0] === id, 'the new call on top', 20_000);
    } finally {
      await setSetting('watch.intervalSeconds', 0);
    }
  });

  it('Sync Now also checks the stored calls against the API: a call deleted in the CRM leaves the store and the list', async () => {
    const store = await syncedStore(api);
    const all = api.callsView.provider.allCallsNode;
    const shown = callIds(await children(api, all));
    const gone = shown[2];
    assert.ok(gone && store.getCallLog(gone), 'a stored call on the list');
    const count = store.coverage().callCount;
    server.sample.delete([gone]);
    const result = await vscode.commands.executeCommand<SyncResult | undefined>('voiceAi.syncNow');
    assert.equal(result?.removed, 1);
    assert.equal(store.getCallLog(gone), undefined, 'no longer stored');
    assert.equal(store.coverage().callCount, count - 1);
    await waitFor(async () => !callIds(await children(api, all)).includes(gone), 'the list without it');
    const now = callIds(await children(api, all));
    assert.deepEqual(now, expected().slice(0, now.length), 'the API order, without the deleted call');
  });

  it('Clear Local Data empties the store; the views ask the API again', async () => {
    const store = await syncedStore(api);
    assert.ok(store.coverage().callCount > 0);
    const cleared = await vscode.commands.executeCommand<boolean>('voiceAi.clearLocalData', { confirm: false });
    assert.equal(cleared, true);
    assert.equal(store.coverage().callCount, 0, 'no call stored');
    assert.equal(store.agents().length, 0, 'no agent stored');
    assert.equal(store.getCallLog(expected()[0]), undefined);
  });

  it('a store file found damaged after it was opened: the list says it is being rebuilt, then the views and the sync carry on from an empty file', async () => {
    await syncedStore(api);
    const file = api.services.store.fileInUse();
    assert.ok(file, 'the store has a file');
    // Closed (its pages written into the file), then its second half scribbled: opening reads only
    // the header and the first pages (the schema, the state table), the first list meets the damage.
    await setSetting('store.enabled', false);
    await waitFor(() => api.services.store.get() === undefined, 'the store to close');
    const fd = fs.openSync(file, 'r+');
    try {
      const size = fs.statSync(file).size;
      for (let at = Math.floor(size / 2 / 16384) * 16384; at < size; at += 16384) fs.writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, at);
    } finally {
      fs.closeSync(fd);
    }
    await setSetting('watch.intervalSeconds', 0);
    await setSetting('store.enabled', true);
    api.callsView.provider.reset(true);
    const damaged = api.services.store.get();
    const first = await children(api, api.callsView.provider.allCallsNode);
    const error = first.find((n) => n.kind === 'error');
    assert.ok(error && /damaged and is being rebuilt/.test(error.message), JSON.stringify(first.map((n) => n.kind)));
    // Reopened empty and refilled by the sync at start; the same list then comes from the store again.
    await waitFor(
      () => api.services.store.get() !== damaged && (api.services.store.get()?.coverage().callCount ?? 0) === expected().length && api.services.store.syncing() === undefined,
      'the store to be reopened and refilled',
      60_000,
    );
    api.callsView.provider.reset(true);
    const again = await children(api, api.callsView.provider.allCallsNode);
    assert.ok(callIds(again).length > 0, JSON.stringify(again.map((n) => (n.kind === 'error' ? n.message : n.kind))));
    assert.deepEqual(callIds(again), expected().slice(0, callIds(again).length));
    assert.equal(api.callsView.provider.listSource(api.callsView.provider.allCallsNode), 'store');
  });

  it('with the store turned off the views ask the API as before', async () => {
    await syncedStore(api);
    await setSetting('store.enabled', false);
    assert.equal(api.services.store.get(), undefined);
    api.callsView.provider.reset(true);
    server.clearRequests();
    const agent = firstAgent(await roots(api));
    await children(api, agent);
    assert.deepEqual(
      server.requests.map((r) => r.path),
      [AGENTS_PATH, CALL_LOGS_PATH],
      'the agent list and one page',
    );
  });

  it('sample data keeps its store in a temporary folder, removed when sample data stops', async () => {
    await setSetting('store.enabled', true);
    assert.equal(await vscode.commands.executeCommand('voiceAi.trySampleData'), true);
    await api.services.store.sync('user');
    const store = api.services.store.get();
    assert.ok(store && api.services.store.isTemporary(), 'a temporary store');
    assert.ok(store.coverage().callCount > 0, 'synced');
    const file = (store as unknown as { file?: string }).file;
    assert.ok(file && fs.existsSync(file), 'its file exists meanwhile');
    await vscode.commands.executeCommand('voiceAi.stopSampleData');
    assert.equal(fs.existsSync(file), false, 'removed');
  });

  it('an engine that cannot run here: one notice, and the views work from the API (test hook: every Node we test on has node:sqlite)', async () => {
    await setSetting('store.enabled', true);
    const store = api.services.store as unknown as { forcedUnavailable?: string; lastNotice?: string };
    store.forcedUnavailable = 'node:sqlite is missing (forced by the test)';
    try {
      // Another account (sample data) opens its store anew.
      assert.equal(await vscode.commands.executeCommand('voiceAi.trySampleData'), true);
      assert.equal(api.services.store.absence(), 'unavailable');
      assert.match(store.lastNotice ?? '', /cannot run.*node:sqlite is missing.*works without it/s);
      const rows = await roots(api);
      assert.ok((await children(api, firstAgent(rows))).some((n) => n.kind === 'call'), 'calls from the API');
    } finally {
      store.forcedUnavailable = undefined;
      await vscode.commands.executeCommand('voiceAi.stopSampleData');
    }
  });
});
