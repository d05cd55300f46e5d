// The MCP server (dist/mcp-server.js, its own process) reading the local call store the
// extension keeps synced, through the SDK's own client over stdio (Node with node:sqlite):
// statistics and searches the file covers cost no request to the API; a missing, damaged,
// newer-version or other account's file makes it read the API, and leaves the file exactly as it
// was (byte for byte, no companion files); and it reads while a writer holds the file.
import { after, before, describe, it } from 'node:test';
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SqliteDatabase } from '../../src/services/store/sqlite';
import { syncCalls } from '../../src/services/store/sync';
import type { ApiServer } from '../api-server/server';
import { buildMcpServer, callTool, connectMcp, envFor, type BuiltServer } from '../mcp/harness';
import { clientFor, openStore, scratch, startServer } from './helpers';

// A connection of the test's own, outside the engine (@types/node 20 has no node:sqlite types).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DatabaseSync } = require('node:sqlite') as { DatabaseSync: new (file: string, options?: { readOnly?: boolean }) => SqliteDatabase & { readonly isTransaction: boolean } };

const ZONE = 'UTC';
/** Within the synced data (NOW is 2026-11-20): a range the store covers. */
const RANGE = { from: '2026-10-01', to: '2026-10-31' };
const PAGE_SIZE = 16384;

interface Snapshot {
  readonly files: string[];
  readonly hash: string;
}

/** The folder's file names and the store file's bytes. */
function snapshot(file: string): Snapshot {
  const dir = path.dirname(file);
  const hash = fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'absent';
  return { files: fs.readdirSync(dir).sort(), hash };
}

/**
 * The file is byte for byte what it was and nothing else appeared, but, where SQLite opened it,
 * the companions it gives every reader of a WAL file: an empty -wal (nothing written) and a -shm.
 */
function assertUntouched(file: string, before: Snapshot, sqliteOpened: boolean): void {
  const after = snapshot(file);
  assert.equal(after.hash, before.hash, 'the store file changed');
  const companions = sqliteOpened ? [`${path.basename(file)}-shm`, `${path.basename(file)}-wal`] : [];
  assert.deepEqual(after.files.filter((f) => !before.files.includes(f) && !companions.includes(f)), [], 'files appeared');
  assert.deepEqual(before.files.filter((f) => !after.files.includes(f)), [], 'files disappeared');
  if (sqliteOpened && !before.files.includes(`${path.basename(file)}-wal`) && fs.existsSync(`${file}-wal`)) assert.equal(fs.statSync(`${file}-wal`).size, 0, 'the WAL was written');
}

function figures(text: string): string {
  // The figures without the first line, which names the source.
  return text.split('\n').slice(1).join('\n');
}

