#!/usr/bin/env node
// Runs the Playwright UI tests (test/ui/**/*.ui.mjs, mocha bdd) against one shared VS Code
// workbench (code-server + headless Chromium, extension loaded for development, local API
// server running; see test/ui/helpers.mjs). Screenshots land in test/.runs/screenshots/.
//
//   node test/harness/run-ui-tests.mjs      (npm run test:ui builds first)
//
// Environment: UI_GREP (only tests matching), KEEP_SCRATCH=1, CHROMIUM_PATH, UI_TIMEOUT_MS
// (overall, default 15 min).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { ROOT, SCREENSHOTS_DIR, cleanup, finishRunDir, installSignalHandlers } from './lib.mjs';
import { ensureHarness } from './install.mjs';

const UI_DIR = path.join(ROOT, 'test', 'ui');

function findUiTests(dir) {
  const found = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...findUiTests(full));
    else if (/\.ui\.m?js$/.test(e.name)) found.push(full);
  }
  return found.sort();
}

async function main() {
  for (const needed of ['dist/extension.js', 'out/test/api-server/server.js']) {
    if (!fs.existsSync(path.join(ROOT, needed))) {
      console.error(`[ui] ${needed} is missing: run \`npm run build && npm run compile-tests\` first.`);
      return 1;
    }
  }
  await ensureHarness();
  installSignalHandlers();
  const files = findUiTests(UI_DIR);
  if (files.length === 0) {
    console.error('[ui] no test/ui/**/*.ui.mjs files');
    return 1;
  }
  const started = Date.now();
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: Number(process.env.UI_TEST_TIMEOUT_MS ?? 90_000), bail: false });
  if (process.env.UI_GREP) mocha.grep(process.env.UI_GREP);
  for (const f of files) mocha.addFile(f);

  const overallMs = Number(process.env.UI_TIMEOUT_MS ?? 15 * 60_000);
  const timer = setTimeout(() => {
    console.error(`[ui] TIMEOUT: UI tests did not finish within ${overallMs} ms; stopping everything.`);
    void cleanup().finally(() => process.exit(124));
  }, overallMs);
  timer.unref();

  let failures = 1;
  let stats = { passes: 0, pending: 0 };
  let helpers;
  try {
    // Start the shared workbench before the tests, so its start-up (slow on a busy machine)
    // does not eat into the first test's timeout.
    helpers = await import('../ui/helpers.mjs');
    const ui = await helpers.workbench();
    console.log(`[ui] workbench ready in ${((Date.now() - started) / 1000).toFixed(1)} s (scratch ${ui.run.scratch}, logs ${path.relative(ROOT, ui.run.logs)})`);
    await mocha.loadFilesAsync();
    failures = await new Promise((resolve) => {
      const runner = mocha.run((f) => {
        stats = runner.stats ?? stats;
        resolve(f);
      });
    });
  } catch (err) {
    console.error(`[ui] ${err instanceof Error ? err.stack : String(err)}`);
    failures = Math.max(failures, 1);
  } finally {
    clearTimeout(timer);
    let run;
    if (helpers?.workbenchStarted()) run = (await helpers.workbench().catch(() => undefined))?.run;
    await cleanup();
    console.log(`MOCHA-SUMMARY ${JSON.stringify({ passes: stats.passes ?? 0, failures, pending: stats.pending ?? 0 })}`);
    console.log(`[ui] screenshots: ${path.relative(process.cwd(), SCREENSHOTS_DIR) || SCREENSHOTS_DIR}`);
    console.log(`[ui] finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (run) finishRunDir(run, failures > 0);
  }
  return failures > 0 ? 1 : 0;
}

process.exitCode = await main();
