// Reading a store another process writes: the MCP server (its own process) reads the store the
// extension host keeps syncing. Unlike openCallStore, this never creates, migrates, rebuilds,
// deletes or writes the file: a missing, damaged, foreign, other-account or other-version file is
// simply not used (the caller reads the API), and the connection is read-only in SQLite itself.
// WAL lets it read while the extension writes; the busy timeout covers the moments SQLite locks
// readers out (a WAL reset, a recovery after a crash). SQLite itself gives a reader of a WAL file
// the -wal and -shm companions when they are missing (as every reader does; the extension's next
// open takes them over): so a file that is not ours, or of another version, is told from its
// header bytes first, without SQLite.
import * as fs from 'node:fs';
import { SqliteCallStore } from './callStore';
import { APPLICATION_ID, checkStoreFile, SCHEMA_VERSION } from './database';
import { sameAccount } from './open';
import { isCorruptionError, sqliteAvailability, type SqliteDatabase } from './sqlite';
import type { StoreAccount } from './types';

export type ReadOnlyOpenResult = { readonly ok: true; readonly store: SqliteCallStore } | { readonly ok: false; /** In English, for the log and the model. */ readonly reason: string };

/** How long a read waits for a lock the writer holds briefly (ms): blocks this process, so kept short. */
const BUSY_TIMEOUT_MS = 2000;

export function openCallStoreReadOnly(file: string, account: StoreAccount): ReadOnlyOpenResult {
  const sqlite = sqliteAvailability();
  if (!sqlite.ok) {
    // Not the engine's wording, which speaks of VS Code: this may be any Node (an MCP client's).
    return { ok: false, reason: sqlite.code === 'noSqlite' ? `this Node.js (${process.version}) has no built-in SQLite (node:sqlite needs Node.js 22.13 or later)` : sqlite.reason };
  }
  if (!sqlite.openReadOnly) return { ok: false, reason: `the built-in SQLite of Node ${process.versions.node} cannot open a file read-only` };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { ok: false, reason: `there is no store file at ${file} (yet)` };
  }
  if (!stat.isFile()) return { ok: false, reason: `${file} is not a file` };
  const header = headerProblem(file);
  if (header) return { ok: false, reason: `the store file ${file} is not used: ${STORE_PROBLEMS[header]}` };
  let db: SqliteDatabase | undefined;
  try {
    db = sqlite.openReadOnly(file);
    // Connection settings only (nothing is written to the file); query_only: a second guard.
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA query_only = ON;`);
    const problem = checkStoreFile(db, file);
    if (problem) throw new Error(STORE_PROBLEMS[problem]);
    if (!sameAccount(db, account)) throw new Error('it holds another account (base URL and location id) than the one configured');
    return { ok: true, store: new SqliteCallStore(db, account, file) };
  } catch (error) {
    try {
      db?.close();
    } catch {
      // A damaged file may not close cleanly; it is left as it is.
    }
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `the store file ${file} is not used: ${isCorruptionError(error) ? `it is damaged (${why})` : why}` };
  }
}

/**
 * What the file's header says is wrong, read with plain file reads; undefined when it looks like
 * our store, or when a non-empty WAL may hold a newer header (SQLite reads it then).
 */
function headerProblem(file: string): 'empty' | 'notADatabase' | 'otherApplication' | 'otherSchemaVersion' | undefined {
  try {
    if (fs.statSync(`${file}-wal`).size > 0) return undefined;
  } catch {
    // No WAL: the file is the whole store.
  }
  const header = Buffer.alloc(100);
  let read: number;
  const fd = fs.openSync(file, 'r');
  try {
    read = fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read === 0) return 'empty';
  if (read < header.length || header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return 'notADatabase';
  // The header's application id (offset 68) and user version (offset 60), big-endian.
  if (header.readUInt32BE(68) !== APPLICATION_ID) return 'otherApplication';
  if (header.readUInt32BE(60) !== SCHEMA_VERSION) return 'otherSchemaVersion';
  return undefined;
}

const STORE_PROBLEMS: Readonly<Record<NonNullable<ReturnType<typeof checkStoreFile>>, string>> = {
  empty: 'it is empty',
  notADatabase: 'it is not a database',
  corrupt: 'it is damaged',
  truncated: 'it is truncated',
  otherApplication: 'it is not a Voice AI Call Logs store',
  otherSchemaVersion: 'it was written by another version of the extension',
};
