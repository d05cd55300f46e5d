// The harness keeps every Unix socket of a run (Chromium's, code-server's, VS Code's) under
// 108 bytes wherever the checkout is: test/harness/paths.mjs decides where, lib.mjs applies it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const HARNESS = path.resolve(__dirname, '../../../../test/harness');
const ROOT = path.resolve(HARNESS, '../..');

interface SocketProblem {
  path: string;
  bytes: number;
  by: string;
}
type Layout = Record<string, string>;
interface PathsModule {
  MAX_SOCKET_PATH: number;
  SOCKETS: { in: string; name: string; by: string }[];
  scratchLayout(root: string): Layout;
  socketPathProblems(layout: Layout): SocketProblem[];
  chooseScratchBase(candidates: (string | undefined)[], label: string): string | undefined;
  describeSocketPathProblems(problems: SocketProblem[]): string | undefined;
}
interface Run extends Layout {
  dir: string;
  logs: string;
  scratch: string;
}
interface LibModule {
  makeRunDir(label: string): Run;
  scratchEnv(run: Run): Record<string, string>;
  finishRunDir(run: Run, failed: boolean): void;
  cleanup(): Promise<void>;
}

// ES modules of the harness, loaded as they are (not compiled).
const load = <T>(file: string): Promise<T> => import(pathToFileURL(path.join(HARNESS, file)).href) as Promise<T>;

/** An absolute folder path of exactly `length` characters. */
function pathOfLength(length: number): string {
  const start = '/tmp/';
  return start + 'x'.repeat(length - start.length);
}

describe('harness: socket paths', () => {
  let p: PathsModule;
  before(async () => {
    p = await load<PathsModule>('paths.mjs');
  });

  it('finds the socket that killed Chromium when the scratch folder was inside a checkout', () => {
    // The old layout: <clone>/test/.runs/<run>/tmp, from a 61-character clone path (the issue's).
    const problems = p.socketPathProblems(p.scratchLayout(path.join(pathOfLength(61), 'test/.runs/20261130-073200-vscode-tests')));
    const chromium = problems.find((x) => x.path.endsWith('/SingletonSocket') && x.path.includes('/tmp/.org.chromium'));
    assert.ok(chromium, JSON.stringify(problems));
    assert.ok(chromium.bytes > p.MAX_SOCKET_PATH);
  });

  it('accepts a socket of 107 bytes and refuses one of 108', () => {
    const longest = Math.max(...p.SOCKETS.map((s) => Buffer.byteLength(path.join(p.scratchLayout('/r')[s.in], s.name)) - '/r'.length));
    assert.deepEqual(p.socketPathProblems(p.scratchLayout(pathOfLength(p.MAX_SOCKET_PATH - longest))), []);
    const problems = p.socketPathProblems(p.scratchLayout(pathOfLength(p.MAX_SOCKET_PATH - longest + 1)));
    assert.ok(problems.length > 0);
    assert.deepEqual(new Set(problems.map((x) => x.bytes)), new Set([108]));
  });

  it('counts bytes, not characters', () => {
    const root = pathOfLength(40) + 'é'.repeat(20); // 60 characters, 80 bytes
    assert.ok(p.socketPathProblems(p.scratchLayout(root)).every((x) => x.bytes === Buffer.byteLength(x.path)));
    assert.ok(p.socketPathProblems(p.scratchLayout(root)).length > 0);
  });

  it('honours a short os.tmpdir(), and falls back to /tmp when it is long or missing', () => {
    assert.equal(p.chooseScratchBase(['/var/tmp', '/tmp'], 'vscode-tests'), '/var/tmp');
    assert.equal(p.chooseScratchBase([pathOfLength(150), '/tmp'], 'package-test'), '/tmp');
    assert.equal(p.chooseScratchBase([undefined, 'relative/tmp', '/tmp'], 'ui'), '/tmp');
    assert.equal(p.chooseScratchBase([pathOfLength(80)], 'ui'), undefined);
  });

  it('says which socket is too long, for what, and what to do', () => {
    assert.equal(p.describeSocketPathProblems([]), undefined);
    const message = p.describeSocketPathProblems(p.socketPathProblems(p.scratchLayout(pathOfLength(90)))) ?? '';
    assert.match(message, /longer than 107 bytes/);
    assert.match(message, /code-server's session socket/);
    assert.match(message, /\(\d+ bytes\)/);
    assert.match(message, /TMPDIR/);
  });
});

describe('harness: a run folder from a long TMPDIR', () => {
  let lib: LibModule;
  let p: PathsModule;
  const savedTmpdir = process.env.TMPDIR;
  before(async () => {
    lib = await load<LibModule>('lib.mjs');
    p = await load<PathsModule>('paths.mjs');
  });
  after(() => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
  });

  it('puts every socket-bearing folder in a short scratch folder outside the checkout, removed at the end', async () => {
    process.env.TMPDIR = pathOfLength(150);
    // KEEP_SCRATCH=1 in the caller's environment would keep the scratch folder and logs this test expects removed.
    const savedKeepScratch = process.env.KEEP_SCRATCH;
    delete process.env.KEEP_SCRATCH;
    const run = lib.makeRunDir('unit');
    try {
      assert.ok(run.scratch.startsWith('/tmp/vai-unit-'), run.scratch);
      assert.deepEqual(p.socketPathProblems(run), []);
      const env = lib.scratchEnv(run);
      for (const key of ['TMPDIR', 'XDG_RUNTIME_DIR', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME']) {
        assert.ok(env[key].startsWith(`${run.scratch}/`), `${key}=${env[key]}`);
        assert.ok(fs.statSync(env[key]).isDirectory(), key);
      }
      for (const key of ['userDataDir', 'browserProfile', 'extensionsDir', 'workspace', 'tmp', 'runtimeDir']) {
        assert.ok(!run[key].startsWith(ROOT), `${key} is inside the checkout: ${run[key]}`);
      }
      // VS Code's logs outlive the scratch folder, next to the run's other logs.
      fs.mkdirSync(path.join(run.userDataDir, 'logs', '20261130T0732'), { recursive: true });
      fs.writeFileSync(path.join(run.userDataDir, 'logs', '20261130T0732', 'remoteexthost.log'), 'activated');
      await lib.cleanup();
      assert.equal(fs.existsSync(run.scratch), false, 'scratch folder removed by cleanup()');
      assert.equal(fs.readFileSync(path.join(run.logs, 'user-data', '20261130T0732', 'remoteexthost.log'), 'utf8'), 'activated');
    } finally {
      lib.finishRunDir(run, false);
      if (savedKeepScratch !== undefined) process.env.KEEP_SCRATCH = savedKeepScratch;
    }
    assert.equal(fs.existsSync(run.dir), false, 'logs of a passing run removed');
  });
});
