// The store's file: its schema, and opening it so that a damaged or foreign file is replaced
// rather than trusted. The schema is laid out for the queries that come next (the analytics
// dashboard: per-day counts, duration percentiles, action latencies; the assistant's search):
// the columns they filter and group by are real columns of a narrow table (about 150 bytes a
// call: a count over 100,000 calls reads a few MB, not the transcripts); the call log itself is
// kept apart as the JSON the API sent (`call_json.raw`, deflated: transcripts compress well, which
// keeps the file about the size of the JSON it holds), read only for the rows a query returns.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FTS_OPTIONS, isCorruptionError, type SqliteDatabase } from './sqlite';

/** Bumped when the schema changes: an older or newer file is rebuilt (the store is a cache of the API). */
export const SCHEMA_VERSION = 5;
/** "VAIC": tells our files from any other SQLite database at the same path. */
export const APPLICATION_ID = 0x56414943;

const SCHEMA = `
CREATE TABLE calls (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  agent_id TEXT NOT NULL,
  contact_id TEXT,
  created_at INTEGER NOT NULL,          -- Unix ms
  duration REAL NOT NULL,               -- seconds
  trial INTEGER NOT NULL,               -- 0 live, 1 trial
  from_number TEXT,
  from_digits TEXT,                     -- the caller's number, digits only (search "+1 312")
  message_id TEXT,
  action_mask INTEGER NOT NULL,         -- bit i: an executed action of ACTION_TYPES[i] (schemas.ts); other types via actions
  other_actions INTEGER NOT NULL,       -- an executed action of a type not in ACTION_TYPES
  -- What the call led to, 0 or 1 (callOutcome, src/api/callOutcome.ts): the analytics only sum these.
  with_action INTEGER NOT NULL,
  transferred INTEGER NOT NULL,
  booked INTEGER NOT NULL,
  extraction INTEGER NOT NULL,
  extraction_value INTEGER NOT NULL,
  unsettled INTEGER NOT NULL,           -- summary / extracted data / translation may still arrive
  stored_at INTEGER NOT NULL,
  json_bytes INTEGER NOT NULL           -- the JSON's size, uncompressed
);
-- The call log's JSON as the API sent it, deflated. rowid = calls.rowid.
CREATE TABLE call_json (rowid INTEGER PRIMARY KEY, raw BLOB NOT NULL);
CREATE INDEX calls_created ON calls (created_at, id);
CREATE INDEX calls_agent_created ON calls (agent_id, created_at, id);
CREATE INDEX calls_duration ON calls (duration, created_at, id);
CREATE INDEX calls_contact ON calls (contact_id, created_at) WHERE contact_id IS NOT NULL;
CREATE INDEX calls_unsettled ON calls (created_at) WHERE unsettled = 1;
-- The analytics report (src/services/analytics/storeReport.ts): every figure of an agent's days
-- summed from this index alone, with no lookup into the table and no expression per call.
CREATE INDEX calls_agent_analytics ON calls (agent_id, created_at, duration, trial, with_action, transferred, booked, extraction, extraction_value);

-- Executed actions, one row each: the action-type filter, the action mix and trigger -> executed latencies.
CREATE TABLE actions (
  call_rowid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  latency INTEGER,                      -- trigger received -> executed, ms (NULL: not both times, or executed earlier)
  first_of_type INTEGER NOT NULL,       -- 1 on the call's first action of this type: calls per type by a sum
  created_at INTEGER NOT NULL,          -- the call's (Unix ms): the analytics read a range of actions without the calls
  PRIMARY KEY (call_rowid, seq)
) WITHOUT ROWID;
CREATE INDEX actions_type ON actions (type, call_rowid);
CREATE INDEX actions_type_created ON actions (type, created_at, first_of_type, latency);

CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,            -- order in the API's list
  deleted INTEGER NOT NULL,             -- gone from the API's list since it was stored
  raw TEXT NOT NULL
);

-- Coverage, counts and sync bookkeeping.
CREATE TABLE state (key TEXT PRIMARY KEY, value) WITHOUT ROWID;

-- Full text of summaries and transcripts; contentless (the text is in calls.raw), so the index
-- costs a fraction of the text. rowid = calls.rowid.
CREATE VIRTUAL TABLE calls_text USING fts5(summary, transcript, ${FTS_OPTIONS});
`;

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** Why an existing file was not used, for the log (never its content). */
export type RebuildReason = 'notADatabase' | 'corrupt' | 'truncated' | 'otherApplication' | 'otherSchemaVersion';

