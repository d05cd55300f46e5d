// The local call store in the MCP server: the file the extension keeps synced (VS Code names it
// in the server's environment when it starts the server) or one named by VOICE_AI_STORE_FILE
// elsewhere. Opened read-only (services/store/readOnly.ts): the extension host goes on writing
// it. Whatever is wrong with it (no node:sqlite in this Node, no file yet, damaged, another
// account's or version's) the tools read the API instead; a file replaced since (the extension
// rebuilt it, or it appeared) is opened again.
import * as fs from 'node:fs';
import type { CallLogFilter } from '../../api/callLogQuery';
import type { SqliteCallStore } from '../../services/store/callStore';
import { openCallStoreReadOnly } from '../../services/store/readOnly';
import { isCorruptionError } from '../../services/store/sqlite';
import type { CallStore, StoreAccount } from '../../services/store/types';
import type { StoreAccess } from '../backend';
import { ENV } from './env';

/**
 * A range that reaches past the store's last sync is answered from it only when the extension
 * synced or looked for new calls in the last 10 minutes (VS Code's rule for exports): with VS
 * Code closed the file ages, and the API then answers instead of old figures.
 */
export const STORE_MAX_AGE_MS = 10 * 60_000;

interface Identity {
  /** The file itself (device and inode): the same while the extension writes it. */
  readonly file: string;
  /** The file and its state: changes when it is written. */
  readonly state: string;
}

export class StoreFile {
  private opened: { readonly store: SqliteCallStore; readonly guarded: CallStore; readonly file: string } | undefined;
  private failed: { readonly state: string; readonly reason: string } | undefined;
  private damage = 0;
  private said: string | undefined;

  constructor(
    private readonly file: string | undefined,
    /** The configured account (the file must be its store); undefined without a token or location. */
    private readonly account: StoreAccount | undefined,
    private readonly log: (line: string) => void,
  ) {}

  /** Moves on each time a query found the file damaged: the tool call that met it runs again without the store. */
  damageCount(): number {
    return this.damage;
  }

  access(): StoreAccess {
    if (!this.file) return { unavailable: `no store file is named (${ENV.storeFile})` };
    if (!this.account) return { unavailable: 'no API token or location id is set' };
    const identity = identityOf(this.file);
    if (this.opened) {
      if (identity?.file === this.opened.file) return this.answer(this.opened.guarded);
      this.close();
    }
    const state = identity?.state ?? 'absent';
    if (this.failed?.state === state) return { unavailable: this.failed.reason };
    const result = openCallStoreReadOnly(this.file, this.account);
    if (!result.ok) {
      this.failed = { state, reason: result.reason };
      this.say(`Local call store not used (the tools read the API): ${result.reason}.`);
      return { unavailable: result.reason };
    }
    this.failed = undefined;
    this.opened = { store: result.store, guarded: this.guard(result.store, state), file: identity?.file ?? '' };
    const coverage = result.store.coverage();
    // Counts only: nothing of the calls reaches the log.
    this.say(
      `Local call store: reading ${this.file} read-only: ${coverage.callCount} calls, ${coverage.complete ? 'complete' : 'not complete yet'}${coverage.lastSyncedAt ? `, last synced ${new Date(coverage.lastSyncedAt).toISOString()}` : ''}.`,
    );
    return this.answer(this.opened.guarded);
  }

  close(): void {
    try {
      this.opened?.store.close();
    } catch {
      // Closing a read-only connection to a damaged file: nothing to keep.
    }
    this.opened = undefined;
  }

  private answer(store: CallStore): StoreAccess {
    return { store, covers: (filter: CallLogFilter) => store.covers(filter, { maxAgeMs: STORE_MAX_AGE_MS }) };
  }

  /** The store, whose reads give it up when SQLite finds the file damaged (until the file changes). */
  private guard(store: SqliteCallStore, state: string): CallStore {
    return new Proxy(store, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown => {
          try {
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          } catch (error) {
            if (isCorruptionError(error) && this.opened?.store === target) {
              this.close();
              const reason = `the store file ${this.file ?? ''} is damaged (${error instanceof Error ? error.message : String(error)})`;
              this.failed = { state: identityOf(this.file ?? '')?.state ?? state, reason };
              this.damage++;
              this.say(`Local call store not used (the tools read the API): ${reason}.`);
            }
            throw error;
          }
        };
      },
    });
  }

  /** Logs a change of state once. */
  private say(line: string): void {
    if (line === this.said) return;
    this.said = line;
    this.log(line);
  }
}

function identityOf(file: string): Identity | undefined {
  try {
    const stat = fs.statSync(file);
    const id = `${stat.dev}:${stat.ino}`;
    return { file: id, state: `${id}:${stat.size}:${stat.mtimeMs}` };
  } catch {
    return undefined;
  }
}
