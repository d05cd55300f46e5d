// A process syncing is killed (SIGKILL) at several moments of its first sync; after each kill the
// store opens, passes SQLite's integrity check, holds no duplicate and no hole inside the coverage
// it reports; the next sync resumes and ends with exactly the server's calls. The same for kills
// during an incremental pass (new calls after a complete sync).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { syncCalls } from '../../src/services/store/sync';
import type { ApiServer } from '../api-server/server';
import { clientFor, openStore, scratch, serverAll, startServer } from './helpers';

/** Runs the child until it has printed `stored >= atLeast`, then kills it; resolves with what it stored by then. */
function syncThenKill(server: ApiServer, file: string, atLeast: number, extraDelayMs: number): Promise<{ killedAt: number; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'syncChild.js'), JSON.stringify({ baseUrl: server.baseUrl, token: server.token, locationId: server.locationId, file })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stored = 0;
    let killing = false;
    let finished = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      for (const line of text.split('\n')) {
        const m = /^stored (\d+)$/.exec(line);
        if (m) stored = Number(m[1]);
        if (line === 'done') finished = true;
      }
      if (!killing && stored >= atLeast) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraDelayMs);
      }
    });
    child.once('error', reject);
    child.once('exit', () => resolve({ killedAt: stored, finished }));
  });
}

type Store = ReturnType<typeof openStore>;

/**
 * Kills a sync at each of `moments` ([calls stored at least, then a delay in ms]) until one finishes.
 * After each kill the store must open, pass SQLite's integrity check, hold no duplicate and have its
 * count written with its pages; `inspect` checks the rest and says what to report of the kill.
 */
async function killDuringSync<T>(
  server: ApiServer,
  file: string,
  moments: readonly (readonly [number, number])[],
  inspect: (store: Store, ids: string[], killedAt: number) => T | Promise<T>,
): Promise<T[]> {
  const kills: T[] = [];
  for (const [atLeast, delay] of moments) {
    const run = await syncThenKill(server, file, atLeast, delay);
    if (run.finished) break;
    const store = openStore(file, server);
    try {
      assert.equal(store.integrityCheck(), 'ok', `integrity after the kill at ${run.killedAt}`);
      const ids = [...store.iterate({})].flat().map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, 'no duplicates');
      assert.equal(store.coverage().callCount, ids.length, 'the count was written with the pages');
      kills.push(await inspect(store, ids, run.killedAt));
    } finally {
      store.close();
    }
  }
  return kills;
}

/** After the kills, a sync to the end: what the store then holds. */
async function syncToEnd(server: ApiServer, file: string) {
  const store = openStore(file, server);
  const client = clientFor(server);
  try {
    await syncCalls(store, client);
    return { ids: [...store.iterate({})].flat().map((c) => c.id), coverage: store.coverage(), integrity: store.integrityCheck() };
  } finally {
    store.close();
    await client.close();
  }
}

describe('a sync killed mid-way', () => {
  let server: ApiServer;
  let folder: ReturnType<typeof scratch>;
  before(async () => {
    // Slow answers so that the kills land while pages are being fetched and stored.
    server = await startServer({ calls: 3000, seed: 23, latencyMs: 15 });
    folder = scratch();
  });
  after(async () => {
    await server.stop();
    folder.remove();
  });

  it('opens intact after each SIGKILL and resumes to exactly the server calls', async () => {
    const file = path.join(folder.dir, 'crash.sqlite');
    const all = await serverAll(server);
    const expected = all.map((c) => c.id);
    // Kill moments: right at the start, after a few pages, mid-way (with small delays so that some land inside a write).
    const moments = [
      [0, 30],
      [200, 0],
      [700, 7],
      [1500, 3],
      [2200, 1],
    ] as const;
    const kills = await killDuringSync(server, file, moments, (store, ids, killedAt) => {
      const { from, to, complete } = store.coverage();
      if (from !== undefined && to !== undefined && !complete) {
        const stored = new Set(ids);
        const inside = all.filter((c) => Date.parse(String(c.createdAt)) >= from);
        assert.ok(inside.every((c) => stored.has(c.id)), `a hole inside the coverage after the kill at ${killedAt}`);
      }
      return { killedAt, stored: ids.length, from };
    });
    assert.ok(kills.length >= 3, `killed ${kills.length} times: ${JSON.stringify(kills)}`);
    const end = await syncToEnd(server, file);
    assert.deepEqual(end.ids, expected, 'no duplicates, no holes');
    assert.equal(end.integrity, 'ok');
    assert.equal(end.coverage.complete, true);
  });

  it('killed during an incremental pass: the store opens whole (its coverage and the part the pass reached), and the next pass ends with exactly the server calls', async () => {
    // The complete store of the test above; 1,500 calls arrive after its end, one a millisecond (calls at
    // one same millisecond could not be resumed below).
    const file = path.join(folder.dir, 'crash.sqlite');
    const first = openStore(file, server);
    const to = first.coverage().to as number;
    first.close();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, to + 1600 - Date.now())));
    for (let k = 1; k <= 1500; k++) server.sample.arrive(1, to + k);
    const moments = [
      [300, 2],
      [900, 5],
    ] as const;
    const kills = await killDuringSync(server, file, moments, async (store, ids, killedAt) => {
      const { to, pending } = store.coverage();
      const stored = new Set(ids);
      const all = await serverAll(server);
      // What the coverage claims is whole, and so is what the cut pass reached.
      assert.ok(all.filter((c) => Date.parse(String(c.createdAt)) <= (to as number)).every((c) => stored.has(c.id)), `a hole inside the coverage after the kill at ${killedAt}`);
      if (pending) {
        const reachedPart = all.filter((c) => Date.parse(String(c.createdAt)) >= pending.reached && Date.parse(String(c.createdAt)) <= pending.end);
        assert.ok(reachedPart.every((c) => stored.has(c.id)), `a hole in the part reached before the kill at ${killedAt}`);
      }
      return { killedAt, reached: pending?.reached };
    });
    assert.ok(kills.some((k) => k.reached !== undefined), `a kill landed inside the pass: ${JSON.stringify(kills)}`);
    const end = await syncToEnd(server, file);
    assert.deepEqual(end.ids, (await serverAll(server)).map((c) => c.id), 'no duplicates, no holes');
    assert.equal(end.coverage.pending, undefined);
  });
});