export interface OpenedDatabase {
  readonly db: SqliteDatabase;
  /** Set when the file was damaged or foreign and has been replaced by an empty store. */
  readonly rebuilt?: RebuildReason;
}

/**
 * Opens (creating if needed) the store's database at `file`. A file that is not one of ours,
 * has another schema version, is truncated or fails SQLite's quick check is deleted (with its
 * WAL) and recreated empty: the store refills from the API.
 */
export function openDatabase(open: (file: string) => SqliteDatabase, file: string): OpenedDatabase {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let problem: RebuildReason | 'empty' | undefined;
  if (fs.existsSync(file)) {
    let db: SqliteDatabase | undefined;
    try {
      db = open(file);
      problem = checkStoreFile(db, file);
      if (!problem) {
        configure(db);
        return { db };
      }
    } catch (error) {
      if (!isCorruptionError(error)) {
        db?.close();
        throw error;
      }
      problem = /not a database/i.test(String((error as Error).message)) ? 'notADatabase' : 'corrupt';
    }
    try {
      db?.close();
    } catch {
      // A damaged file may not close cleanly; it is deleted next.
    }
    removeDatabaseFiles(file);
  }
  const db = open(file);
  try {
    // page_size before the first table: 16 KB pages keep a 2 KB call log and its neighbours together.
    db.exec('PRAGMA page_size = 16384');
    configure(db);
    db.exec(`BEGIN; ${SCHEMA}; PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${SCHEMA_VERSION}; COMMIT;`);
  } catch (error) {
    db.close();
    throw error;
  }
  // An empty file (e.g. created by a kill before the first transaction) is just new.
  return { db, rebuilt: problem === 'empty' ? undefined : problem };
}

/** The database file and its WAL and shared-memory companions. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

function configure(db: SqliteDatabase): void {
  // WAL: readers never wait for the sync's writes, and a kill mid-write leaves the last committed
  // state. synchronous=NORMAL is still atomic and consistent after a crash (a power cut may lose
  // the last transactions, which the next sync fetches again). busy_timeout: a second window on
  // the same account waits for the other's write instead of failing.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = OFF;');
}

/** Why the open file at `file` is not a sound store of this version (reads only), or undefined. */
export function checkStoreFile(db: SqliteDatabase, file: string): RebuildReason | 'empty' | undefined {
  // The first read of the header: "file is not a database" is thrown here for garbage.
  const id = Number(db.prepare('PRAGMA application_id').get()?.application_id ?? 0);
  const version = Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
  const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get();
  if (id !== APPLICATION_ID) return Number(tables?.n ?? 0) === 0 && version === 0 ? 'empty' : 'otherApplication';
  if (version !== SCHEMA_VERSION) return 'otherSchemaVersion';
  // A truncated file: SQLite would only notice when a query reaches the missing pages.
  const pageSize = Number(db.prepare('PRAGMA page_size').get()?.page_size ?? 0);
  const pageCount = Number(db.prepare('PRAGMA page_count').get()?.page_count ?? 0);
  const walBytes = fileSize(file + '-wal');
  if (walBytes === 0 && fileSize(file) < pageSize * pageCount) return 'truncated';
  // Not PRAGMA quick_check: it reads every page (0.6 s for 20,000 calls), too slow for every
  // start. Damage deeper in the file surfaces as an SQLITE_CORRUPT error from the query that
  // meets it (isCorruptionError): the service then reopens with `rebuild`.
  db.prepare('SELECT count(*) AS n FROM state').get();
  return undefined;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
