// "Try Sample Data" loads dist/sample-api-server.js, esbuild's bundle of server.ts, inside the
// extension host: it must bundle on its own, import neither vscode nor the file system, and work.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ENTRY = path.resolve(__dirname, '../../../../test/api-server/server.ts');

describe('api server: bundle for Try Sample Data', () => {
  it('bundles without vscode or fs and serves from the bundle', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voice-ai-server-bundle-'));
    try {
      const outfile = path.join(dir, 'sample-api-server.js');
      const result = await esbuild.build({ entryPoints: [ENTRY], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, metafile: true, logLevel: 'silent' });
      const imports = Object.values(result.metafile.outputs)
        .flatMap((o) => o.imports)
        .map((i) => i.path);
      assert.ok(!imports.some((p) => /^(node:)?(fs|fs\/promises)$|^vscode$/.test(p)), imports.join(', '));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(outfile) as typeof import('../../api-server/server');
      const server = await mod.startApiServer({ port: 0, calls: 30 });
      try {
        const res = await fetch(`${server.baseUrl}/voice-ai/dashboard/call-logs?locationId=${mod.SAMPLE_LOCATION_ID}`, {
          headers: { Authorization: `Bearer ${mod.SAMPLE_TOKEN}`, Version: '2021-07-28' },
        });
        assert.equal(res.status, 200);
        assert.equal(((await res.json()) as { total: number }).total, 30);
      } finally {
        await server.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
