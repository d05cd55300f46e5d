// 200 random filters (agents, contacts, live/trial, action types, date ranges in several zones
// with DST days, sorts, pages) answered by a synced store and by the server: identical. The seed
// changes with every run and is printed on failure (STORE_CONSISTENCY_SEED=<n> replays it).
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { syncCalls } from '../../src/services/store/sync';
import type { SqliteCallStore } from '../../src/services/store/callStore';
import type { ApiServer } from '../api-server/server';
import { checkConsistency } from './consistency';
import { clientFor, openStore, scratch, startServer } from './helpers';

describe('store answers equal the API', () => {
  let server: ApiServer;
  let folder: ReturnType<typeof scratch>;
  let store: SqliteCallStore;
  before(async () => {
    server = await startServer({ calls: 3000, seed: 4242 });
    // Bursts of calls created in the same millisecond: ties that only the id orders.
    for (const [count, daysBefore] of [
      [40, 3],
      [25, 20],
      [12, 61],
    ]) {
      server.sample.arrive(count, server.sample.now - daysBefore * 86_400_000);
    }
    folder = scratch();
    store = openStore(path.join(folder.dir, 'consistency.sqlite'), server);
    const client = clientFor(server);
    await syncCalls(store, client);
    await client.close();
  });
  after(async () => {
    store.close();
    await server.stop();
    folder.remove();
  });

  it('for 200 random filters: the same total and the same ids in the same order', async () => {
    const seed = Number(process.env.STORE_CONSISTENCY_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const result = await checkConsistency(store, server, seed, 200);
    assert.equal(
      result.equal,
      200,
      `seed ${seed} (replay: STORE_CONSISTENCY_SEED=${seed}): ${result.mismatches.length} differ, first: ${JSON.stringify(result.mismatches.slice(0, 3))}`,
    );
  });
});
