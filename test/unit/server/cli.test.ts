import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { CliError, parseCliArgs } from '../../api-server/cli';

const CLI = path.resolve(__dirname, '../../api-server/cli.js');

describe('api server: command line', () => {
  it('prints the base URL, token and location, serves them, and stops on Ctrl+C', async () => {
    // Values after `=` that hold `=` themselves (base64 tokens, JSON) must arrive whole.
    const faults = '{"errorRate":1,"pathPrefix":"/voice-ai/agents","note":"a=b"}';
    const child = spawn(process.execPath, [CLI, '--port', '0', '--calls', '40', '--token=pit-cli==', '--location', 'locCli', '--rate-limit=5', `--faults=${faults}`, '--quiet'], {
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
      assert.match(out, /token:\s+pit-cli==\n/);
      assert.ok(out.includes(`faults:      ${faults}`), out);
      assert.match(out, /location id:\s+locCli/);
      assert.match(out, /40 call logs/);
      const res = await fetch(`${baseUrl}/voice-ai/dashboard/call-logs?locationId=locCli&pageSize=50`, {
        headers: { Authorization: 'Bearer pit-cli==', Version: '2021-07-28' },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-ratelimit-max'), '5');
      assert.equal(((await res.json()) as { total: number }).total, 40);
      const agents = await fetch(`${baseUrl}/voice-ai/agents?locationId=locCli`, { headers: { Authorization: 'Bearer pit-cli==', Version: 'v3' } });
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

describe('api server: parseCliArgs', () => {
  it('keeps everything after the first "=" of an inline value', () => {
    const options = parseCliArgs(['--faults={"pathPrefix":"/a?b=c","errorRate":0.5}', '--token=abc==', '--location=loc=1']);
    assert.deepEqual(options.faults, { pathPrefix: '/a?b=c', errorRate: 0.5 });
    assert.equal(options.token, 'abc==');
    assert.equal(options.locationId, 'loc=1');
  });

  it('reads separate and inline values alike, with the defaults for the rest', () => {
    assert.deepEqual(parseCliArgs(['--port', '0', '--calls=12', '--rate-limit', '0', '--hostile', '--quiet']), {
      port: 0,
      calls: 12,
      rateLimit: false,
      hostile: true,
      log: false,
    });
    assert.deepEqual(parseCliArgs([]), { port: 4010, log: true, hostile: false });
    assert.equal(parseCliArgs(['-h']).help, true);
  });

  it('refuses unknown options, missing or bad numbers and faults that are not a JSON object', () => {
    for (const argv of [['--prot', '1'], ['--port'], ['--port=-1'], ['--calls=x'], ['--faults', '[1]'], ['--faults={"a":'], ['extra']]) {
      assert.throws(() => parseCliArgs(argv), CliError, argv.join(' '));
    }
  });
});
