// What the VS Code side (service.ts) needs of the engine, behind one small interface, with the
// reason when it cannot run in this extension host (e.g. an Electron Node without node:sqlite).
import type { VoiceAiClient } from '../../api/client';
import type { CallStore, StoreAccount, SyncProgress, SyncResult } from './types';
import { openCallStore, storeFileFor } from './open';
import { removeDatabaseFiles } from './database';
import { guardAgainstCorruption } from './guard';
import { sqliteAvailability } from './sqlite';
import { pollNewestCalls, syncCalls } from './sync';
import type { SqliteCallStore } from './callStore';

export interface SyncOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SyncProgress) => void;
  /** How often the stored calls are checked against the API's counts (0: this pass); default every few hours. */
  readonly reconcileEveryMs?: number;
}

export type OpenResult = { readonly store: CallStore; readonly rebuilt?: string } | { readonly problem: string };

export interface StoreEngine {
  /** The account's database file in `folder`. */
  fileFor(folder: string, account: StoreAccount): string;
  /**
   * `rebuild`: start from an empty file (the old one was found damaged). `onDamaged`: called once
   * when a call into the store meets a damaged file; that call then throws StoreDamagedError.
   */
  open(file: string, account: StoreAccount, options?: { readonly rebuild?: boolean; readonly onDamaged?: (error: unknown) => void }): OpenResult;
  /** Deletes a store's files (the store closed). */
  remove(file: string): void;
  /**
   * `addedCount`: every call the pass stored for the first time (`added` keeps only the newest);
   * `removed`: stored calls the API no longer lists (deleted in the CRM).
   */
  sync(store: CallStore, client: VoiceAiClient, options: SyncOptions): Promise<SyncResult & { readonly addedCount: number; readonly removed: number }>;
  /** The watch's one request: the newest page into the store; `gap`: more may have come than one page holds (sync). */
  poll(store: CallStore, client: VoiceAiClient, options: SyncOptions): Promise<SyncResult & { readonly gap: boolean }>;
}

/** The engine, or why it cannot run here (checked once: node:sqlite present and working). */
export function loadStoreEngine(): StoreEngine | { readonly problem: string } {
  const sqlite = sqliteAvailability();
  if (!sqlite.ok) return { problem: sqlite.reason };
  return {
    fileFor: storeFileFor,
    open: (file, account, options = {}) => {
      const opened = openCallStore({ file, account, rebuild: options.rebuild });
      if (!opened.ok) return { problem: opened.reason };
      const store = options.onDamaged ? guardAgainstCorruption(opened.store, options.onDamaged) : opened.store;
      return { store, rebuilt: opened.rebuilt };
    },
    remove: removeDatabaseFiles,
    sync: (store, client, options) => syncCalls(store as SqliteCallStore, client, options),
    poll: async (store, client, options) => {
      const result = await pollNewestCalls(store as SqliteCallStore, client, options.signal);
      return { ...result, updated: 0, complete: true, gap: result.gap };
    },
  };
}
