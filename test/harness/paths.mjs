// Where a harness run's programs put their Unix sockets, and whether those paths fit.
// Pure (no I/O): lib.mjs uses it to place each run's scratch folder, the unit tests check it.
//
// A Unix socket path holds at most 107 bytes on Linux (sun_path is 108 with its NUL). Chromium
// dies with "FATAL ... Socket path too long" when its SingletonSocket does not fit; code-server
// only warns and runs without its session socket; VS Code shortens its IPC handles' random part
// until nothing of it is left. So every socket-bearing folder of a run lives in a short scratch
// folder (e.g. /tmp/vai-ui-Ab12Cd), never under the checkout, whose path can be of any length.
import * as path from 'node:path';

export const MAX_SOCKET_PATH = 107;

/** Sub-folders of a run's scratch folder: key in the run object -> folder name. */
export const SCRATCH_FOLDERS = {
  tmp: 'tmp',
  runtimeDir: 'run',
  configHome: 'config',
  dataHome: 'data',
  cacheHome: 'cache',
  stateHome: 'state',
  userDataDir: 'user-data',
  extensionsDir: 'ext',
  browserProfile: 'profile',
  workspace: 'ws',
};

/** The longest socket name each program puts in a folder of the run (by its key above). */
export const SOCKETS = [
  { in: 'tmp', name: '.org.chromium.Chromium.XXXXXX/SingletonSocket', by: "Chromium's process singleton (TMPDIR)" },
  // A full UUID: VS Code shortens it to fit, but then handles can collide.
  { in: 'runtimeDir', name: `vscode-ipc-${'0'.repeat(36)}.sock`, by: "the VS Code server's IPC handles (XDG_RUNTIME_DIR)" },
  { in: 'tmp', name: `vscode-ipc-${'0'.repeat(36)}.sock`, by: "VS Code's IPC handles when XDG_RUNTIME_DIR is unset (TMPDIR)" },
  { in: 'runtimeDir', name: `vscode-git-${'0'.repeat(10)}.sock`, by: "VS Code's git extension (XDG_RUNTIME_DIR)" },
  { in: 'userDataDir', name: 'code-server-ipc.sock', by: "code-server's session socket (--user-data-dir)" },
  { in: 'browserProfile', name: 'SingletonSocket', by: "Chromium's profile (link to its socket)" },
];

/** The run's folders under the scratch folder root. */
export function scratchLayout(root) {
  return Object.fromEntries(Object.entries(SCRATCH_FOLDERS).map(([key, name]) => [key, path.join(root, name)]));
}

/** Socket paths of layout that would be too long: [{ path, bytes, by }], empty when all fit. */
export function socketPathProblems(layout) {
  const problems = [];
  for (const s of SOCKETS) {
    const socketPath = path.join(layout[s.in], s.name);
    const bytes = Buffer.byteLength(socketPath);
    if (bytes > MAX_SOCKET_PATH) problems.push({ path: socketPath, bytes, by: s.by });
  }
  return problems;
}

/** Prefix of a run's scratch folder name, before mkdtemp's six random characters. */
export function scratchPrefix(label) {
  return `vai-${label.replace(/[^A-Za-z0-9]+/g, '').slice(0, 12)}-`;
}

/**
 * The first base folder (e.g. [os.tmpdir(), '/tmp']) under which a run's scratch folder keeps
 * every socket path short enough; undefined if none does.
 */
export function chooseScratchBase(candidates, label) {
  return candidates.find((base) => base && path.isAbsolute(base) && socketPathProblems(scratchLayout(path.join(base, `${scratchPrefix(label)}XXXXXX`))).length === 0);
}

/** A message that says which socket would not fit and what to do, or undefined when all fit. */
export function describeSocketPathProblems(problems) {
  if (problems.length === 0) return undefined;
  const lines = problems.map((p) => `  ${p.path} (${p.bytes} bytes) for ${p.by}`);
  return [
    `Unix socket paths of this run would be longer than ${MAX_SOCKET_PATH} bytes, the limit of the system:`,
    ...lines,
    'Set TMPDIR to a short folder (e.g. TMPDIR=/tmp): run folders with sockets are created there.',
  ].join('\n');
}
