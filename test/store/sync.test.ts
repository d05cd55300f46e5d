// The sync against the local API server: the first sync stores exactly the server's calls; an
// interrupted one resumes without duplicates or holes; 429s, resets and 5xx are waited out; the
// incremental pass takes new calls in a few requests and asks again for calls still filling in;
// agents gone from the list are flagged; the watch's poll is one request.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { VoiceAiClient } from '../../src/api/client';
import type { SqliteCallStore } from '../../src/services/store/callStore';
import { pollNewestCalls, syncCalls } from '../../src/services/store/sync';
import type { SyncProgress } from '../../src/services/store/types';
import type { ApiServer } from '../api-server/server';
import { clientFor, openStore, scratch, serverAll, startServer } from './helpers';

const CALL_LOGS = '/voice-ai/dashboard/call-logs';

/** Every stored id in the API's order, and the store's own consistency. */
function storedIds(store: SqliteCallStore): string[] {
  assert.equal(store.integrityCheck(), 'ok');
  const ids = [...store.iterate({}, 500)].flat().map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, 'no duplicates');
  assert.equal(store.coverage().callCount, ids.length, 'the count kept with the coverage');
  return ids;
}

describe('sync', () => {
  let folder: ReturnType<typeof scratch>;
  before(() => {
    folder = scratch();
  });
  after(() => folder.remove());

  describe('against a quiet server', () => {
    let server: ApiServer;
    let client: VoiceAiClient;
    before(async () => {
      server = await startServer({ calls: 1200 });
      client = clientFor(server);
    });
    after(async () => {
      await client.close();
      await server.stop();
    });

    it('a first sync stores every call, newest first, with progress; the coverage is complete', async () => {
      const store = openStore(path.join(folder.dir, 'first.sqlite'), server);
      try {
        const progress: SyncProgress[] = [];
        server.clearRequests();
        const result = await syncCalls(store, client, { onProgress: (p) => progress.push(p) });
        const listRequests = server.requests.filter((r) => r.path === CALL_LOGS).length;
        const expected = (await serverAll(server)).map((c) => c.id);
        assert.deepEqual(storedIds(store), expected);
        const coverage = store.coverage();
        assert.equal(coverage.complete, true);
        assert.equal(coverage.callCount, 1200);
        assert.ok(coverage.lastSyncedAt !== undefined && coverage.to !== undefined);
        assert.equal(result.addedCount, 1200);
        assert.equal(listRequests, 24, '1,200 calls are 24 pages');
        assert.equal(result.requests, 24 + 1, 'and one agents page');
        assert.ok(progress.some((p) => p.phase === 'initial' && p.total === 1200));
        assert.equal(progress.at(-1)?.done, 1200);
        assert.ok(store.covers({}, { maxAgeMs: 60_000 }));
        assert.equal(store.agents().length, server.data.agents.length);
      } finally {
        store.close();
      }
    });

    it('an incremental pass takes 100 new calls in 2 list requests, newest first; nothing new costs one', async () => {
      const store = openStore(path.join(folder.dir, 'incremental.sqlite'), server);
      try {
        await syncCalls(store, client);
        const newIds = server.sample.arrive(100);
        server.clearRequests();
        const result = await syncCalls(store, client);
        const lists = server.requests.filter((r) => r.path === CALL_LOGS);
        assert.ok(lists.length <= 3, `${lists.length} list requests`);
        assert.equal(result.addedCount, 100);
        assert.deepEqual(new Set(result.added.map((c) => c.id)), new Set(newIds));
        const times = result.added.map((c) => Date.parse(c.createdAt));
        assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
        assert.deepEqual(storedIds(store), (await serverAll(server)).map((c) => c.id));

        // Calls still filling in (no summary, no extracted data, translation pending) are asked for
        // again: the window reaches back to the oldest of them.
        const unsettledTimes = result.added.filter((c) => !c.summary || c.extractedData === undefined || (c.translation?.enabled && !c.translation.translatedTranscript)).map((c) => Date.parse(c.createdAt));
        assert.ok(unsettledTimes.length > 0, 'the sample data has calls still filling in');
        server.clearRequests();
        const again = await syncCalls(store, client);
        const window = server.requests.filter((r) => r.path === CALL_LOGS)[0];
        assert.equal(Number(window.query.startDate), Math.min(...unsettledTimes), 're-check from the oldest unsettled call');
        assert.equal(again.addedCount, 0);

        // Older than the bound (2 h by default): settled for good, a pass costs one list request.
        server.clearRequests();
        await syncCalls(store, client, { unsettledMs: 1 });
        const lists2 = server.requests.filter((r) => r.path === CALL_LOGS);
        assert.equal(lists2.length, 1);
        assert.ok(Number(lists2[0].query.startDate) >= Date.now() - 60_000, 'the window starts where the coverage ends');
      } finally {
        store.close();
      }
    });

    it('agents gone from the list are flagged deleted, and so are their calls', async () => {
      const store = openStore(path.join(folder.dir, 'agents.sqlite'), server);
      try {
        const ghost = { ...server.data.agents[0], id: 'ghostAgent1', agentName: 'Ghost' };
        store.putAgents([ghost as never]);
        await syncCalls(store, client);
        const flagged = store.agents().find((a) => a.agent.id === 'ghostAgent1');
        assert.equal(flagged?.deleted, true);
        assert.ok(store.agents().filter((a) => !a.deleted).every((a) => server.data.agents.some((s) => s.id === a.agent.id)));
        const deletedAgent = [...server.data.deletedAgentIds][0];
        const call = store.page({ agentId: deletedAgent }, 1, 1).callLogs[0];
        assert.equal(call?.isAgentDeleted, true, 'the API already marks the deleted agent on its calls');
      } finally {
        store.close();
      }
    });

    it('Clear during a first sync stops it: the emptied store claims no coverage', async () => {
      const store = openStore(path.join(folder.dir, 'cleared.sqlite'), server);
      try {
        let cleared = false;
        const sync = syncCalls(store, client, {
          concurrency: 1,
          onProgress: (p) => {
            if (!cleared && p.done >= 200) {
              cleared = true;
              store.clear();
            }
          },
        });
        await assert.rejects(sync, { name: 'StoreClearedError' });
        const coverage = store.coverage();
        assert.equal(coverage.to, undefined);
        assert.equal(coverage.from, undefined);
        assert.equal(store.covers({}, { maxAgeMs: Infinity }), false);
        // The next sync fills it again, whole.
        await syncCalls(store, client);
        assert.deepEqual(storedIds(store), (await serverAll(server)).map((c) => c.id));
      } finally {
        store.close();
      }
    });

    it('the watch asks for one page; a full page of new calls is a gap', async () => {
      const store = openStore(path.join(folder.dir, 'watch.sqlite'), server);
      try {
        await syncCalls(store, client, { unsettledMs: 1 });
        const before = store.coverage().to as number;
        const three = server.sample.arrive(3);
        server.clearRequests();
        const poll = await pollNewestCalls(store, client);
        assert.equal(server.requests.length, 1);
        assert.deepEqual(poll.added.map((c) => c.id).sort(), [...three].sort());
        assert.equal(poll.gap, false);
        assert.ok((store.coverage().to as number) > before, 'the coverage moves up to the poll');
        assert.equal((await pollNewestCalls(store, client)).added.length, 0);

        server.sample.arrive(60);
        const full = await pollNewestCalls(store, client);
        assert.equal(full.added.length, 50);
        assert.equal(full.gap, true, 'more new calls than one page');
        const to = store.coverage().to;
        const sync = await syncCalls(store, client, { unsettledMs: 1 });
        assert.equal(sync.addedCount, 10);
        assert.ok((store.coverage().to as number) >= (to as number));
        assert.deepEqual(storedIds(store), (await serverAll(server)).map((c) => c.id));
      } finally {
        store.close();
      }
    });
  });

  describe('checked against the API: calls deleted in the CRM, calls logged late', () => {
    let server: ApiServer;
    let client: VoiceAiClient;
    before(async () => {
      server = await startServer({ calls: 1200, seed: 7 });
      client = clientFor(server);
    });
    after(async () => {
      await client.close();
      await server.stop();
    });
    const lists = () => server.requests.filter((r) => r.path === CALL_LOGS);
    const count = (sql: string) => Number(store.select(sql)[0].n);
    let store: SqliteCallStore;

    it('a check removes what the CRM deleted and adds what was logged late; one deletion costs a few requests', async () => {
      store = openStore(path.join(folder.dir, 'check.sqlite'), server);
      try {
        await syncCalls(store, client);
        const all = (await serverAll(server)).map((c) => c.id);
        // Nothing changed: the window, then one count for everything stored before it.
        server.clearRequests();
        const quiet = await syncCalls(store, client, { unsettledMs: 1, reconcileEveryMs: 0 });
        assert.equal(lists().length, 2, 'the window and one count');
        assert.equal(lists()[1].query.pageSize, '1', 'a count is a page of one');
        assert.equal(quiet.removed, 0);

        // The CRM deletes a call: a few counts find it, far fewer requests than reading all again.
        server.sample.delete([all[700]]);
        // Within the interval (hours) a pass does not check.
        server.clearRequests();
        const skipped = await syncCalls(store, client, { unsettledMs: 1 });
        assert.equal(lists().length, 1);
        assert.equal(skipped.removed, 0);
        assert.ok(store.getCallLog(all[700]), 'still stored until a check');
        server.clearRequests();
        const one = await syncCalls(store, client, { unsettledMs: 1, reconcileEveryMs: 0 });
        assert.equal(one.removed, 1);
        assert.equal(store.getCallLog(all[700]), undefined);
        assert.ok(lists().length < 24, `${lists().length} requests: fewer than the 24 pages of reading everything again`);

        // Three more deleted, and two calls of three days ago logged only now (counts see them apart:
        // a deletion and a late call in one stretch would offset each other).
        const gone = [all[40], all[900], all[1150]];
        server.sample.delete(gone);
        const late = server.sample.arrive(2, Date.now() - 3 * 86_400_000);
        const checked = await syncCalls(store, client, { unsettledMs: 1, reconcileEveryMs: 0 });
        assert.equal(checked.removed, 3);
        assert.equal(checked.addedCount, 2);
        for (const id of gone) assert.equal(store.getCallLog(id), undefined, `${id} removed`);
        for (const id of late) assert.ok(store.getCallLog(id), `${id} added`);
        assert.deepEqual(storedIds(store), (await serverAll(server)).map((c) => c.id));
        // Gone from the full-text index and the action rows too.
        assert.equal(count('SELECT count(*) AS n FROM calls_text'), store.coverage().callCount);
        assert.equal(count('SELECT count(*) AS n FROM actions WHERE call_rowid NOT IN (SELECT rowid FROM calls)'), 0);

        // Checked just now: the next pass is one request again.
        server.clearRequests();
        await syncCalls(store, client, { unsettledMs: 1 });
        assert.equal(lists().length, 1);
      } finally {
        store.close();
      }
    });
  });

  describe('with faults', () => {
    let server: ApiServer;
    let client: VoiceAiClient;
    before(async () => {
      server = await startServer({ calls: 900, seed: 5 });
      client = clientFor(server);
    });
    after(async () => {
      await client.close();
      await server.stop();
    });

    it('429s, resets and server errors are waited out: no duplicates, no holes', async () => {
      const store = openStore(path.join(folder.dir, 'faults.sqlite'), server);
      try {
        server.setFaults({ rateLimitBurst: 3, retryAfterSeconds: 0, resetRate: 0.15, errorRate: 0.1, malformedJsonRate: 0.05, pathPrefix: CALL_LOGS });
        const waits: number[] = [];
        await syncCalls(store, client, { onProgress: (p) => p.waitingUntil !== undefined && waits.push(p.waitingUntil) });
        server.setFaults({});
        assert.ok(waits.length > 0, 'the progress said it was waiting');
        assert.ok(server.requests.some((r) => r.status === 429));
        assert.deepEqual(storedIds(store), (await serverAll(server)).map((c) => c.id));
      } finally {
        store.close();
      }
    });

    it('a cancelled first sync keeps a consistent partial coverage and resumes from it', async () => {
      const store = openStore(path.join(folder.dir, 'resume.sqlite'), server);
      try {
        const controller = new AbortController();
        server.setFaults({ latencyMs: 20 });
        const cancelled = syncCalls(store, client, {
          signal: controller.signal,
          concurrency: 2,
          onProgress: (p) => {
            if (p.done >= 300) controller.abort();
          },
        });
        await assert.rejects(cancelled, { name: 'AbortError' });
        server.setFaults({});
        const partial = store.coverage();
        assert.equal(partial.complete, false);
        assert.ok(partial.from !== undefined && partial.to !== undefined);
        const all = await serverAll(server);
        const inCoverage = all.filter((c) => Date.parse(String(c.createdAt)) >= (partial.from as number)).map((c) => c.id);
        const stored = new Set(storedIds(store));
        assert.ok(stored.size >= 300 && stored.size < 900, `${stored.size} stored`);
        assert.ok(inCoverage.every((id) => stored.has(id)), 'no hole inside the coverage');
        assert.equal(store.covers({ startDate: partial.from as number, endDate: partial.to as number }), true);
        assert.equal(store.covers({ startDate: (partial.from as number) - 1, endDate: partial.to as number }), false);

        server.clearRequests();
        await syncCalls(store, client);
        const first = server.requests.filter((r) => r.path === CALL_LOGS && r.query.startDate === '0')[0];
        assert.equal(Number(first.query.endDate), partial.from, 'resumed from the coverage, not from the top');
        assert.deepEqual(storedIds(store), all.map((c) => c.id));
        assert.equal(store.coverage().complete, true);
      } finally {
        store.close();
      }
    });

    it('an incremental pass cut short is resumed with the part it did not reach, not read again whole', async () => {
      const store = openStore(path.join(folder.dir, 'resume-incremental.sqlite'), server);
      try {
        await syncCalls(store, client, { unsettledMs: 1 });
        const before = store.coverage();
        // 1,000 calls, one a second after the coverage's end (calls at one same millisecond could not
        // be resumed below); the passes run at the last one's time.
        const from = (before.to as number) + 1000;
        for (let k = 0; k < 1000; k++) server.sample.arrive(1, from + k * 1000);
        const clock = () => from + 1000 * 1000;
        const controller = new AbortController();
        server.setFaults({ latencyMs: 20 });
        const cancelled = syncCalls(store, client, {
          signal: controller.signal,
          concurrency: 2,
          unsettledMs: 1,
          clock,
          onProgress: (p) => {
            if (p.phase === 'incremental' && p.done >= 300) controller.abort();
          },
        });
        await assert.rejects(cancelled, { name: 'AbortError' });
        server.setFaults({});
        const cut = store.coverage();
        assert.equal(cut.to, before.to, 'the coverage has not moved');
        assert.ok(cut.pending, 'how far down the window it got');
        const reached = cut.pending.reached;
        const all = await serverAll(server);
        const stored = new Set(storedIds(store));
        const inReach = all.filter((c) => Date.parse(String(c.createdAt)) >= reached && Date.parse(String(c.createdAt)) <= (cut.pending?.end as number));
        assert.ok(inReach.length >= 250, `${inReach.length} calls within reach (the oldest stored millisecond is read again)`);
        assert.ok(inReach.every((c) => stored.has(c.id)), 'every call of the part it reached is stored');
        // Lists reaching the present go to the API until then: the store has a gap below what it reached.
        assert.equal(store.covers({}, { maxAgeMs: Infinity }), false);
        assert.equal(store.covers({ startDate: 0, endDate: before.to as number }), true, 'the coverage itself still answers');

        server.clearRequests();
        const resumed = await syncCalls(store, client, { unsettledMs: 1, clock });
        const lists = server.requests.filter((r) => r.path === CALL_LOGS);
        assert.equal(Number(lists[0].query.endDate), reached, 'resumed below the part it reached');
        assert.ok(lists.length < 20, `${lists.length} list requests: fewer than the 20 pages of the whole window`);
        assert.equal(resumed.addedCount, 1000 - stored.size + before.callCount);
        assert.deepEqual(storedIds(store), all.map((c) => c.id));
        assert.equal(store.coverage().pending, undefined);
        assert.ok((store.coverage().to as number) >= (cut.pending.end as number));
        assert.equal(store.covers({}, { maxAgeMs: Infinity }), true);
      } finally {
        store.close();
      }
    });
  });
});
