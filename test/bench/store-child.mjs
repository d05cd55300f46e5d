// The local call store's figures, in a process of its own on a Node with node:sqlite (the
// harness's Node 24; run.mjs starts it). argv[2]: JSON { part: 'store' | 'initialSync', ... }.
// Prints one JSON line with the figures.
//   store:       100,000 calls synced from an in-process API server (no rate limit), then the disk
//                size, filtered pages, full-text searches, 200 random filters against the server,
//                and the requests an incremental pass needs for 100 new calls.
//   initialSync: a first sync of 10,000 calls from the server child run.mjs started (real rate limit
//                and latency), timed.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const { VoiceAiClient } = require('../../out/src/api/client.js');
const { openCallStore } = require('../../out/src/services/store/open.js');
const { syncCalls } = require('../../out/src/services/store/sync.js');

const args = JSON.parse(process.argv[2]);
const dir = mkdtempSync(path.join(os.tmpdir(), 'vai-store-bench-'));

function open(file, account) {
  const opened = openCallStore({ file, account });
  if (!opened.ok) throw new Error(opened.reason);
  return opened.store;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(work) {
  const t0 = performance.now();
  work();
  return performance.now() - t0;
}

async function storePart() {
  const { startApiServer } = require('../../out/test/api-server/server.js');
  const { checkConsistency } = require('../../out/test/store/consistency.js');
  const { Rng } = require('../../out/test/api-server/random.js');
  // The data ends 3 h ago: the stored calls are settled (nothing to re-check), as in a store synced before.
  const now = Date.now() - 3 * 3_600_000;
  const server = await startApiServer({ port: 0, calls: args.calls, now, rateLimit: false });
  const account = { baseUrl: server.baseUrl, locationId: server.locationId };
  const client = new VoiceAiClient({ baseUrl: server.baseUrl, token: server.token, locationId: server.locationId, rateLimit: false });
  const file = path.join(dir, 'calls.sqlite');
  let store = open(file, account);
  try {
    const t0 = performance.now();
    await syncCalls(store, client);
    const syncSeconds = (performance.now() - t0) / 1000;
    if (store.coverage().callCount !== args.calls) throw new Error(`stored ${store.coverage().callCount} of ${args.calls}`);
    const jsonBytes = store.storedJsonBytes();
    // The file as it stays on disk (the WAL checkpointed into it on close).
    store.close();
    const diskBytes = statSync(file).size;
    const t1 = performance.now();
    store = open(file, account);
    const openMs = performance.now() - t1;

    // Filtered pages, as the view asks for them: agent, live/trial, action types, a date range, sorts, a later page.
    const rng = new Rng(7);
    const agents = store.agents().map((a) => a.agent.id);
    const types = ['CALL_TRANSFER', 'APPOINTMENT_BOOKING', 'SMS', 'WORKFLOW_TRIGGER', 'CUSTOM_ACTION'];
    const filterTimes = [];
    for (let i = 0; i < 200; i++) {
      const filter = {};
      if (rng.chance(0.5)) filter.agentId = agents[rng.int(agents.length)];
      if (rng.chance(0.3)) filter.callType = rng.chance(0.5) ? 'LIVE' : 'TRIAL';
      if (rng.chance(0.3)) filter.actionTypes = [types[rng.int(types.length)]];
      if (rng.chance(0.5)) {
        const end = now - rng.int(80) * 86_400_000;
        Object.assign(filter, { startDate: end - rng.range(1, 30) * 86_400_000, endDate: end });
      }
      if (rng.chance(0.4)) Object.assign(filter, { sortBy: rng.chance(0.5) ? 'duration' : 'createdAt', sort: rng.chance(0.5) ? 'ascend' : 'descend' });
      const page = rng.chance(0.7) ? 1 : rng.range(2, 10);
      filterTimes.push(time(() => store.page(filter, page, 50)));
    }

    // Words of the sample data (common and rare, accents left out on purpose), a caller's number, and one that finds nothing.
    const terms = ['appointment', 'transferred', 'reservacion', 'Garcia', 'workflow', 'price list', '+1 312', 'Dupont', 'knowledge base', 'numero', 'refund'];
    const searchTimes = [];
    const hits = {};
    for (const term of terms) {
      for (let k = 0; k < 3; k++) searchTimes.push(time(() => (hits[term] = store.search(term, { limit: 50 }).length)));
    }

    const consistency = await checkConsistency(store, server, args.seed ?? 12345, 200, now);

    // 100 new calls, then an incremental pass: every request the server saw.
    server.sample.arrive(100);
    server.clearRequests();
    const incremental = await syncCalls(store, client);
    const newRequests = server.requests.length;
    const newListRequests = server.requests.filter((r) => r.path === '/voice-ai/dashboard/call-logs').length;
    // The pass after: the new calls still filling in (no summary yet...) are asked for again.
    server.clearRequests();
    await syncCalls(store, client);
    const recheckRequests = server.requests.length;

    // The check against the API's counts (Sync Now, or every few hours): one call deleted in the CRM,
    // somewhere in the middle of the stored history.
    const middle = store.page({}, Math.floor(args.calls / 2 / 50), 50).callLogs[0].id;
    server.sample.delete([middle]);
    server.clearRequests();
    const checked = await syncCalls(store, client, { reconcileEveryMs: 0 });
    const checkRequests = server.requests.length;
    const checkRemoved = checked.removed === 1 && store.getCallLog(middle) === undefined;

    return {
      calls: args.calls,
      syncSeconds,
      jsonBytes,
      diskBytes,
      openMs,
      filterMedianMs: median(filterTimes),
      filterP95Ms: [...filterTimes].sort((a, b) => a - b)[Math.floor(filterTimes.length * 0.95)],
      searchMedianMs: median(searchTimes),
      searchMaxMs: Math.max(...searchTimes),
      searchHits: hits,
      consistency: consistency.equal,
      consistencyChecked: consistency.checked,
      consistencySeed: consistency.seed,
      consistencyMismatches: consistency.mismatches.slice(0, 3),
      newCallsAdded: incremental.addedCount,
      newRequests,
      newListRequests,
      recheckRequests,
      checkRequests,
      checkRemoved,
    };
  } finally {
    store.close();
    await client.close();
    await server.stop();
  }
}

async function initialSync() {
  const { baseUrl, token, locationId } = args;
  const client = new VoiceAiClient({ baseUrl, token, locationId });
  const store = open(path.join(dir, 'initial.sqlite'), { baseUrl, locationId });
  try {
    const t0 = performance.now();
    const result = await syncCalls(store, client);
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, stored: store.coverage().callCount, requests: result.requests };
  } finally {
    store.close();
    await client.close();
  }
}

try {
  const result = args.part === 'initialSync' ? await initialSync() : await storePart();
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
