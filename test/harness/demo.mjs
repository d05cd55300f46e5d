#!/usr/bin/env node
// `npm run demo`: the extension with sample data in a real VS Code in your browser, offline.
// Builds, installs what is missing (root dependencies, the test harness, Chromium is not
// needed unless --check), starts the local API server with sample data and code-server with
// the extension, configured for that server, and prints the URL to open. Ctrl+C stops all.
//
//   npm run demo [-- --port 8080] [-- --check]
//
// --check: also opens the workbench in headless Chromium, waits for the sample agents in the
// sidebar, opens the first agent and its first call, and saves test/.runs/screenshots/
// demo-sidebar.png and demo-panel.png (then keeps serving).
// --exit-after-check: the same, then stops (npm test runs it so: the demo must keep working).
// --no-build: use dist/ and out/ as they are (npm test has just built them).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import {
  ROOT,
  SCREENSHOTS_DIR,
  cleanup,
  finishRunDir,
  freePort,
  installSignalHandlers,
  launchBrowser,
  makeRunDir,
  onCleanup,
  remoteAuthority,
  startCodeServer,
  workbenchUrl,
  writeUserSettings,
} from './lib.mjs';
import { ensureHarness } from './install.mjs';
import { ensureRootDependencies } from './setup.mjs';

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const check = process.argv.includes('--check') || process.argv.includes('--exit-after-check');
const exitAfterCheck = process.argv.includes('--exit-after-check');
const noBuild = process.argv.includes('--no-build');

function step(msg) {
  console.log(`[demo] ${msg}`);
}

async function portIsFree(port) {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) });
    return false;
  } catch {
    return true;
  }
}

async function main() {
  const rootError = ensureRootDependencies();
  if (rootError) throw new Error(rootError);
  step(noBuild ? 'using the existing build (--no-build)' : 'building the extension (npm run build, npm run compile-tests)');
  for (const script of noBuild ? [] : ['build', 'compile-tests']) {
    const res = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`npm run ${script} failed:\n${res.stdout}${res.stderr}`);
  }
  step('checking the VS Code harness (installs it on first run, with progress)');
  await ensureHarness({ needBrowser: check });
  installSignalHandlers();

  const run = makeRunDir('demo');
  onCleanup(() => finishRunDir(run, false));
  const require = createRequire(import.meta.url);
  const { startApiServer } = require(path.join(ROOT, 'out', 'test', 'api-server', 'server.js'));
  const api = await startApiServer({ port: 0, hostile: false });
  onCleanup(() => api.stop());
  step(`local API server with sample data: ${api.baseUrl} (location ${api.locationId})`);
  // A new call now and then, for the watch to find (the view's badge, Watch This Agent).
  const arrivals = setInterval(() => api.sample.arrive(1), 60_000);
  onCleanup(() => clearInterval(arrivals));

  writeUserSettings(run, { 'voiceAi.baseUrl': api.baseUrl, 'voiceAi.locationId': api.locationId });
  const wanted = Number(arg('--port') ?? process.env.DEMO_PORT ?? 8080);
  const port = (await portIsFree(wanted)) ? wanted : await freePort();
  // The sample token goes to the extension host's environment only: the extension uses it in
  // memory while the base URL is loopback and nothing is in SecretStorage; never in settings or files.
  const server = await startCodeServer(run, { port, env: { VOICE_AI_DEMO_TOKEN: api.token } });
  const authority = await remoteAuthority(server.baseUrl);
  const url = workbenchUrl(server.baseUrl, { folder: run.workspace, authority, extensionDevelopmentPath: ROOT });

  if (check) {
    const { page } = await launchBrowser(run);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const icon = page.locator('.activitybar [aria-label^="Voice AI Call Logs"]').first();
    await icon.waitFor({ timeout: 120_000 });
    const title = page.locator('.part.sidebar .composite.title', { hasText: /Voice AI Call Logs/i });
    if (!(await title.isVisible().catch(() => false))) await icon.click();
    const agentName = api.data.agents[0]?.agentName;
    const row = page.locator('.part.sidebar .monaco-list-row', { hasText: agentName }).first();
    const shoot = async (name) => {
      const shot = path.join(SCREENSHOTS_DIR, name);
      await page.screenshot({ path: shot });
      step(`check: screenshot ${path.relative(ROOT, shot)}`);
    };
    try {
      await row.waitFor({ state: 'visible', timeout: 60_000 });
      step(`check: the sidebar lists the sample agents (e.g. "${agentName}")`);
      // What a first-time user does next: open an agent, then one of its calls.
      await row.click();
      const callRow = page.locator('.part.sidebar .monaco-list-row[aria-level="2"]').first();
      await callRow.waitFor({ state: 'visible', timeout: 30_000 });
      step(`check: the agent lists its calls (e.g. "${await callRow.locator('.label-name').innerText()}")`);
      await shoot('demo-sidebar.png');
      // A call where the agent did several things makes the better picture (the README's); not a
      // trial call, which has no recording and often no summary.
      const busyCall = page.locator('.part.sidebar .monaco-list-row[aria-level="2"]', { hasText: /[a-z], [a-z]/i, hasNotText: /\btrial\b/ }).first();
      // The agent's tooltip (the pointer rests on its row) would cover the calls.
      await page.mouse.move(900, 600);
      await ((await busyCall.count()) > 0 ? busyCall : callRow).click();
      const panel = page.locator('iframe.webview.ready').filter({ visible: true }).last().contentFrame().locator('#active-frame').contentFrame();
      await panel.locator('h1').first().waitFor({ state: 'visible', timeout: 60_000 });
      step(`check: the call opens in a panel ("${await panel.locator('h1').first().innerText()}")`);
      await shoot('demo-panel.png');
    } catch (err) {
      step(`check FAILED: ${err instanceof Error ? err.message.split('\n')[0] : String(err)} (see the screenshot)`);
      await shoot('demo-failed.png');
      process.exitCode = 1;
    }
    if (exitAfterCheck) return;
  }

  console.log('');
  console.log('  Voice AI Call Logs demo is running. Open this URL in your browser:');
  console.log('');
  console.log(`    ${url}`);
  console.log('');
  console.log('  Click the "Voice AI Call Logs" icon in the activity bar: it lists the sample agents and their calls.');
  console.log('  The calls are stored locally in the background (status bar): then try Search Calls… in the view title.');
  console.log('  A new call comes in every minute: right-click an agent, Watch This Agent, and wait for it.');
  console.log(`  (If it asks for a token instead, run "Voice AI: Set API Token" with ${api.token}, or click "Try Sample Data".)`);
  console.log('  Press Ctrl+C to stop everything.');
  await new Promise(() => {
    // Serve until a signal arrives; installSignalHandlers() stops everything.
  });
}

try {
  await main();
} catch (err) {
  console.error(`[demo] ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
