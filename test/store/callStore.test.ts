// The store engine against the local API server: what is put in comes out as the API sent it;
// pages, totals and order equal the server's; agents deleted since are flagged; the coverage rule.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { VoiceAiClient } from '../../src/api/client';
import { rawOf, rememberRaw } from '../../src/api/raw';
import { CallLogSchema, type CallLog } from '../../src/api/schemas';
import { accountKey, openCallStore, storeFileFor } from '../../src/services/store/open';
import type { ApiServer } from '../api-server/server';
import { clientFor, openStore, scratch, serverAll, serverPage, startServer } from './helpers';

describe('call store engine', () => {
  let server: ApiServer;
  let client: VoiceAiClient;
  let folder: ReturnType<typeof scratch>;
  let everything: CallLog[];

  before(async () => {
    server = await startServer({ calls: 600 });
    client = clientFor(server);
    folder = scratch();
    everything = [];
    for await (const callLog of client.iterateCallLogs({})) everything.push(callLog);
  });
  after(async () => {
    await client.close();
    await server.stop();
    folder.remove();
  });

  it('stores call logs and gives them back as the API sent them, parsed', () => {
    const store = openStore(path.join(folder.dir, 'put.sqlite'), server);
    try {
      const first = store.putCallLogs(everything.slice(0, 100));
      assert.equal(first.added.length, 100);
      assert.equal(first.updated, 0);
      const again = store.putCallLogs(everything.slice(50, 150));
      assert.deepEqual(again.added, everything.slice(100, 150).map((c) => c.id), 'only the unseen ids are new');
      assert.equal(again.updated, 0, 'the same JSON again is no update');
      assert.equal(store.coverage().callCount, 150);

      const sample = everything[7];
      const read = store.getCallLog(sample.id);
      assert.ok(read);
      assert.deepEqual(rawOf(read), rawOf(sample), 'the JSON as the API sent it');
      assert.deepEqual(read, sample, 'parsed the same way');
      assert.equal(store.getCallLog('nope'), undefined);

      const changed = { ...(rawOf(sample) as Record<string, unknown>), summary: 'A summary that arrived later.' };
      const parsed = CallLogSchema.parse(changed);
      rememberRaw(parsed, changed);
      assert.deepEqual(store.putCallLogs([parsed]), { added: [], updated: 1 });
      assert.equal(store.getCallLog(sample.id)?.summary, 'A summary that arrived later.');
      assert.equal(store.search('arrived later')[0]?.callLog.id, sample.id, 'the full-text index follows the update');
      assert.equal(store.search('later arrived summary').length, 1);
    } finally {
      store.close();
    }
  });

  it('answers pages with the same ids, order and total as the server', async () => {
    const store = openStore(path.join(folder.dir, 'pages.sqlite'), server);
    try {
      store.putCallLogs(everything);
      const agentId = server.data.agents[1].id;
      const contact = everything.find((c) => c.contactId)?.contactId as string;
      const filters = [
        {},
        { agentId },
        { callType: 'TRIAL' as const },
        { actionTypes: ['CALL_TRANSFER', 'SMS'] },
        { contactIds: [contact, 'unknownContact'] },
        { sortBy: 'duration' as const, sort: 'descend' as const },
        { sortBy: 'duration' as const, sort: 'ascend' as const, agentId },
        { sortBy: 'createdAt' as const, sort: 'ascend' as const, callType: 'LIVE' as const },
        { startDate: Date.parse(everything[300].createdAt), endDate: Date.parse(everything[100].createdAt) },
        { agentId: 'noSuchAgent' },
      ];
      for (const filter of filters) {
        for (const [page, pageSize] of [
          [1, 50],
          [2, 50],
          [3, 7],
        ] as const) {
          const expected = await serverPage(server, filter, page, pageSize);
          const local = store.page(filter, page, pageSize);
          const what = `${JSON.stringify(filter)} page ${page}/${pageSize}`;
          assert.equal(local.total, expected.total, `total of ${what}`);
          assert.deepEqual(
            local.callLogs.map((c) => c.id),
            expected.callLogs.map((c) => c.id),
            `ids of ${what}`,
          );
        }
        const all = [...store.iterate(filter, 33)].flat().map((c) => c.id);
        assert.deepEqual(all, (await serverAll(server, filter)).map((c) => c.id), `iterate ${JSON.stringify(filter)}`);
      }
    } finally {
      store.close();
    }
  });

  it('searches summaries, transcripts and callers\' numbers: accents and case ignored, newest first, the matching sentence', () => {
    const store = openStore(path.join(folder.dir, 'search.sqlite'), server);
    try {
      store.putCallLogs(everything);
      const accented = everything.find((c) => /número/.test(c.transcript ?? '')) as CallLog;
      assert.ok(accented, 'the sample data has a transcript with "número"');
      const hits = store.search('NUMERO', { limit: 1000 });
      const expected = everything.filter((c) => /(^|[^\p{L}])n[úu]mero/iu.test(`${c.summary ?? ''}\n${c.transcript ?? ''}`)).map((c) => c.id);
      assert.deepEqual(new Set(hits.map((h) => h.callLog.id)), new Set(expected), 'every call whose text has the word, whatever its accents or case');
      const times = hits.map((h) => Date.parse(h.callLog.createdAt));
      assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
      const hit = hits.find((h) => h.callLog.id === accented.id);
      assert.equal(hit?.field, 'transcript');
      assert.match(hit?.snippet ?? '', /número/i, 'the sentence as written');
      assert.ok((hit?.snippet.length ?? 0) <= 170);

      const caller = everything.find((c) => c.fromNumber?.startsWith('+1')) as CallLog;
      const digits = (caller.fromNumber as string).slice(2, 8);
      const typed = `+1 (${digits.slice(0, 3)}) ${digits.slice(3)}`;
      const byNumber = store.search(typed, { limit: 1000 });
      assert.ok(byNumber.some((h) => h.callLog.id === caller.id && h.field === 'fromNumber'), `"${typed}" finds ${caller.fromNumber}`);
      assert.ok(byNumber.filter((h) => h.field === 'fromNumber').every((h) => (h.callLog.fromNumber ?? '').replace(/\D/g, '').includes(`1${digits}`)));

      const agentId = accented.agentId;
      assert.ok(store.search('numero', { agentId }).every((h) => h.callLog.agentId === agentId));
      assert.deepEqual(store.search('zzzqqq'), []);
      assert.deepEqual(store.search('  ?! '), [], 'no word, no query');
      assert.deepEqual(store.search('"AND" OR NEAR(*'), [], 'FTS5 syntax in the text is plain text');
    } finally {
      store.close();
    }
  });

  it('filters by an action type this version does not know (a newer API), alone or with known ones', () => {
    const store = openStore(path.join(folder.dir, 'newtype.sqlite'), server);
    try {
      const base = rawOf(everything[0]) as Record<string, unknown>;
      const sent = { ...base, id: 'newTypeCall1', executedCallActions: [{ actionType: 'VIDEO_CALL', actionName: 'Video', actionParameters: {} }] };
      const parsed = CallLogSchema.parse(sent);
      rememberRaw(parsed, sent);
      const sms = everything.find((c) => c.executedCallActions.some((a) => a.actionType === 'SMS')) as CallLog;
      const plain = everything.find((c) => c.executedCallActions.length === 0) as CallLog;
      store.putCallLogs([parsed, sms, plain]);
      assert.deepEqual(store.page({ actionTypes: ['VIDEO_CALL'] }, 1, 50).callLogs.map((c) => c.id), ['newTypeCall1']);
      const both = store.page({ actionTypes: ['VIDEO_CALL', 'SMS'] }, 1, 50).callLogs.map((c) => c.id);
      assert.deepEqual(new Set(both), new Set(['newTypeCall1', sms.id]));
      assert.equal(store.page({ actionTypes: ['SMS'] }, 1, 50).total, 1);
    } finally {
      store.close();
    }
  });

  it('flags agents gone from the list as deleted, on their calls too', () => {
    const store = openStore(path.join(folder.dir, 'agents.sqlite'), server);
    try {
      const agents = server.data.agents.map((a) => ({ ...a }));
      store.putAgents(agents as never);
      assert.equal(store.agents().length, agents.length);
      assert.ok(store.agents().every((a) => !a.deleted));
      const gone = agents[0];
      const call = everything.find((c) => c.agentId === gone.id && !c.isAgentDeleted) as CallLog;
      store.putCallLogs([call]);
      assert.equal(store.getCallLog(call.id)?.isAgentDeleted, false);
      store.putAgents(agents.slice(1) as never);
      const listed = store.agents();
      assert.deepEqual(
        listed.map((a) => [a.agent.id, a.deleted]),
        [...agents.slice(1).map((a) => [a.id, false]), [gone.id, true]],
        'the API order, deleted ones last',
      );
      const read = store.getCallLog(call.id) as CallLog;
      assert.equal(read.isAgentDeleted, true, 'the call shows its agent as deleted');
      assert.equal((rawOf(read) as { isAgentDeleted: boolean }).isAgentDeleted, false, 'the JSON stays as the API sent it');
    } finally {
      store.close();
    }
  });

  it('covers a filter only inside the coverage; a range reaching past it only when staleness is accepted', () => {
    const store = openStore(path.join(folder.dir, 'covers.sqlite'), server);
    try {
      assert.equal(store.covers({}), false, 'nothing synced');
      store.updateCoverage({ from: 1000, to: 5000 });
      assert.equal(store.covers({ startDate: 1000, endDate: 5000 }), true);
      assert.equal(store.covers({ startDate: 999, endDate: 5000 }), false, 'before the coverage');
      assert.equal(store.covers({ startDate: 1000, endDate: 5001 }, { now: 6000 }), false, 'newer calls may exist');
      assert.equal(store.covers({ startDate: 1000, endDate: 9000 }, { now: 6000, maxAgeMs: 1000 }), true, 'synced within the accepted age');
      assert.equal(store.covers({ startDate: 1000, endDate: 9000 }, { now: 6001, maxAgeMs: 1000 }), false, 'synced too long ago');
      assert.equal(store.covers({}, { now: 6000, maxAgeMs: 1000 }), false, 'unbounded start, incomplete coverage');
      store.updateCoverage({ complete: true });
      assert.equal(store.covers({}, { now: 6000, maxAgeMs: 1000 }), true);
      assert.equal(store.covers({ agentId: 'x', startDate: 0, endDate: 4000 }), true);
    } finally {
      store.close();
    }
  });

  it('keeps accounts apart: one file per base URL and location, a file of another account is replaced', () => {
    const a = { baseUrl: server.baseUrl, locationId: 'locA' };
    const b = { baseUrl: server.baseUrl + '/', locationId: 'locB' };
    assert.notEqual(storeFileFor(folder.dir, a), storeFileFor(folder.dir, b));
    assert.equal(accountKey(a), accountKey({ ...a, baseUrl: a.baseUrl + '/' }), 'a trailing slash is the same account');
    const file = path.join(folder.dir, 'account.sqlite');
    const first = openCallStore({ file, account: a });
    assert.ok(first.ok);
    first.store.putCallLogs(everything.slice(0, 3));
    first.store.close();
    const other = openCallStore({ file, account: b });
    assert.ok(other.ok);
    assert.equal(other.rebuilt, 'otherAccount');
    assert.equal(other.store.coverage().callCount, 0);
    assert.equal(other.store.getCallLog(everything[0].id), undefined);
    other.store.close();
  });

  it('Clear empties the store and its file', () => {
    const file = path.join(folder.dir, 'clear.sqlite');
    const store = openStore(file, server);
    try {
      store.putCallLogs(everything);
      store.putAgents(server.data.agents as never);
      store.updateCoverage({ from: 0, to: 1, complete: true });
      store.clear();
      assert.equal(store.page({}, 1, 50).total, 0);
      assert.equal(store.agents().length, 0);
      assert.deepEqual(store.coverage(), { complete: false, callCount: 0, from: undefined, to: undefined, lastSyncedAt: undefined, reconciledAt: undefined, pending: undefined });
      assert.equal(store.search('the').length, 0);
      assert.ok(existsSync(file));
    } finally {
      store.close();
    }
  });
});
