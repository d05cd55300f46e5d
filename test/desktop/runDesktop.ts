// `npm run test:desktop`: the same mocha suite as `npm run test:vscode`, in desktop VS Code
// through @vscode/test-electron. It downloads VS Code unless VSCODE_EXECUTABLE gives the path
// of an installed one (e.g. /usr/share/code/code, or "Visual Studio Code.app/Contents/MacOS/Electron").
// Not part of `npm test`: the machines that run it cannot download VS Code.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runTests } from '@vscode/test-electron';

interface HarnessPaths {
  chooseScratchBase(candidates: string[], label: string): string | undefined;
  scratchPrefix(label: string): string;
}

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '..', '..', '..');
  // VS Code puts its main IPC socket in the user-data-dir when XDG_RUNTIME_DIR is unset (always on
  // macOS): keep it in a short folder, as the code-server harness does, wherever the clone is.
  const paths = (await import(pathToFileURL(path.join(root, 'test', 'harness', 'paths.mjs')).href)) as HarnessPaths;
  const base = paths.chooseScratchBase([os.tmpdir(), '/tmp'], 'desktop') ?? os.tmpdir();
  const scratch = fs.mkdtempSync(path.join(base, paths.scratchPrefix('desktop')));
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(scratch, 'user-data')}`,
        `--extensions-dir=${path.join(scratch, 'extensions')}`,
      ],
      extensionTestsEnv: { MOCHA_GREP: process.env.MOCHA_GREP ?? '' },
    });
    console.log('[desktop] passed');
    fs.rmSync(scratch, { recursive: true, force: true });
    return 0;
  } catch (err) {
    console.error(`[desktop] failed: ${err instanceof Error ? err.message : String(err)}`);
    console.error(`[desktop] scratch folder (logs under user-data/logs): ${scratch}`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
