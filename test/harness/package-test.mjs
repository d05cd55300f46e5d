#!/usr/bin/env node
// Packaging test: builds the VSIX with `npm run package`, checks its size and contents, installs
// it with `--install-extension` into a fresh code-server (fresh extensions dir, no development
// path), and checks in the workbench, in Restricted Mode, that the installed extension activates
// without logging an error and shows its view. It reports the activation time VS Code shows.
//
//   node test/harness/package-test.mjs [--skip-package]
//
// Prints a MOCHA-SUMMARY-style line with the number of checks passed and failed.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import {
  EXTENSION_ID,
  ROOT,
  SCREENSHOTS_DIR,
  cleanup,
  findExtensionHostLog,
  finishRunDir,
  installSignalHandlers,
  installVsix,
  launchBrowser,
  makeRunDir,
  remoteAuthority,
  sleep,
  startCodeServer,
  workbenchUrl,
  writeUserSettings,
} from './lib.mjs';
import { ensureHarness } from './install.mjs';
import { RESTRICTED_MODE_SETTINGS, activationMsShownByVsCode, problemsOfExtension, runCommand, waitForActivationInLog } from './activation.mjs';

const VSIX = path.join(ROOT, 'voice-ai-call-logs.vsix');
// The budget (test/bench, README's Performance section).
const MAX_BYTES = 1.5 * 1024 * 1024;
// What a VSIX of ours may hold (vsce adds the manifest and content types, and names the
// license LICENSE.txt).
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/changelog\.md$/i,
  /^extension\/LICENSE(\.txt|\.md)?$/i,
  /^extension\/dist\/(extension|undici|webview|webview-analytics|sample-api-server|mcp-server)\.js$/,
  /^extension\/dist\/webview-analytics\.css$/,
  /^extension\/dist\/webview-l10n-keys\.json$/,
  /^extension\/l10n\/bundle\.l10n\.[a-z-]+\.json$/i,
  /^extension\/package\.nls(\.[a-z-]+)?\.json$/i,
  /^extension\/media\/[^/]+(\/[^/]+)*$/,
];
const REQUIRED = ['extension/package.json', 'extension/package.nls.json', 'extension/package.nls.es.json', 'extension/l10n/bundle.l10n.es.json', 'extension/dist/webview-l10n-keys.json', 'extension/dist/extension.js', 'extension/dist/undici.js', 'extension/dist/webview.js', 'extension/dist/webview-analytics.js', 'extension/dist/webview-analytics.css', 'extension/dist/sample-api-server.js', 'extension/dist/mcp-server.js'];
// Text that only the test hooks put in a bundle (development builds: tests, demo).
const TEST_HOOK_MARKERS = [
  'VOICE_AI_DEMO_TOKEN', // the demo's token
  'requestCount', // request counts of the integration tests
  'No snapshot from the webview', // CallPanel.snapshot()
  'did not render within', // CallPanelManager.whenRendered()
  'longtask', // the webview's long-task observer
  'onAttributes', // the webview's snapshot()
];

let passed = 0;
let failed = 0;
function check(name, fn) {
  return Promise.resolve()
    .then(fn)
    .then(
      () => {
        passed++;
        console.log(`  ✔ ${name}`);
      },
      (err) => {
        failed++;
        console.log(`  ✘ ${name}\n      ${(err instanceof Error ? err.message : String(err)).split('\n').join('\n      ')}`);
      },
    );
}

/** Entries from the zip's central directory, with a read() of their contents (no unzip binary needed). */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const read = () => {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + compressed);
      return method === 8 ? zlib.inflateRawSync(data) : data;
    };
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size, read });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

