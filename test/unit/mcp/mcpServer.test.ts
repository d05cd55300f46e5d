// The MCP server as an MCP client meets it: bundled by esbuild as for the VSIX, started over
// stdio by the official SDK's own Client, against the local API server. Its tools are listed
// with their schemas, each answers, a missing token and a refused one give tool errors (not a
// crash), and 20 tool calls at once stay within the API's rate limit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApiServer, type ApiServer } from '../../api-server/server';
import { TOOL_DEFINITIONS } from '../../../src/assistant';
import { buildMcpServer, callTool as call, connectMcp, envFor as accountEnv, type BuiltServer } from '../../mcp/harness';

const ZONE = 'America/Chicago';

let built: BuiltServer;

before(async () => {
  built = await buildMcpServer();
});

after(() => built.remove());

const connect = (env: Record<string, string>) => connectMcp(built.file, env);
const envFor = (server: ApiServer, extra: Record<string, string> = {}) => accountEnv(server, ZONE, extra);

describe('MCP server over stdio (SDK client)', () => {
  it('lists the three tools with the schemas the Language Model Tools declare, and answers each', async () => {
    const server = await startApiServer({ port: 0, calls: 400, rateLimit: false });
    const { client } = await connect(envFor(server));
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        TOOL_DEFINITIONS.map((t) => t.name),
      );
      for (const tool of tools) {
        const def = TOOL_DEFINITIONS.find((t) => t.name === tool.name);
        assert.equal(tool.description, def?.description);
        assert.deepEqual(tool.inputSchema, def?.inputSchema);
        assert.equal(tool.annotations?.readOnlyHint, true);
      }

      const agent = server.data.agents[0];
      const expected = server.data.callLogs.filter((c) => c.agentId === agent.id);
      const search = await call(client, 'voiceAi_searchCalls', { agent: agent.id, pageSize: 5 });
      assert.equal(search.isError, false, search.text);
      assert.match(search.text, new RegExp(`^Calls 1–5 of ${expected.length} \\(page 1 of ${Math.ceil(expected.length / 5)}\\)`));
      const newest = [...expected].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1))[0];
      assert.match(search.text, new RegExp(`^1\\. callId ${newest.id} · `, 'm'));
      assert.match(search.text, /voiceAi_searchCalls with the same input and page: 2/);

      const one = await call(client, 'voiceAi_getCall', { callId: newest.id });
      assert.equal(one.isError, false, one.text);
      assert.match(one.text, new RegExp(`^Call ${newest.id} · `));
      assert.match(one.text, /^Transcript \(\d+ turns/m);

      const stats = await call(client, 'voiceAi_callStats', { range: 'last30' });
      assert.equal(stats.isError, false, stats.text);
      const last30 = await call(client, 'voiceAi_searchCalls', { range: 'last30', pageSize: 1 });
      const total = /^Calls 1–1 of ([\d,]+)/.exec(last30.text)?.[1];
      assert.ok(total, last30.text);
      assert.match(stats.text, new RegExp(`^Calls: ${total} \\(`, 'm'));

      const bad = await call(client, 'voiceAi_searchCalls', { pageSize: 500, color: 'red' });
      assert.equal(bad.isError, true);
      assert.match(bad.text, /^Invalid input for voiceAi_searchCalls: Unknown input property "color"/);

      const text = await call(client, 'voiceAi_searchCalls', { text: 'refund' });
      assert.equal(text.isError, true);
      assert.match(text.text, /needs the local call store/);

      for (const answer of [search, one, stats, bad, text]) assert.ok(!answer.text.includes(server.token), 'an answer holds the token');
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('starts and lists its tools without a token; each call says how to provide one', async () => {
    const { client } = await connect({ VOICE_AI_LOCATION_ID: 'loc1' });
    try {
      assert.equal((await client.listTools()).tools.length, 3);
      for (const def of TOOL_DEFINITIONS) {
        const answer = await call(client, def.name, def.name === 'voiceAi_getCall' ? { callId: 'abc' } : {});
        assert.equal(answer.isError, true);
        assert.match(answer.text, /^No API token is set, so no call can be read\. Set VOICE_AI_TOKEN /);
      }
    } finally {
      await client.close();
    }
  });

  it('a refused token (401) is a tool error that says so, without the token', async () => {
    const server = await startApiServer({ port: 0, calls: 50, rateLimit: false });
    const wrong = 'pit-wrong-token-0123456789';
    const { client, stderr } = await connect(envFor(server, { VOICE_AI_TOKEN: wrong }));
    try {
      const answer = await call(client, 'voiceAi_searchCalls', {});
      assert.equal(answer.isError, true);
      assert.match(answer.text, /refused the token \(401\)/);
      assert.match(answer.text, /Set a valid token in VOICE_AI_TOKEN/);
      assert.ok(!answer.text.includes(wrong));
      // Still serving after the failure.
      assert.equal((await call(client, 'voiceAi_getCall', { callId: 'x1' })).isError, true);
      assert.ok(!stderr().includes(wrong), 'the log holds the token');
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('keeps 20 concurrent tool calls within the rate limit (100 requests per 10 s)', async () => {
    // 4,000 calls over 90 days: a week's report reads about 7 pages, so 20 reports need more
    // requests than one window of the API's limit allows.
    const server = await startApiServer({ port: 0, calls: 4000, rateLimit: { max: 100, intervalMs: 10_000 } });
    const { client } = await connect(envFor(server));
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => call(client, 'voiceAi_callStats', { range: 'last7' })));
      for (const answer of answers) assert.equal(answer.isError, false, answer.text);
      assert.equal(new Set(answers.map((a) => a.text.split('\n')[1])).size, 1, 'the same figures every time');
      const requests = server.requests;
      assert.ok(requests.length > 100, `only ${requests.length} requests: the test would not reach the limit`);
      assert.deepEqual(requests.filter((r) => r.status === 429), [], 'the server refused requests');
      const times = requests.map((r) => r.at).sort((a, b) => a - b);
      let most = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i] - times[j] >= 10_000) j++;
        most = Math.max(most, i - j + 1);
      }
      assert.ok(most <= 100, `${most} requests within 10 s`);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});

describe('MCP server with a store file on a Node without node:sqlite', () => {
  it('reads the API as if no file were named, and says why in its log', { skip: process.getBuiltinModule?.('node:sqlite') !== undefined && 'this Node has node:sqlite (test/store covers the store)' }, async () => {
    const server = await startApiServer({ port: 0, calls: 60, rateLimit: false });
    const { client, stderr } = await connect(envFor(server, { VOICE_AI_STORE_FILE: '/nonexistent/calls.sqlite' }));
    try {
      const stats = await call(client, 'voiceAi_callStats', { range: 'last30' });
      assert.equal(stats.isError, false, stats.text);
      assert.match(stats.text, /Source: the Voice AI API\./);
      assert.match(stderr(), /Local call store not used \(the tools read the API\): this Node.js \(v\d+[^)]*\) has no built-in SQLite/);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
