// What activation loads: undici (dist/undici.js, about 1 MB in development builds) is required with
// the first API client, through the one dynamic import of src/api/client (services/connection.ts).
// A value imported from src/api/transport.ts anywhere on activate()'s static path loads it at every
// start (a formatBytes import once did: about 60 ms more of module loading before our tree could show).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '../../..');

/** The extension's module graph as esbuild bundles it (undici apart, as esbuild.mjs does). */
async function extensionGraph(): Promise<esbuild.Metafile> {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['src/extension.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    define: { __TEST_HOOKS__: 'false', navigator: 'undefined' },
    plugins: [{ name: 'undici-apart', setup: (build) => build.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true })) }],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

/** Every input and external reached from the entry by imports that run at load (not dynamic ones). */
function loadedAtActivation(meta: esbuild.Metafile, entry: string): Set<string> {
  const reached = new Set([entry]);
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const imp of meta.inputs[file]?.imports ?? []) {
      if (imp.kind === 'dynamic-import' || reached.has(imp.path)) continue;
      reached.add(imp.path);
      if (!imp.external) queue.push(imp.path);
    }
  }
  return reached;
}

describe('activation bundle', () => {
  it('loads neither undici nor the transport at activation; the API client comes with a dynamic import', async () => {
    const meta = await extensionGraph();
    const loaded = loadedAtActivation(meta, 'src/extension.ts');
    assert.ok(loaded.has('src/services/connection.ts') && loaded.has('src/commands/recording.ts'), [...loaded].join(', '));
    assert.deepEqual([...loaded].filter((f) => f === './undici.js' || f === 'src/api/transport.ts' || f === 'src/api/client.ts'), []);
    // Not vacuous: the client, the transport and undici are in the bundle, behind the dynamic import.
    const dynamic = meta.inputs['src/services/connection.ts']?.imports.find((i) => i.kind === 'dynamic-import');
    assert.equal(dynamic?.path, 'src/api/client.ts');
    assert.ok(loadedAtActivation(meta, 'src/api/client.ts').has('./undici.js'));
  });
});
