// `npm run test:desktop`: the same mocha suite as `npm run test:vscode`, in desktop VS Code
// through @vscode/test-electron. It downloads VS Code unless VSCODE_EXECUTABLE gives the path
// of an installed one (e.g. /usr/share/code/code, or "Visual Studio Code.app/Contents/MacOS/Electron").
// Not part of `npm test`: the machines that run it cannot download VS Code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const scratch = path.join(root, 'test', '.runs', `desktop-${new Date().toISOString().replace(/[-:.]/g, '')}`);
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
    console.log(`[desktop] passed; scratch folder: ${scratch}`);
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
