// Set-up shared by `npm test` (test/run-all.mjs) and `npm run demo`: the root dependencies
// from package-lock.json (npm ci when node_modules is missing or older than the lockfile).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOCK = path.join(ROOT, 'package-lock.json');
const STAMP = path.join(ROOT, 'node_modules', '.voice-ai-lock-hash');

function lockHash() {
  return createHash('sha256').update(fs.readFileSync(LOCK)).digest('hex');
}

/** Why the root node_modules must be (re)installed, or undefined if it is current. */
export function rootDependenciesStale() {
  const hidden = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(hidden)) return 'node_modules is missing';
  if (fs.existsSync(STAMP)) return fs.readFileSync(STAMP, 'utf8').trim() === lockHash() ? undefined : 'package-lock.json changed since the last npm ci';
  // Installed by hand (npm install / npm ci without us): trust it unless the lockfile is newer.
  return fs.statSync(LOCK).mtimeMs > fs.statSync(hidden).mtimeMs + 1000 ? 'package-lock.json is newer than node_modules' : undefined;
}

/** Runs `npm ci` if needed, printing why. Returns an error message, or undefined on success. */
export function ensureRootDependencies() {
  const why = rootDependenciesStale();
  if (!why) return undefined;
  console.log(`[setup] npm ci (${why})`);
  const res = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) return `npm ci failed (exit ${res.status})`;
  fs.writeFileSync(STAMP, `${lockHash()}\n`);
  return undefined;
}
