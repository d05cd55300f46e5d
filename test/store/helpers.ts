// Shared by the store tests (run on a Node with node:sqlite: the harness's Node 24, see
// test/run-all.mjs): a local API server, a client for it, a scratch folder, and the server's own
// answers read with plain fetch (the oracle the store must equal).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VoiceAiClient, type VoiceAiClientOptions } from '../../src/api/client';
import type { CallLog } from '../../src/api/schemas';
import type { CallLogFilter } from '../../src/api/callLogQuery';
import { callLogQuery } from '../../src/api/callLogQuery';
import { openCallStore } from '../../src/services/store/open';
import type { SqliteCallStore } from '../../src/services/store/callStore';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../api-server/server';

/** A fixed "now" for the data set, so that dates in the data do not depend on when tests run. */
export const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

export function startServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  return startApiServer({ port: 0, calls: 1200, now: NOW, seed: 11, rateLimit: false, ...options });
}

export function clientFor(server: ApiServer, extra: Partial<VoiceAiClientOptions> = {}): VoiceAiClient {
  return new VoiceAiClient({
    baseUrl: server.baseUrl,
    token: server.token,
    locationId: server.locationId,
    rateLimit: false,
    retryBackoff: { baseMs: 5, maxMs: 20 },
    ...extra,
  });
}

export function scratch(): { readonly dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vai-store-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openStore(file: string, server: { baseUrl: string; locationId: string }): SqliteCallStore {
  const opened = openCallStore({ file, account: { baseUrl: server.baseUrl, locationId: server.locationId } });
  assert.ok(opened.ok, opened.ok ? '' : opened.reason);
  return opened.store;
}

/** A store holding every call and agent the server has (read through the client), and those call logs. */
export async function filledStore(file: string, server: ApiServer, client: VoiceAiClient): Promise<{ store: SqliteCallStore; callLogs: CallLog[] }> {
  const store = openStore(file, server);
  const callLogs: CallLog[] = [];
  for await (const callLog of client.iterateCallLogs({})) callLogs.push(callLog);
  store.putCallLogs(callLogs);
  store.putAgents(await client.listAgents());
  return { store, callLogs };
}

export interface RawPage {
  readonly total: number;
  readonly callLogs: Array<Record<string, unknown> & { id: string }>;
}

/** One page as the server answers it, read with plain fetch. */
export async function serverPage(server: ApiServer, filter: CallLogFilter, page: number, pageSize = 50): Promise<RawPage> {
  const url = new URL('/voice-ai/dashboard/call-logs', server.baseUrl);
  const query = { ...callLogQuery({ ...filter, pageSize }, page), locationId: server.locationId };
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const res = await fetch(url, { headers: { Authorization: `Bearer ${server.token}`, Version: '2021-07-28' } });
  assert.equal(res.status, 200, `server page ${page} of ${JSON.stringify(filter)}: ${res.status}`);
  return (await res.json()) as RawPage;
}

/** Every call log matching `filter`, as the server sends them. */
export async function serverAll(server: ApiServer, filter: CallLogFilter = {}): Promise<RawPage['callLogs']> {
  const all: RawPage['callLogs'] = [];
  for (let page = 1; ; page++) {
    const body = await serverPage(server, filter, page);
    all.push(...body.callLogs);
    if (body.callLogs.length < 50 || all.length >= body.total) return all;
  }
}
