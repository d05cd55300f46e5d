// A damaged or foreign store file is detected when it is opened and replaced by an empty store
// (which the next sync refills), never a crash.
import { strict as assert } from 'node:assert';
import { closeSync, openSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CallLog } from '../../src/api/schemas';
import { guardAgainstCorruption, StoreDamagedError } from '../../src/services/store/guard';
import { openCallStore } from '../../src/services/store/open';
import { isCorruptionError, sqliteAvailability } from '../../src/services/store/sqlite';
import type { ApiServer } from '../api-server/server';
import { clientFor, openStore, scratch, startServer } from './helpers';

describe('a damaged store file', () => {
  let server: ApiServer;
  let folder: ReturnType<typeof scratch>;
  let calls: CallLog[];
  before(async () => {
    server = await startServer({ calls: 400 });
    folder = scratch();
    const client = clientFor(server);
    calls = [];
    for await (const c of client.iterateCallLogs({})) calls.push(c);
    await client.close();
  });
  after(async () => {
    await server.stop();
    folder.remove();
  });

  /** A store with every call, closed (checkpointed into the main file). */
  function filled(name: string): string {
    const file = path.join(folder.dir, name);
    const store = openStore(file, server);
    store.putCallLogs(calls);
    store.updateCoverage({ from: 0, to: Date.now(), complete: true });
    store.close();
    return file;
  }

  function reopen(file: string): { rebuilt?: string; count: number } {
    const opened = openCallStore({ file, account: { baseUrl: server.baseUrl, locationId: server.locationId } });
    assert.ok(opened.ok, opened.ok ? '' : opened.reason);
    try {
      // Usable at once.
      opened.store.putCallLogs(calls.slice(0, 2));
      assert.equal(opened.store.integrityCheck(), 'ok');
      return { rebuilt: opened.rebuilt, count: opened.store.page({}, 1, 50).total };
    } finally {
      opened.store.close();
    }
  }

  it('an intact file opens as it is', () => {
    const file = filled('intact.sqlite');
    assert.deepEqual(reopen(file), { rebuilt: undefined, count: 400 });
  });

  it('garbage bytes: rebuilt', () => {
    const file = path.join(folder.dir, 'garbage.sqlite');
    writeFileSync(file, Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251)));
    assert.deepEqual(reopen(file), { rebuilt: 'notADatabase', count: 2 });
  });

  it('a truncated file: rebuilt', () => {
    const file = filled('truncated.sqlite');
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const { rebuilt, count } = reopen(file);
    // SQLite itself may notice first ("malformed" when reading the header's page count), or the size check does.
    assert.ok(rebuilt === 'truncated' || rebuilt === 'corrupt', String(rebuilt));
    assert.equal(count, 2);
  });

  it('pages overwritten with garbage inside an intact header: the query that meets them says so; reopened with rebuild, the store starts empty', () => {
    const file = filled('scribbled.sqlite');
    const fd = openSync(file, 'r+');
    try {
      const size = statSync(file).size;
      // Every b-tree page after the first few gets a scrambled header.
      for (let at = 16384 * 3; at < size; at += 16384) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, at);
    } finally {
      closeSync(fd);
    }
    const account = { baseUrl: server.baseUrl, locationId: server.locationId };
    const opened = openCallStore({ file, account });
    assert.ok(opened.ok, opened.ok ? '' : opened.reason);
    // Not read at open (a full check costs a second per 30,000 calls): the first query that reaches the damage reports it.
    if (opened.rebuilt === undefined) {
      assert.throws(() => [...opened.store.iterate({})], (error: unknown) => isCorruptionError(error));
    }
    opened.store.close();
    const rebuilt = openCallStore({ file, account, rebuild: true });
    assert.ok(rebuilt.ok);
    assert.equal(rebuilt.store.page({}, 1, 50).total, 0);
    assert.equal(rebuilt.store.integrityCheck(), 'ok');
    rebuilt.store.close();
  });

  it('another schema version, or another application\'s database: rebuilt', () => {
    const sqlite = sqliteAvailability();
    assert.ok(sqlite.ok);
    const versioned = filled('version.sqlite');
    const db = sqlite.open(versioned);
    db.exec('PRAGMA user_version = 999');
    db.close();
    assert.deepEqual(reopen(versioned), { rebuilt: 'otherSchemaVersion', count: 2 });

    const foreign = path.join(folder.dir, 'foreign.sqlite');
    const other = sqlite.open(foreign);
    other.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')");
    other.close();
    assert.deepEqual(reopen(foreign), { rebuilt: 'otherApplication', count: 2 });
    assert.ok(!readFileSync(foreign).includes('mine'), 'replaced, not merged');
  });

  it('an empty file (a kill before the first write) is simply a new store', () => {
    const file = path.join(folder.dir, 'empty.sqlite');
    writeFileSync(file, '');
    assert.deepEqual(reopen(file), { rebuilt: undefined, count: 2 });
  });

  it('asked to rebuild (a query found the file damaged), the store starts empty', () => {
    const file = filled('asked.sqlite');
    const opened = openCallStore({ file, account: { baseUrl: server.baseUrl, locationId: server.locationId }, rebuild: true });
    assert.ok(opened.ok);
    assert.equal(opened.store.coverage().callCount, 0);
    opened.store.close();
  });

  it('guarded (as the extension opens it): the first query that meets damage reports it once, and every such query fails saying the store is being rebuilt; other errors pass as they are', () => {
    const file = filled('guarded.sqlite');
    const fd = openSync(file, 'r+');
    try {
      const size = statSync(file).size;
      for (let at = Math.floor(size / 2 / 16384) * 16384; at < size; at += 16384) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, at);
    } finally {
      closeSync(fd);
    }
    const opened = openCallStore({ file, account: { baseUrl: server.baseUrl, locationId: server.locationId } });
    assert.ok(opened.ok && opened.rebuilt === undefined, 'the damage is past what opening reads');
    const reports: unknown[] = [];
    const store = guardAgainstCorruption(opened.store, (error) => reports.push(error));
    assert.throws(() => [...store.iterate({})], StoreDamagedError);
    assert.throws(() => store.page({}, 1, 500), (error: unknown) => error instanceof StoreDamagedError && /being rebuilt/.test(error.message) && isCorruptionError(error.cause));
    assert.equal(reports.length, 1, 'reported once');
    assert.ok(isCorruptionError(reports[0]));
    assert.throws(() => store.page({}, 0, 10), /page must be a whole number/);
    store.close();
  });
});