async function main() {
  installSignalHandlers();
  const started = Date.now();
  console.log('\nVSIX');
  if (!process.argv.includes('--skip-package')) {
    fs.rmSync(VSIX, { force: true });
    const res = spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'inherit' });
    await check('npm run package builds voice-ai-call-logs.vsix', () => {
      if (res.status !== 0) throw new Error(`npm run package exited with ${res.status}`);
      if (!fs.existsSync(VSIX)) throw new Error('no voice-ai-call-logs.vsix');
    });
  }
  if (!fs.existsSync(VSIX)) {
    console.log(`MOCHA-SUMMARY ${JSON.stringify({ passes: passed, failures: failed + 1, pending: 0 })}`);
    return 1;
  }
  const size = fs.statSync(VSIX).size;
  await check(`is within its 1.5 MB budget (${(size / 1024).toFixed(0)} KiB)`, () => {
    if (size >= MAX_BYTES) throw new Error(`${size} bytes`);
  });
  const entries = zipEntries(VSIX);
  console.log('  contents:');
  for (const e of entries) console.log(`    ${String(e.size).padStart(9)}  ${e.name}`);
  await check('holds only dist/, media/, l10n/, README, CHANGELOG, LICENSE, package.json and its translations', () => {
    const extra = entries.map((e) => e.name).filter((n) => !ALLOWED.some((re) => re.test(n)));
    if (extra.length > 0) throw new Error(`unexpected: ${extra.join(', ')}`);
    const names = new Set(entries.map((e) => e.name));
    const missing = REQUIRED.filter((n) => !names.has(n));
    if (missing.length > 0) throw new Error(`missing: ${missing.join(', ')}`);
  });
  await check('its bundles hold no test hooks (release build)', () => {
    const found = [];
    for (const e of entries.filter((x) => /^extension\/dist\/.*\.js$/.test(x.name))) {
      const text = e.read().toString('utf8');
      for (const marker of TEST_HOOK_MARKERS) if (text.includes(marker)) found.push(`${e.name}: ${marker}`);
    }
    if (found.length > 0) throw new Error(`test hooks in the VSIX: ${found.join(', ')}`);
  });

  console.log('\nInstalled VSIX in a fresh code-server');
  await ensureHarness();
  const run = makeRunDir('package-test');
  let ok = false;
  try {
    await check('installs with --install-extension into an empty extensions dir', () => {
      const out = installVsix(run, VSIX);
      const dirs = fs.readdirSync(run.extensionsDir).filter((d) => d.startsWith(`${EXTENSION_ID}-`));
      if (dirs.length !== 1) throw new Error(`extensions dir holds ${JSON.stringify(fs.readdirSync(run.extensionsDir))}\n${out}`);
      if (!fs.existsSync(path.join(run.extensionsDir, dirs[0], 'dist', 'extension.js'))) throw new Error('installed extension has no dist/extension.js');
    });
    await check('its MCP server (dist/mcp-server.js, with dist/undici.js beside it) answers initialize and lists its three tools', async () => {
      const dir = fs.readdirSync(run.extensionsDir).find((d) => d.startsWith(`${EXTENSION_ID}-`));
      const tools = await mcpToolNames(path.join(run.extensionsDir, dir, 'dist', 'mcp-server.js'));
      if (tools.join(',') !== 'voiceAi_searchCalls,voiceAi_getCall,voiceAi_callStats') throw new Error(`tools: ${tools.join(', ')}`);
    });
    // Restricted Mode: the workspace folder is not trusted, as a folder just cloned would be.
    writeUserSettings(run, RESTRICTED_MODE_SETTINGS);
    const server = await startCodeServer(run, { workspaceTrust: true });
    const authority = await remoteAuthority(server.baseUrl);
    const { page } = await launchBrowser(run);
    // No payload: the workbench runs what is installed, nothing from the source tree.
    await page.goto(workbenchUrl(server.baseUrl, { folder: run.workspace, authority }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const icon = page.locator('.activitybar [aria-label^="Voice AI Call Logs"]').first();
    await check('its activity bar icon appears', () => icon.waitFor({ state: 'visible', timeout: 120_000 }));
    await check('the workbench is in Restricted Mode (an untrusted folder)', async () => {
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    });
    await check('the window is not an Extension Development Host', async () => {
      const title = await page.title();
      if (/Extension Development Host/i.test(title)) throw new Error(`title: ${title}`);
    });
    await check('clicking it opens the view, filled by the activated extension', async () => {
      await icon.click();
      await page.locator('.part.sidebar .composite.title', { hasText: /Voice AI Call Logs/i }).first().waitFor({ state: 'visible', timeout: 20_000 });
      // The welcome view's buttons appear only once the extension has activated and set its state.
      await page.locator('.part.sidebar').locator('.welcome-view-content .monaco-button, .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
      fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'packaged-extension.png') });
    });
    await check('the extension host activated the installed copy', () => waitForActivationInLog(run, EXTENSION_ID));
    const installed = fs.readdirSync(run.extensionsDir).find((d) => d.startsWith(`${EXTENSION_ID}-`));
    const noProblemsLogged = async () => {
      // Errors are logged while activating, or soon after (a getter, a rejected promise).
      await sleep(2000);
      const file = findExtensionHostLog(run);
      // No log is no evidence: the check cannot pass without reading one.
      if (!file) throw new Error(`no extension host log found for the run (${run.dir}): cannot check that activation logged no error`);
      const problems = problemsOfExtension(fs.readFileSync(file, 'utf8'), EXTENSION_ID, installed);
      if (problems.length > 0) throw new Error(`${problems.length} problem(s) in ${file}:\n${problems.join('\n').slice(0, 3000)}`);
    };
    await check('activation logged no error (extension host log)', noProblemsLogged);
    await check('VS Code shows its activation time (Developer: Show Running Extensions)', async () => {
      const ms = await activationMsShownByVsCode(page);
      console.log(`      activation: ${ms} ms (loading the code + activate(), as VS Code measures it)`);
    });
    await check('Try Sample Data fills the tree (the API client and undici load on first use)', async () => {
      await runCommand(page, 'Voice AI: Try Sample Data');
      const rows = page.locator('.part.sidebar .monaco-list-row');
      await rows.filter({ hasText: /^All calls/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
      await rows.filter({ hasText: /Sample data/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await runCommand(page, 'Voice AI: Stop Sample Data');
    });
    await check('and logged no error meanwhile', noProblemsLogged);

    // VS Code logs an extension's use of deprecated globals (PendingMigrationError: `navigator`)
    // only for an extension under development: load the installed copy that way, in a new window.
    console.log('\nThe installed copy, loaded for development');
    const devUrl = workbenchUrl(server.baseUrl, { folder: run.workspace, authority, extensionDevelopmentPath: path.join(run.extensionsDir, installed) });
    const logsBefore = findExtensionHostLog(run);
    await page.goto(devUrl, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await check('activates in a new extension host', async () => {
      await icon.waitFor({ state: 'visible', timeout: 120_000 });
      const deadline = Date.now() + 60_000;
      while (findExtensionHostLog(run) === logsBefore && Date.now() < deadline) await sleep(500);
      if (findExtensionHostLog(run) === logsBefore) throw new Error('no new extension host log');
      try {
        // The window restores the open view container, whose view activates the extension.
        await waitForActivationInLog(run, EXTENSION_ID, 10_000);
      } catch {
        await icon.click();
        await waitForActivationInLog(run, EXTENSION_ID, 60_000);
      }
    });
    await check('activation logged no error and no deprecation warning', async () => {
      await waitForActivationInLog(run, EXTENSION_ID, 1000);
      await noProblemsLogged();
    });
    ok = failed === 0;
  } catch (err) {
    failed++;
    console.log(`  ✘ ${err instanceof Error ? err.stack : String(err)}`);
  } finally {
    await cleanup();
    console.log(`MOCHA-SUMMARY ${JSON.stringify({ passes: passed, failures: failed, pending: 0 })}`);
    console.log(`[package-test] finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    finishRunDir(run, !ok);
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();

/** The tools an MCP server lists: initialize, then tools/list, as JSON-RPC lines over stdio (no token needed). */
async function mcpToolNames(file) {
  const child = spawn(process.execPath, [file], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
  let buffer = '';
  const answers = new Map();
  child.stdout.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const message = JSON.parse(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
      if (message.id !== undefined) answers.set(message.id, message);
    }
  });
  const ask = async (id, method, params) => {
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    const deadline = Date.now() + 20_000;
    while (!answers.has(id)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no answer to ${method} (exit code ${child.exitCode})`);
      await sleep(50);
    }
    return answers.get(id);
  };
  try {
    const init = await ask(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'package-test', version: '1' } });
    if (init.result?.serverInfo?.name !== 'voice-ai-call-logs') throw new Error(`initialize: ${JSON.stringify(init)}`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    const list = await ask(2, 'tools/list', {});
    return (list.result?.tools ?? []).map((t) => t.name);
  } finally {
    child.kill();
  }
}
