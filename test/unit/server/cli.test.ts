import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../api-server/cli.js');

describe('api server: command line', () => {
  it('prints the base URL, token and location, serves them, and stops on Ctrl+C', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--calls', '40', '--token', 'pit-cli', '--location', 'locCli', '--rate-limit', '5', '--faults', '{"errorRate":1,"pathPrefix":"/voice-ai/agents"}', '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Ctrl+C')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const baseUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      assert.ok(baseUrl, out);
      assert.match(out, /token:\s+pit-cli/);
      assert.match(out, /location id:\s+locCli/);
      assert.match(out, /40 call logs/);
      const res = await fetch(`${baseUrl}/voice-ai/dashboard/call-logs?locationId=locCli&pageSize=50`, {
        headers: { Authorization: 'Bearer pit-cli', Version: '2021-07-28' },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-ratelimit-max'), '5');
      assert.equal(((await res.json()) as { total: number }).total, 40);
      const agents = await fetch(`${baseUrl}/voice-ai/agents?locationId=locCli`, { headers: { Authorization: 'Bearer pit-cli', Version: 'v3' } });
      assert.equal(agents.status, 500, 'faults from --faults');
      await agents.arrayBuffer();
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      assert.equal(await exit, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
