// voiceAi_searchCalls over a synced local store (Node with node:sqlite): a covered range is
// answered from the store with no request and the API's very rows; words are found by the
// store's full-text search, with the other criteria applied as the API applies them.
import { after, before, describe, it } from 'node:test';
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { VoiceAiClient } from '../../src/api/client';
import { runTool, type AssistantBackend } from '../../src/assistant';
import { AnalyticsService } from '../../src/services/analytics/service';
import type { SqliteCallStore } from '../../src/services/store/callStore';
import { syncCalls } from '../../src/services/store/sync';
import { fold } from '../../src/services/store/search';
import type { ApiServer } from '../api-server/server';
import { clientFor, openStore, scratch, startServer } from './helpers';

const CALL_LOGS = '/voice-ai/dashboard/call-logs';

function backendFor(client: VoiceAiClient, store: SqliteCallStore | undefined): AssistantBackend {
  return {
    client: async () => client,
    agents: () => client.listAgents(),
    timeZone: () => 'UTC',
    store: () => (store ? { store, covers: (filter) => store.covers(filter) } : { unavailable: 'none in this test' }),
    report: async (query, signal) => {
      const outcome = await new AnalyticsService({ getClient: async () => client }, { list: () => client.listAgents() }).report(query, { signal });
      return { report: outcome.report, covered: outcome.covered };
    },
    setup: { noToken: '', noLocation: '', unauthorized: '' },
    redact: (text) => text,
  };
}

const ids = (text: string) => [...text.matchAll(/^\d+\. callId (\S+) · /gm)].map((m) => m[1]);

describe('assistant: voiceAi_searchCalls with the local store', () => {
  const folder = scratch();
  let server: ApiServer;
  let client: VoiceAiClient;
  let store: SqliteCallStore;

  before(async () => {
    server = await startServer({ calls: 1200 });
    client = clientFor(server);
    store = openStore(path.join(folder.dir, 'assistant.sqlite'), server);
    await syncCalls(store, client);
  });
  after(async () => {
    store.close();
    await client.close();
    await server.stop();
    folder.remove();
  });

  it('answers a covered range from the store, without a request, with the rows the API gives', async () => {
    const input = { from: '2026-10-01', to: '2026-10-31', actionTypes: ['SMS'], sort: 'longest', pageSize: 7, page: 2 };
    server.clearRequests();
    const local = await runTool('voiceAi_searchCalls', input, backendFor(client, store));
    assert.equal(local.isError, false, local.text);
    assert.equal(server.requests.filter((r) => r.path === CALL_LOGS).length, 0, 'the store answered');
    assert.match(local.text, /Source: the local call store\.$/m);
    const remote = await runTool('voiceAi_searchCalls', input, backendFor(client, undefined));
    assert.match(remote.text, /Source: the Voice AI API\.$/m);
    assert.equal(ids(local.text).length, 7);
    assert.deepEqual(ids(local.text), ids(remote.text));
    assert.equal(local.text.split('\n')[0].replace('the local call store', 'the Voice AI API'), remote.text.split('\n')[0]);
  });

  it('finds words with the store and applies the other criteria as the API does', async () => {
    const agentId = server.data.agents[0].id;
    const start = Date.UTC(2026, 8, 1);
    const end = Date.UTC(2026, 9, 31, 23, 59, 59, 999);
    const word = 'transferred';
    const has = (text: string | undefined) => text !== undefined && fold(text).split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(word));
    const expected = server.data.callLogs
      .filter((c) => c.agentId === agentId && Date.parse(c.createdAt) >= start && Date.parse(c.createdAt) <= end && !c.trialCall)
      .filter((c) => has(c.summary) || has(c.transcript))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1));
    assert.ok(expected.length > 2, `only ${expected.length} calls with the word`);
    const answer = await runTool('voiceAi_searchCalls', { text: 'Transferred', agent: agentId, callType: 'live', from: '2026-09-01', to: '2026-10-31', pageSize: 20 }, backendFor(client, store));
    assert.equal(answer.isError, false, answer.text);
    assert.match(answer.text, new RegExp(`^Calls 1–${Math.min(20, expected.length)} of ${expected.length} \\(page 1 of \\d+\\) matching: words "Transferred"`));
    assert.match(answer.text, /Source: the local call store \(full-text search\)\./);
    assert.deepEqual(ids(answer.text), expected.slice(0, 20).map((c) => c.id));
    assert.match(answer.text, /^1\. .* · (summary|transcript): “[^”]*[Tt]ransferred/m);
    assert.doesNotMatch(answer.text, /Only calls synced/, 'a covered range gets no coverage note');
  });

  it('says which span the store holds when the range reaches past it', async () => {
    const answer = await runTool('voiceAi_searchCalls', { text: 'transferred', from: '2026-11-01', to: '2026-12-31' }, backendFor(client, store));
    assert.match(answer.text, /Only calls synced to the local store were searched: from the oldest call to \d{4}-\d\d-\d\d \d\d:\d\d; calls outside that span are not in it\./);
  });
});
