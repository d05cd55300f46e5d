// Entry point VS Code loads in the extension host (extensionTestsPath), both in
// code-server (test/harness/run-vscode-tests.mjs) and in desktop VS Code
// (test/desktop/runDesktop.ts). Runs mocha (bdd: describe/it) over every
// out/test/integration/**/*.test.js and ends with one parseable summary line:
//   MOCHA-SUMMARY {"passes":N,"failures":N,"pending":N}
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.MOCHA_TIMEOUT_MS ?? 20_000),
    // A failing test must not stop the others: the summary counts them all.
    bail: false,
  });
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
  const files = findTests(__dirname);
  for (const file of files) mocha.addFile(file);
  if (files.length === 0) throw new Error(`no *.test.js files under ${__dirname}`);

  // The harness shows the extension host's output from this line on.
  console.log(`MOCHA-START ${files.length} test files`);
  await new Promise<void>((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        const { passes = 0, pending = 0 } = runner.stats ?? {};
        console.log(`MOCHA-SUMMARY ${JSON.stringify({ passes, failures, pending })}`);
        if (failures > 0) reject(new Error(`${failures} of ${passes + failures} VS Code tests failed`));
        else if (passes === 0) reject(new Error('no VS Code test ran'));
        else resolve();
      });
    } catch (err) {
      console.log(`MOCHA-SUMMARY ${JSON.stringify({ passes: 0, failures: 1, pending: 0 })}`);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