describe('MCP server with the local call store file (read-only)', () => {
  const folder = scratch();
  let built: BuiltServer;
  let server: ApiServer;
  /** A store synced by the engine, closed (as VS Code leaves it when it quits). */
  let good: string;
  /** The answers read from the API, to compare with. */
  let apiStats: string;
  let apiSearch: string;

  before(async () => {
    built = await buildMcpServer();
    server = await startServer({ calls: 1200 });
    good = path.join(folder.dir, 'good', 'calls.sqlite');
    fs.mkdirSync(path.dirname(good));
    const client = clientFor(server);
    const store = openStore(good, server);
    await syncCalls(store, client);
    store.close();
    await client.close();
    const { client: mcp } = await connectMcp(built.file, envFor(server, ZONE));
    try {
      apiStats = (await callTool(mcp, 'voiceAi_callStats', RANGE)).text;
      apiSearch = (await callTool(mcp, 'voiceAi_searchCalls', { ...RANGE, actionTypes: ['SMS'], pageSize: 5 })).text;
    } finally {
      await mcp.close();
    }
    assert.match(apiStats, /Source: the Voice AI API\./);
  });

  after(async () => {
    await server?.stop();
    built?.remove();
    folder.remove();
  });

  /** A copy of the synced store in a folder of its own. */
  function copyOfGood(name: string): string {
    const file = path.join(folder.dir, name, 'calls.sqlite');
    fs.mkdirSync(path.dirname(file));
    fs.copyFileSync(good, file);
    return file;
  }

  async function ask(file: string): Promise<{ stats: string; search: string; stored: string; stderr: string }> {
    const { client, stderr } = await connectMcp(built.file, envFor(server, ZONE, { VOICE_AI_STORE_FILE: file }));
    try {
      const stats = await callTool(client, 'voiceAi_callStats', RANGE);
      const search = await callTool(client, 'voiceAi_searchCalls', { ...RANGE, actionTypes: ['SMS'], pageSize: 5 });
      const stored = await callTool(client, 'voiceAi_getCall', { callId: server.data.callLogs[30].id });
      for (const answer of [stats, search, stored]) assert.equal(answer.isError, false, answer.text);
      return { stats: stats.text, search: search.text, stored: stored.text, stderr: stderr() };
    } finally {
      await client.close();
    }
  }

  it('answers statistics, searches, words and a call from the file with no request to the API, and writes nothing', async () => {
    const file = copyOfGood('covered');
    const before = snapshot(file);
    server.clearRequests();
    const { client, stderr } = await connectMcp(built.file, envFor(server, ZONE, { VOICE_AI_STORE_FILE: file }));
    try {
      const stats = await callTool(client, 'voiceAi_callStats', RANGE);
      assert.equal(stats.isError, false, stats.text);
      assert.match(stats.text, /Source: the local call store\./);
      assert.equal(figures(stats.text), figures(apiStats), 'the same figures as from the API');
      const search = await callTool(client, 'voiceAi_searchCalls', { ...RANGE, actionTypes: ['SMS'], pageSize: 5 });
      assert.match(search.text, /Source: the local call store\.$/m);
      const unsourced = (text: string) => text.replace(/ Source: [^.]*\./, '');
      assert.equal(unsourced(search.text), unsourced(apiSearch), 'the same rows as from the API');
      const words = await callTool(client, 'voiceAi_searchCalls', { text: 'transferred', ...RANGE });
      assert.equal(words.isError, false, words.text);
      assert.match(words.text, /Source: the local call store \(full-text search\)\./);
      const one = await callTool(client, 'voiceAi_getCall', { callId: server.data.callLogs[30].id });
      assert.match(one.text, /Source: the local call store\.$/m);
      assert.deepEqual(server.requests, [], 'requests reached the API');
      assert.match(stderr(), /Local call store: reading .* read-only: 1,?200 calls, complete/);
    } finally {
      await client.close();
    }
    assertUntouched(file, before, true);
  });

  const unusable: { name: string; make: () => string; says: RegExp; sqliteOpened?: true }[] = [
    {
      name: 'absent',
      make: () => {
        fs.mkdirSync(path.join(folder.dir, 'absent'));
        return path.join(folder.dir, 'absent', 'calls.sqlite');
      },
      says: /there is no store file at /,
    },
    {
      name: 'not a database',
      make: () => {
        const file = copyOfGood('garbage');
        fs.writeFileSync(file, Buffer.alloc(8 * PAGE_SIZE, 0x5a));
        return file;
      },
      says: /is not used: it is not a database/,
    },
    {
      name: 'damaged past its first pages (found by a query, not at opening)',
      make: () => {
        const file = copyOfGood('damaged');
        // Every page but the schema's (1) and the coverage's (the state table's root) overwritten.
        const db = new DatabaseSync(file);
        const keep = new Set([1, Number(db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'state'`).get()?.rootpage)]);
        db.close();
        const bytes = fs.readFileSync(file);
        for (let page = 2; page * PAGE_SIZE <= bytes.length; page++) if (!keep.has(page)) bytes.fill(0x5a, (page - 1) * PAGE_SIZE, page * PAGE_SIZE);
        fs.writeFileSync(file, bytes);
        return file;
      },
      says: /is damaged \(.*(malformed|not a database|corrupt)/i,
      sqliteOpened: true,
    },
    {
      name: 'written by a newer version',
      make: () => {
        const file = copyOfGood('newer');
        const db = new DatabaseSync(file);
        db.exec('PRAGMA user_version = 99');
        db.close();
        return file;
      },
      says: /written by another version of the extension/,
    },
    {
      name: "another account's",
      make: () => {
        const file = copyOfGood('other');
        const db = new DatabaseSync(file);
        db.prepare(`UPDATE state SET value = 'another-location' WHERE key = 'account_location_id'`).run();
        db.close();
        return file;
      },
      says: /holds another account/,
      sqliteOpened: true,
    },
  ];

  for (const variant of unusable) {
    it(`reads the API when the file is ${variant.name}, and leaves it as it was`, async () => {
      const file = variant.make();
      const before = snapshot(file);
      server.clearRequests();
      const answers = await ask(file);
      assert.match(answers.stats, /Source: the Voice AI API\./);
      assert.equal(answers.stats, apiStats);
      assert.equal(answers.search, apiSearch);
      assert.match(answers.stored, /Source: the Voice AI API\.$/m);
      assert.ok(server.requests.length > 0);
      assert.match(answers.stderr, variant.says);
      assertUntouched(file, before, variant.sqliteOpened === true);
    });
  }

  it('takes up a file that appears after it started (the first sync)', async () => {
    const dir = path.join(folder.dir, 'later');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'calls.sqlite');
    const { client } = await connectMcp(built.file, envFor(server, ZONE, { VOICE_AI_STORE_FILE: file }));
    try {
      assert.match((await callTool(client, 'voiceAi_callStats', RANGE)).text, /Source: the Voice AI API\./);
      fs.copyFileSync(good, file);
      server.clearRequests();
      assert.match((await callTool(client, 'voiceAi_callStats', RANGE)).text, /Source: the local call store\./);
      assert.deepEqual(server.requests, []);
    } finally {
      await client.close();
    }
  });

  it('reads while the extension holds the file with a write in progress, and the writer goes on', async () => {
    const file = copyOfGood('writer');
    // The extension's connection (WAL), and a write transaction it has not committed yet.
    const store = openStore(file, server);
    const writer = new DatabaseSync(file);
    writer.exec('PRAGMA busy_timeout = 5000');
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare(`INSERT OR REPLACE INTO state (key, value) VALUES ('writer_probe', 1)`).run();
    try {
      server.clearRequests();
      const { client } = await connectMcp(built.file, envFor(server, ZONE, { VOICE_AI_STORE_FILE: file }));
      try {
        const stats = await callTool(client, 'voiceAi_callStats', RANGE);
        assert.equal(stats.isError, false, stats.text);
        assert.match(stats.text, /Source: the local call store\./);
        assert.equal(figures(stats.text), figures(apiStats));
        writer.exec('COMMIT');
        // The writer commits more while the server keeps its connection.
        writer.exec('BEGIN IMMEDIATE');
        writer.prepare(`INSERT OR REPLACE INTO state (key, value) VALUES ('writer_probe', 2)`).run();
        writer.exec('COMMIT');
        const search = await callTool(client, 'voiceAi_searchCalls', { ...RANGE, actionTypes: ['SMS'], pageSize: 5 });
        assert.match(search.text, /Source: the local call store\.$/m);
        assert.deepEqual(server.requests, [], 'requests reached the API');
      } finally {
        await client.close();
      }
      assert.equal(Number(writer.prepare(`SELECT value FROM state WHERE key = 'writer_probe'`).get()?.value), 2);
      assert.equal(store.integrityCheck(), 'ok');
    } finally {
      if (writer.isTransaction) writer.exec('ROLLBACK');
      writer.close();
      store.close();
    }
  });
});
