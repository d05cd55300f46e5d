// node:sqlite, where the extension host's Node has it, checked before use. It is built into
// Node >= 22.13 (22.5 behind a flag): VS Code 1.101+ (Electron 35, Node 22.15) has it, code-server
// on Node 22/24 too; Electron 37.2.0 shipped it broken (electron#47671, fixed by #47706/#47756).
// So: a guarded require plus a probe that opens a database and uses FTS5 as the store does; when
// either fails the store is "unavailable" with the reason, and the extension reads the API only.
//
// The types are declared here (the part we use, as documented for Node 22.13+): @types/node 20,
// which matches the oldest Node the tests run on, has no node:sqlite.

export type SqlValue = null | number | bigint | string | Uint8Array;
export type SqlRow = Record<string, SqlValue>;

export interface SqliteStatement {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): SqlRow | undefined;
  all(...params: SqlValue[]): SqlRow[];
}

export interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

interface SqliteModule {
  DatabaseSync: new (path: string, options?: { readonly open?: boolean; readonly readOnly?: boolean }) => SqliteDatabase;
}

/** Why there is no store: this Node has no node:sqlite, or has a broken one. */
export type UnavailableCode = 'noSqlite' | 'brokenSqlite';

export type SqliteAvailability =
  | {
      readonly ok: true;
      readonly open: (path: string) => SqliteDatabase;
      /**
       * Opens an existing file that this connection can never write (the MCP server reads the
       * extension's store while the extension writes it); undefined when this node:sqlite's
       * read-only mode did not hold in the probe.
       */
      readonly openReadOnly?: (path: string) => SqliteDatabase;
    }
  | { readonly ok: false; readonly code: UnavailableCode; readonly reason: string };

/** The FTS5 options the store's search table uses: the probe creates the same. */
export const FTS_OPTIONS = `content='', contentless_delete=1, detail=column, tokenize="unicode61 remove_diacritics 2"`;

let cached: SqliteAvailability | undefined;

/** node:sqlite if this Node has a working one (with FTS5 as the store uses it); the reason otherwise. Checked once. */
export function sqliteAvailability(): SqliteAvailability {
  cached ??= probe();
  return cached;
}

function probe(): SqliteAvailability {
  let sqlite: SqliteModule;
  try {
    // A plain require, left external by esbuild: node:sqlite is part of Node, not bundled.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sqlite = require('node:sqlite') as SqliteModule;
  } catch (error) {
    return { ok: false, code: 'noSqlite', reason: `this version of VS Code runs extensions on Node ${process.versions.node}, which has no built-in SQLite (node:sqlite needs Node 22.13 or later, VS Code 1.101 or later): ${message(error)}` };
  }
  try {
    const db = new sqlite.DatabaseSync(':memory:');
    try {
      db.exec(`CREATE VIRTUAL TABLE probe USING fts5(text, ${FTS_OPTIONS})`);
      db.prepare('INSERT INTO probe(rowid, text) VALUES (?, ?)').run(1, 'Café reembolso');
      const hit = db.prepare(`SELECT rowid FROM probe WHERE probe MATCH '"cafe"*'`).get();
      db.prepare('DELETE FROM probe WHERE rowid = ?').run(1);
      if (hit?.rowid !== 1) return { ok: false, code: 'brokenSqlite', reason: 'the built-in SQLite has a full-text search that does not work as expected' };
    } finally {
      db.close();
    }
  } catch (error) {
    return { ok: false, code: 'brokenSqlite', reason: `the built-in SQLite (node:sqlite) does not work here: ${message(error)}` };
  }
  const readOnly = readOnlyHolds(sqlite);
  return { ok: true, open: (path) => new sqlite.DatabaseSync(path), openReadOnly: readOnly ? (path) => new sqlite.DatabaseSync(path, { readOnly: true }) : undefined };
}

/** True when a database opened with `readOnly` refuses a write (a node:sqlite that ignored the option would write). */
function readOnlyHolds(sqlite: SqliteModule): boolean {
  let db: SqliteDatabase | undefined;
  try {
    db = new sqlite.DatabaseSync(':memory:', { readOnly: true });
  } catch {
    return false;
  }
  try {
    db.exec('CREATE TABLE probe (a)');
    return false;
  } catch {
    return true;
  } finally {
    db.close();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** SQLite's result codes for a file that is not (or no longer) a sound database. */
const CORRUPT_CODES = new Set([11 /* SQLITE_CORRUPT */, 26 /* SQLITE_NOTADB */]);

/** True for an error that says the database file is damaged (not a busy lock or a full disk). */
export function isCorruptionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { errcode?: unknown }).errcode;
  if (typeof code === 'number' && CORRUPT_CODES.has(code & 0xff)) return true;
  return /file is not a database|malformed|database corrupt|disk image/i.test(error.message);
}
