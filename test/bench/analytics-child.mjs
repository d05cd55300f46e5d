// The analytics figures from a store of 100,000 calls, in a process of its own on a Node with
// node:sqlite (the harness's Node 24; run.mjs starts it). The store is filled by the engine's
// first sync from an in-process API server (no rate limit), so its rows are laid out as a real
// sync lays them out. Then the whole report (the range's days and hours in the zone, every
// figure and every chart's data) is computed several times. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const { VoiceAiClient } = require('../../out/src/api/client.js');
const { openCallStore } = require('../../out/src/services/store/open.js');
const { syncCalls } = require('../../out/src/services/store/sync.js');
const { startApiServer } = require('../../out/test/api-server/server.js');
const { calendarOf } = require('../../out/src/services/analytics/index.js');
const { reportFromStore } = require('../../out/src/services/analytics/storeReport.js');

const { calls } = JSON.parse(process.argv[2]);
const dir = mkdtempSync(path.join(os.tmpdir(), 'vai-analytics-bench-'));
const now = Date.now() - 3 * 3_600_000;
const server = await startApiServer({ port: 0, calls, now, rateLimit: false });
const client = new VoiceAiClient({ baseUrl: server.baseUrl, token: server.token, locationId: server.locationId, rateLimit: false });
const opened = openCallStore({ file: path.join(dir, 'calls.sqlite'), account: { baseUrl: server.baseUrl, locationId: server.locationId } });
if (!opened.ok) throw new Error(opened.reason);
const store = opened.store;
try {
  await syncCalls(store, client);
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const time = (query) => {
    const samples = [];
    let report;
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      report = reportFromStore(store, calendarOf(query, Date.now()));
      samples.push(performance.now() - t0);
    }
    return { ms: median(samples), samples, calls: report.totals.calls };
  };
  // Every stored call: the data set spans the 90 days before `now`.
  const all = time({ range: { from: day(now - 91 * 86_400_000), to: day(Date.now()) }, timeZone: 'America/Chicago' });
  const agentId = store.agents()[0]?.agent.id;
  const one = time({ range: { from: day(now - 91 * 86_400_000), to: day(Date.now()) }, timeZone: 'America/Chicago', agentId });
  console.log(JSON.stringify({ stored: store.coverage().callCount, all, one }));
} finally {
  store.close();
  await client.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

function day(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}
