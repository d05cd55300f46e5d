#!/usr/bin/env node
// Runs the extension's mocha suite (out/test/integration/index.js, `run()`) inside a real
// VS Code: code-server + headless Chromium. Prints the extension host's output (the mocha
// report) live and exits with the suite's exit code.
//
//   node test/harness/run-vscode-tests.mjs [--tests out/test/integration/index.js] [--timeout-ms 600000]
//
// Environment: MOCHA_GREP (only tests matching it), KEEP_SCRATCH=1 (keep the run's scratch folder and logs),
// CHROMIUM_PATH (browser), VSCODE_TEST_TIMEOUT_MS (overall timeout).
// Build first: `npm run build && npm run compile-tests` (npm run test:vscode does all).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import {
  ROOT,
  cleanup,
  finishRunDir,
  installSignalHandlers,
  launchBrowser,
  makeRunDir,
  remoteAuthority,
  saveWorkbenchLogs,
  startCodeServer,
  workbenchUrl,
  writeUserSettings,
} from './lib.mjs';
import { ensureHarness } from './install.mjs';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const testsPath = path.resolve(ROOT, arg('--tests', 'out/test/integration/index.js'));
const timeoutMs = Number(arg('--timeout-ms', process.env.VSCODE_TEST_TIMEOUT_MS ?? 10 * 60_000));

/** Prints what code-server logged about the extension host dying (out of memory, crash). */
function reportExtensionHostDeath(run) {
  let log = '';
  try {
    log = fs.readFileSync(path.join(run.logs, 'code-server.log'), 'utf8');
  } catch {
    return;
  }
  const lines = log.split('\n').filter((l) => /FATAL|Extension Host Process exited|out of memory|Uncaught/i.test(l));
  for (const l of lines.slice(-10)) console.error(`[harness] code-server: ${l.trim()}`);
}

/** codeAutomationLog hands over console arguments as a JSON array: format them like console.log. */
function formatLogMessage(message) {
  if (Array.isArray(message)) return format(...message);
  if (typeof message !== 'string') return JSON.stringify(message);
  try {
    const args = JSON.parse(message);
    if (Array.isArray(args)) return format(...args);
  } catch {
    // plain text
  }
  return message;
}

// Lines the workbench logs on its own while tests run (offline gallery, timing notes).
const NOISE = [
  /workbench\.js:\d+:\d+/,
  /^Extension host \(Remote\) is (un)?responsive/,
  /^\[AccountPolicyGate\]/,
  /^Creation of workbench contribution/,
  /ENOTFOUND open-vsx\.org/,
];
function isWorkbenchNoise(text) {
  return NOISE.some((re) => re.test(text));
}

async function main() {
  if (!fs.existsSync(testsPath)) {
    console.error(`[harness] ${path.relative(ROOT, testsPath)} does not exist: run \`npm run compile-tests\` first.`);
    return 1;
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
    console.error('[harness] dist/extension.js does not exist: run `npm run build` first.');
    return 1;
  }
  await ensureHarness();
  installSignalHandlers();

  const started = Date.now();
  const run = makeRunDir('vscode-tests');
  let exitCode = 1;
  let timedOut = false;
  let mochaSummary;
  try {
    // The local store and the watch make requests of their own: off as the suite starts (the
    // request-counting tests need it so); test/integration/store.test.ts turns them on.
    writeUserSettings(run, { 'voiceAi.store.enabled': false, 'voiceAi.watch.intervalSeconds': 0 });
    const env = { VOICE_AI_TEST_RUN_DIR: run.dir };
    if (process.env.MOCHA_GREP) env.MOCHA_GREP = process.env.MOCHA_GREP;
    const server = await startCodeServer(run, { env });
    console.log(`[harness] code-server ${server.baseUrl} (pid ${server.pid}), scratch ${run.scratch}, logs ${path.relative(ROOT, run.logs)}`);
    const authority = await remoteAuthority(server.baseUrl);
    const { page } = await launchBrowser(run);

    let resolveExit;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    const hostLog = fs.createWriteStream(path.join(run.logs, 'extension-host-output.log'));
    // Everything the workbench and the extension host log arrives here. The full stream
    // goes to logs/extension-host-output.log; the console shows the mocha report, which
    // starts at index.ts's MOCHA-START line, without the workbench's own chatter.
    let suiteStarted = false;
    const early = [];
    await page.exposeFunction('codeAutomationLog', (type, message) => {
      const text = formatLogMessage(message);
      hostLog.write(`${type}\t${text}\n`);
      const summary = /^MOCHA-SUMMARY (\{.*\})/.exec(text);
      if (summary) {
        try {
          mochaSummary = JSON.parse(summary[1]);
        } catch {
          // reported as missing below
        }
      }
      if (!suiteStarted) {
        if (text.startsWith('MOCHA-START')) suiteStarted = true;
        else early.push(text);
        return;
      }
      if (isWorkbenchNoise(text)) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    const printEarlyIfNeeded = () => {
      if (suiteStarted) return;
      console.log('[harness] the suite never started; what the workbench and the extension host logged:');
      for (const line of early) console.log(line);
    };
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      saveWorkbenchLogs(run, logs);
      resolveExit(typeof code === 'number' ? code : 1);
    });
    page.on('pageerror', (err) => fs.appendFileSync(path.join(run.logs, 'page-errors.log'), `${err.stack ?? err}\n`));

    const url = workbenchUrl(server.baseUrl, {
      folder: run.workspace,
      authority,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: testsPath,
    });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        resolve(124);
      }, timeoutMs);
    });
    exitCode = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    printEarlyIfNeeded();
    // The workbench reports exit code 0 also when the extension host connection broke before
    // mocha finished: only a complete, green summary counts as a pass.
    if (!mochaSummary) {
      console.error('[harness] FAILED: the extension host exited before mocha reported its summary (lost connection or crash).');
      reportExtensionHostDeath(run);
      console.log(`MOCHA-SUMMARY ${JSON.stringify({ passes: 0, failures: 1, pending: 0, incomplete: true })}`);
      exitCode = 1;
    } else if (exitCode === 0 && (mochaSummary.failures > 0 || mochaSummary.passes === 0)) {
      exitCode = 1;
    }
    hostLog.end();
    if (timedOut) {
      console.error(`[harness] TIMEOUT: the suite did not finish within ${timeoutMs} ms; stopping everything.`);
      try {
        await page.screenshot({ path: path.join(run.logs, 'timeout.png') });
        console.error(`[harness] screenshot of the workbench at timeout: ${path.join(run.logs, 'timeout.png')}`);
      } catch {
        // page may be gone
      }
    }
  } catch (err) {
    console.error(`[harness] ${err instanceof Error ? err.stack : String(err)}`);
    exitCode = 1;
  } finally {
    await cleanup();
    console.log(`[harness] VS Code suite finished with exit code ${exitCode} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    finishRunDir(run, exitCode !== 0);
  }
  return exitCode;
}

process.exitCode = await main();
