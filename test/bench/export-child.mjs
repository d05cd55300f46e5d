// One export in a fresh process, so that each contender starts equally cold and the memory
// figure is this process's alone. argv[2]: JSON { mode: 'ours' | 'sdk' | 'memory', baseUrl,
// token, locationId, file, apiVersion }. Prints one JSON line with the result.
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = JSON.parse(process.argv[2]);
const { mode, baseUrl, token, locationId, file } = args;
const apiVersion = args.apiVersion ?? '2021-07-28';

async function ours(extra = {}) {
  const { VoiceAiClient } = require('../../out/src/api/client.js');
  const { exportCallLogsToFile } = require('../../out/src/api/export.js');
  // Defaults as the extension uses them: the real rate limit (100 per 10 s), retries on.
  const client = new VoiceAiClient({ baseUrl, token, locationId, apiVersion, ...extra });
  try {
    const t0 = performance.now();
    const result = await exportCallLogsToFile(
      { pager: client, source: { baseUrl, locationId, apiVersion }, filter: {}, timeZone: 'UTC', concurrency: args.concurrency },
      file,
    );
    return { seconds: (performance.now() - t0) / 1000, count: result.count, bytes: result.bytes };
  } finally {
    await client.close();
  }
}

/** What a user would script with the official SDK: a sequential page loop, then one write. */
async function sdk() {
  const { HighLevel } = require('@gohighlevel/api-client');
  const t0 = performance.now();
  // rateLimitRetry: the SDK's own opt-in 429 handling, so that the loop survives the limit.
  const ghl = new HighLevel({ privateIntegrationToken: token, apiVersion, rateLimitRetry: true, logLevel: 'warn' });
  // The SDK hard-codes https://services.leadconnectorhq.com; its axios instance is public.
  ghl.getHttpClient().defaults.baseURL = baseUrl;
  const callLogs = [];
  let total = Infinity;
  for (let page = 1; callLogs.length < total; page++) {
    const res = await ghl.voiceAi.getCallLogs({ locationId, page, pageSize: 50 });
    total = res.total;
    if (res.callLogs.length === 0) break;
    callLogs.push(...res.callLogs);
  }
  const text = JSON.stringify({ exportedAt: new Date().toISOString(), total, callLogs }, null, 2);
  await fs.writeFile(file, text);
  return { seconds: (performance.now() - t0) / 1000, count: callLogs.length, bytes: Buffer.byteLength(text) };
}

/** Peak RSS growth over a warmed-up baseline while exporting to a file. */
async function memory() {
  const highLimit = { rateLimit: { max: 1_000_000, intervalMs: 1000 } };
  // Warm-up: load and JIT everything with a small export first.
  const { VoiceAiClient } = require('../../out/src/api/client.js');
  const { exportCallLogsToFile } = require('../../out/src/api/export.js');
  const warm = new VoiceAiClient({ baseUrl, token, locationId, apiVersion, ...highLimit });
  const agents = await warm.listAgents();
  await exportCallLogsToFile(
    { pager: warm, source: { baseUrl, locationId, apiVersion }, filter: { agentId: agents[agents.length - 1].id, startDate: Date.now() - 86_400_000 * 3, endDate: Date.now() }, timeZone: 'UTC' },
    file,
  );
  await warm.close();
  await fs.unlink(file);
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  globalThis.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  try {
    const result = await ours(highLimit);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { ...result, baselineMB: baseline / 2 ** 20, peakMB: peak / 2 ** 20, rssGrowthMB: (peak - baseline) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

const run = { ours: () => ours(), sdk, memory }[mode];
const result = await run();
// Check the file is a complete document before anyone trusts the time.
const doc = JSON.parse(await fs.readFile(file, 'utf8'));
result.idsInFile = doc.callLogs.length;
result.uniqueIds = new Set(doc.callLogs.map((c) => c.id)).size;
await fs.unlink(file);
console.log(JSON.stringify(result));
