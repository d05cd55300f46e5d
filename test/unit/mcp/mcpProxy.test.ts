// The MCP server behind a proxy, as an MCP client starts it: VS Code's proxy settings reach it
// in its environment (VOICE_AI_PROXY, VOICE_AI_NO_PROXY, VOICE_AI_PROXY_STRICT_SSL,
// VOICE_AI_PROXY_AUTHORIZATION; src/lm/mcpProvider.ts sets them), and elsewhere HTTPS_PROXY /
// NO_PROXY. The API is the local server behind a TLS front whose host name (voice-ai.proxy.test)
// resolves nowhere but in the REAL test proxy (test/proxy/proxyServer.ts): an answer proves the
// request went through it, and the proxy records each tunnel and its credentials.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiServer } from '../../api-server/server';
import { basicAuthorization, type TestProxy } from '../../proxy/proxyServer';
import { startProxiedApi, type ProxiedApi } from '../../proxy/proxiedApi';
import type { TestCertificates } from '../../proxy/tls';
import { buildMcpServer, callTool, connectMcp, type BuiltServer } from '../../mcp/harness';

const HOST = 'voice-ai.proxy.test';
const USER = 'alice';
const PASSWORD = 'pr0xy-pa55word';

let built: BuiltServer;
let certificates: TestCertificates;
let api: ApiServer;
let proxied: ProxiedApi;
let open: TestProxy;
let guarded: TestProxy;

before(async () => {
  built = await buildMcpServer();
  proxied = await startProxiedApi(HOST, { user: USER, password: PASSWORD });
  ({ certificates, api, open, guarded } = proxied);
});

after(async () => {
  await proxied?.stop();
  built?.remove();
});

/** The account behind the proxy; the test CA trusted unless `untrusted`. */
function account(extra: Record<string, string>, untrusted = false): Record<string, string> {
  return {
    VOICE_AI_TOKEN: api.token,
    VOICE_AI_LOCATION_ID: api.locationId,
    VOICE_AI_BASE_URL: `https://${HOST}`,
    VOICE_AI_TIME_ZONE: 'UTC',
    ...(untrusted ? {} : { NODE_EXTRA_CA_CERTS: certificates.caFile }),
    ...extra,
  };
}

/** One search through the MCP server; the CONNECTs `proxy` received meanwhile, and the server's log. */
async function searchThrough(proxy: TestProxy, env: Record<string, string>): Promise<{ text: string; isError: boolean; connects: TestProxy['connects']; stderr: string }> {
  const before = proxy.connects.length;
  const { client, stderr } = await connectMcp(built.file, env);
  try {
    const answer = await callTool(client, 'voiceAi_searchCalls', { pageSize: 2 });
    return { ...answer, connects: proxy.connects.slice(before), stderr: stderr() };
  } finally {
    await client.close();
  }
}

describe('MCP server behind a proxy', () => {
  it("VS Code's proxy with its Proxy-Authorization (VOICE_AI_PROXY, VOICE_AI_PROXY_AUTHORIZATION) carries the requests", async () => {
    const authorization = basicAuthorization(USER, PASSWORD);
    const result = await searchThrough(guarded, account({ VOICE_AI_PROXY: guarded.url, VOICE_AI_PROXY_AUTHORIZATION: authorization }));
    assert.equal(result.isError, false, result.text);
    assert.match(result.text, new RegExp(`^Calls 1–2 of ${api.data.callLogs.length} `));
    assert.ok(result.connects.length > 0 && result.connects.every((c) => c.target === `${HOST}:443` && c.status === 200 && c.authorization === authorization), JSON.stringify(result.connects));
    for (const text of [result.text, result.stderr]) {
      assert.ok(!text.includes(authorization.slice(6)) && !text.includes(PASSWORD), 'the proxy credentials are in an answer or the log');
    }
  });

  it('VOICE_AI_PROXY with the credentials in its URL; without them the answer says the proxy wants them, without the token', async () => {
    const withUser = await searchThrough(guarded, account({ VOICE_AI_PROXY: guarded.url.replace('://', `://${USER}:${PASSWORD}@`) }));
    assert.equal(withUser.isError, false, withUser.text);
    assert.ok(withUser.connects.some((c) => c.status === 200));
    assert.ok(!withUser.stderr.includes(PASSWORD), 'the password is in the log');

    const without = await searchThrough(guarded, account({ VOICE_AI_PROXY: guarded.url }));
    assert.equal(without.isError, true);
    assert.match(without.text, /407 Proxy Authentication Required/);
    assert.ok(!without.text.includes(api.token));
  });

  it('VOICE_AI_PROXY_STRICT_SSL=false (http.proxyStrictSSL off) accepts a certificate this Node does not trust; strict, it is refused', async () => {
    const strict = await searchThrough(open, account({ VOICE_AI_PROXY: open.url }, true));
    assert.equal(strict.isError, true);
    assert.match(strict.text, /is not trusted/);
    const lax = await searchThrough(open, account({ VOICE_AI_PROXY: open.url, VOICE_AI_PROXY_STRICT_SSL: 'false' }, true));
    assert.equal(lax.isError, false, lax.text);
    assert.ok(lax.connects.some((c) => c.status === 200));
  });

  it('VOICE_AI_NO_PROXY exempts the API host (it is then reached directly: the name resolves nowhere)', async () => {
    const result = await searchThrough(open, account({ VOICE_AI_PROXY: open.url, VOICE_AI_NO_PROXY: `example.com,.proxy.test` }));
    assert.equal(result.isError, true);
    assert.deepEqual(result.connects, []);
  });

  it('outside VS Code: HTTPS_PROXY and NO_PROXY of its environment', async () => {
    const result = await searchThrough(open, account({ HTTPS_PROXY: open.url }));
    assert.equal(result.isError, false, result.text);
    assert.ok(result.connects.some((c) => c.status === 200));
    const exempt = await searchThrough(open, account({ HTTPS_PROXY: open.url, NO_PROXY: HOST }));
    assert.equal(exempt.isError, true);
    assert.deepEqual(exempt.connects, []);
  });
});
