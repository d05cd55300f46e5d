// Opening an account's store: never throws. Without a working node:sqlite (VS Code before
// 1.101, a broken Electron build), or when the file cannot be opened, the answer says why and the
// extension reads the API as it always did.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { SqliteCallStore } from './callStore';
import { openDatabase, removeDatabaseFiles, type RebuildReason } from './database';
import { sqliteAvailability, type SqliteDatabase, type UnavailableCode } from './sqlite';
import type { StoreAccount } from './types';

export type OpenStoreResult =
  | { readonly ok: true; readonly store: SqliteCallStore; /** The file was damaged, foreign or another account's, and was replaced. */ readonly rebuilt?: RebuildReason | 'otherAccount' }
  | {
      readonly ok: false;
      /** For the user's message (the service words it, localized): no node:sqlite here, a broken one, or the file could not be opened. */
      readonly code: UnavailableCode | 'openFailed';
      /** In English, for the log. */
      readonly reason: string;
    };

export interface OpenStoreOptions {
  readonly file: string;
  readonly account: StoreAccount;
  /** Delete the file and start empty (after a query reported the file damaged: isCorruptionError). */
  readonly rebuild?: boolean;
}

/** The file name of an account's store in `folder`: the same account always maps to the same name, two accounts never do. */
export function storeFileFor(folder: string, account: StoreAccount): string {
  return path.join(folder, `calls-${accountKey(account)}.sqlite`);
}

/** A short stable key for an account (base URL without a trailing slash, and location id). */
export function accountKey(account: StoreAccount): string {
  const base = account.baseUrl.replace(/\/+$/, '');
  return createHash('sha256').update(`${base}\n${account.locationId}`).digest('hex').slice(0, 16);
}

export function openCallStore(options: OpenStoreOptions): OpenStoreResult {
  const sqlite = sqliteAvailability();
  if (!sqlite.ok) return { ok: false, code: sqlite.code, reason: sqlite.reason };
  try {
    if (options.rebuild) removeDatabaseFiles(options.file);
    let opened = openDatabase(sqlite.open, options.file);
    let rebuilt: RebuildReason | 'otherAccount' | undefined = opened.rebuilt;
    // A file found under this account's name that says it is another's (copied, or a key clash): never mix.
    if (!sameAccount(opened.db, options.account)) {
      const empty = Number(opened.db.prepare('SELECT count(*) AS n FROM state').get()?.n ?? 0) === 0;
      if (!empty) {
        opened.db.close();
        removeDatabaseFiles(options.file);
        opened = openDatabase(sqlite.open, options.file);
        rebuilt = 'otherAccount';
      }
      const mark = opened.db.prepare('INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)');
      mark.run('account_base_url', options.account.baseUrl.replace(/\/+$/, ''));
      mark.run('account_location_id', options.account.locationId);
    }
    return { ok: true, store: new SqliteCallStore(opened.db, options.account, options.file), rebuilt };
  } catch (error) {
    return { ok: false, code: 'openFailed', reason: `the local call store could not be opened: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function sameAccount(db: SqliteDatabase, account: StoreAccount): boolean {
  const get = (key: string) => db.prepare('SELECT value FROM state WHERE key = ?').get(key)?.value;
  return get('account_base_url') === account.baseUrl.replace(/\/+$/, '') && get('account_location_id') === account.locationId;
}
