// The client through a REAL HTTP CONNECT proxy (test/proxy/proxyServer.ts) to the local API
// server served over TLS by a test CA. The API's host name, voice-ai.proxy.test, resolves
// nowhere but in the proxy: an answer proves the request went through it, and the proxy counts
// the tunnels it opened. Runs that need an environment (HTTPS_PROXY, NO_PROXY, and
// NODE_EXTRA_CA_CERTS, which Node reads only at start) run the client in a child process.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { VoiceAiClient } from '../../../src/api/client';
import { ApiError } from '../../../src/api/errors';
import { MAX_CONNECTIONS } from '../../../src/api/transport';
import type { ApiServer } from '../../api-server/server';
import type { ClientResult, ClientRun } from '../../proxy/clientChild';
import { basicAuthorization, startTestProxy, type TestProxy } from '../../proxy/proxyServer';
import { startProxiedApi, type ProxiedApi } from '../../proxy/proxiedApi';
import type { TestCertificates } from '../../proxy/tls';

const HOST = 'voice-ai.proxy.test';
const BASE_URL = `https://${HOST}`;
const USER = 'alice';
const PASSWORD = 'pr0xy-pa55word';
const CHILD = path.resolve(__dirname, '../../proxy/clientChild.js');
const run = promisify(execFile);

let certificates: TestCertificates;
let api: ApiServer;
let proxied: ProxiedApi;
/** Needs no credentials. */
let open: TestProxy;
/** Needs alice's credentials. */
let guarded: TestProxy;
/** An https:// proxy (TLS to the proxy, then TLS to the API inside the tunnel). */
let secure: TestProxy;
const clients: VoiceAiClient[] = [];

before(async () => {
  proxied = await startProxiedApi(HOST, { user: USER, password: PASSWORD });
  ({ certificates, api, open, guarded } = proxied);
  secure = await startTestProxy({ hosts: proxied.hosts, tls: certificates, auth: { user: USER, password: PASSWORD } });
});

after(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await Promise.all([secure?.stop(), proxied?.stop()]);
});

/** The client in a child process with exactly `env` (nothing inherited but PATH). */
async function inChild(env: Record<string, string>, proxy?: ClientRun['proxy']): Promise<ClientResult> {
  const input: ClientRun = { baseUrl: BASE_URL, token: api.token, locationId: api.locationId, proxy };
  const { stdout } = await run(process.execPath, [CHILD, JSON.stringify(input)], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ClientResult;
}

const trusted = (): Record<string, string> => ({ NODE_EXTRA_CA_CERTS: certificates.caFile });

/** Runs `action` and returns the CONNECTs `proxy` received meanwhile. */
async function connectsDuring<T>(proxy: TestProxy, action: () => Promise<T>): Promise<{ result: T; connects: TestProxy['connects'] }> {
  const before = proxy.connects.length;
  const result = await action();
  return { result, connects: proxy.connects.slice(before) };
}

function agentRequests(): number {
  return api.requests.filter((r) => r.path === '/voice-ai/agents').length;
}

describe('proxy: the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower-case too)', () => {
  it('HTTPS_PROXY carries the requests through a CONNECT tunnel, TLS checked against NODE_EXTRA_CA_CERTS', async () => {
    const served = agentRequests();
    const { result, connects } = await connectsDuring(open, () => inChild({ ...trusted(), HTTPS_PROXY: open.url }));
    assert.equal(result.ok, true, result.message);
    assert.equal(result.agents, api.data.agents.length);
    assert.equal(result.route, `through the proxy ${open.url} (from HTTPS_PROXY)`);
    assert.deepEqual(connects.map((c) => [c.target, c.status]), [[`${HOST}:443`, 200]]);
    assert.ok(agentRequests() > served, 'the API server answered');
  });

  it('https_proxy wins over HTTPS_PROXY, and HTTP_PROXY / http_proxy serve https when no HTTPS proxy is set', async () => {
    const dead = 'http://127.0.0.1:1';
    const envs: Record<string, string>[] = [
      { https_proxy: open.url, HTTPS_PROXY: dead },
      { HTTP_PROXY: open.url },
      { http_proxy: open.url, HTTP_PROXY: dead },
    ];
    for (const env of envs) {
      const { result, connects } = await connectsDuring(open, () => inChild({ ...trusted(), ...env }));
      assert.equal(result.ok, true, `${JSON.stringify(env)}: ${result.message}`);
      assert.equal(connects.length, 1, JSON.stringify(env));
    }
  });

  it('NO_PROXY / no_proxy exempt a host: the client connects directly (the name resolves nowhere) and the proxy sees nothing', async () => {
    const envs: Record<string, string>[] = [{ NO_PROXY: 'example.com, .proxy.test' }, { no_proxy: `${HOST}:443` }];
    for (const env of envs) {
      const { result, connects } = await connectsDuring(open, () => inChild({ ...trusted(), HTTPS_PROXY: open.url, ...env }));
      assert.equal(result.ok, false, JSON.stringify(env));
      assert.equal(result.kind, 'network');
      assert.equal(result.route, 'directly');
      assert.match(result.message ?? '', /ENOTFOUND|EAI_AGAIN/);
      assert.equal(connects.length, 0, JSON.stringify(env));
    }
    // A NO_PROXY entry for another port does not exempt it.
    const { result } = await connectsDuring(open, () => inChild({ ...trusted(), HTTPS_PROXY: open.url, NO_PROXY: `${HOST}:8443` }));
    assert.equal(result.ok, true, result.message);
  });

  it('an unreachable proxy is named in the error, not mistaken for the API', async () => {
    const result = await inChild({ ...trusted(), HTTPS_PROXY: 'http://127.0.0.1:1' });
    assert.equal(result.ok, false);
    assert.equal(result.kind, 'network');
    assert.match(result.message ?? '', /the proxy http:\/\/127\.0\.0\.1:1 \(from HTTPS_PROXY\) cannot be reached \(ECONNREFUSED\)/);
  });
});

describe('proxy: the options VS Code passes (http.proxy, http.noProxy, http.proxyAuthorization)', () => {
  it('the proxy option wins over HTTPS_PROXY', async () => {
    const { result, connects } = await connectsDuring(open, () => inChild({ ...trusted(), HTTPS_PROXY: 'http://127.0.0.1:1' }, { url: open.url, source: 'http.proxy' }));
    assert.equal(result.ok, true, result.message);
    assert.equal(result.route, `through the proxy ${open.url} (from http.proxy)`);
    assert.equal(connects.length, 1);
  });

  it('http.noProxy exempts a host, and when set it replaces NO_PROXY', async () => {
    const exempt = await connectsDuring(open, () => inChild(trusted(), { url: open.url, noProxy: ['*.proxy.test'] }));
    assert.equal(exempt.result.route, 'directly');
    assert.equal(exempt.result.ok, false);
    assert.equal(exempt.connects.length, 0);
    const replaced = await connectsDuring(open, () => inChild({ ...trusted(), NO_PROXY: HOST }, { url: open.url, noProxy: ['intranet.example'] }));
    assert.equal(replaced.result.ok, true, replaced.result.message);
    assert.equal(replaced.connects.length, 1);
  });

  it('a proxy that needs credentials: 407 without them, with a clear message; the URL credentials or the authorization value open it', async () => {
    const missing = await connectsDuring(guarded, () => inChild(trusted(), { url: guarded.url }));
    assert.equal(missing.result.ok, false);
    assert.equal(missing.result.kind, 'network');
    assert.match(missing.result.message ?? '', /the proxy http:\/\/127\.0\.0\.1:\d+ \(from the proxy option\) asks for a user name and password \(407 Proxy Authentication Required\)/);
    assert.match(missing.result.message ?? '', /http:\/\/user:password@host:port.*http\.proxyAuthorization/);
    assert.deepEqual(missing.connects.map((c) => c.status), [407]);

    const withUrl = new URL(guarded.url);
    withUrl.username = USER;
    withUrl.password = PASSWORD;
    const inUrl = await connectsDuring(guarded, () => inChild(trusted(), { url: withUrl.href }));
    assert.equal(inUrl.result.ok, true, inUrl.result.message);
    assert.equal(inUrl.result.route, `through the proxy ${guarded.url} (from the proxy option)`, 'the route shows no credentials');
    assert.deepEqual(inUrl.connects.map((c) => [c.status, c.authorization]), [[200, basicAuthorization(USER, PASSWORD)]]);

    // The environment's proxy URL may carry them too.
    const inEnv = await inChild({ ...trusted(), HTTPS_PROXY: withUrl.href });
    assert.equal(inEnv.ok, true, inEnv.message);

    // http.proxyAuthorization is sent as is, and wins over credentials in the URL.
    const wrongUrl = new URL(withUrl);
    wrongUrl.password = 'not-the-password';
    const header = await connectsDuring(guarded, () => inChild(trusted(), { url: wrongUrl.href, authorization: basicAuthorization(USER, PASSWORD) }));
    assert.equal(header.result.ok, true, header.result.message);
    assert.deepEqual(header.connects.map((c) => c.authorization), [basicAuthorization(USER, PASSWORD)]);
  });

  it('wrong credentials: an actionable error that shows neither the password nor the Proxy-Authorization value', async () => {
    const wrongPassword = 'wr0ng-pa55word';
    const url = new URL(guarded.url);
    url.username = USER;
    url.password = wrongPassword;
    for (const proxy of [{ url: url.href }, { url: guarded.url, authorization: basicAuthorization(USER, wrongPassword) }]) {
      const { result, connects } = await connectsDuring(guarded, () => inChild(trusted(), proxy));
      assert.equal(result.ok, false);
      assert.match(result.message ?? '', /refused the credentials given \(407 Proxy Authentication Required\)\. Put the right ones in the proxy URL/);
      assert.deepEqual(connects.map((c) => c.status), [407]);
      const shown = JSON.stringify(result);
      for (const secret of [wrongPassword, basicAuthorization(USER, wrongPassword), basicAuthorization(USER, wrongPassword).slice(6)]) {
        assert.ok(!shown.includes(secret), `${secret} appears in ${shown}`);
      }
      assert.equal(result.log.length, 1, 'logged once, not retried');
    }
  });
});

describe('proxy: TLS through the tunnel (http.proxyStrictSSL)', () => {
  it('strict (the default): a certificate the process does not trust fails with advice, after the tunnel opened', async () => {
    const served = agentRequests();
    const { result, connects } = await connectsDuring(open, () => inChild({ HTTPS_PROXY: open.url }));
    assert.equal(result.ok, false);
    assert.equal(result.kind, 'network');
    assert.match(result.message ?? '', /the API's certificate, as seen through the proxy .* is not trusted \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/);
    assert.match(result.message ?? '', /NODE_EXTRA_CA_CERTS.*http\.proxyStrictSSL/);
    assert.deepEqual(connects.map((c) => c.status), [200]);
    assert.equal(agentRequests(), served, 'nothing reached the API');
  });

  it('strictSSL false accepts the untrusted certificate through the proxy', async () => {
    const { result, connects } = await connectsDuring(open, () => inChild({ HTTPS_PROXY: open.url }, { strictSSL: false }));
    assert.equal(result.ok, true, result.message);
    assert.equal(connects.length, 1);
  });
});

describe('proxy: an https:// proxy', () => {
  it("TLS to the proxy is checked like the API's: trusted CA works, an untrusted one fails unless strictSSL is false", async () => {
    const url = new URL(secure.url);
    url.username = USER;
    url.password = PASSWORD;
    const ok = await connectsDuring(secure, () => inChild({ ...trusted(), HTTPS_PROXY: url.href }));
    assert.equal(ok.result.ok, true, ok.result.message);
    assert.deepEqual(ok.connects.map((c) => c.status), [200]);

    const untrusted = await connectsDuring(secure, () => inChild({ HTTPS_PROXY: url.href }));
    assert.equal(untrusted.result.ok, false);
    assert.match(untrusted.result.message ?? '', /the certificate of the proxy https:\/\/127\.0\.0\.1:\d+ \(from HTTPS_PROXY\) or of the API through it is not trusted/);
    assert.equal(untrusted.connects.length, 0, 'no CONNECT over an untrusted TLS connection');

    const lax = await connectsDuring(secure, () => inChild({ HTTPS_PROXY: url.href }, { strictSSL: false }));
    assert.equal(lax.result.ok, true, lax.result.message);
    assert.equal(lax.connects.length, 1);
  });
});

describe('proxy: the pool through the tunnel', () => {
  function client(): VoiceAiClient {
    const c = new VoiceAiClient({
      baseUrl: BASE_URL,
      token: api.token,
      locationId: api.locationId,
      rateLimit: false,
      proxy: { url: open.url, strictSSL: false, env: {} },
    });
    clients.push(c);
    return c;
  }

  it('keeps its tunnels alive across requests, and opens at most 24 (MAX_CONNECTIONS) however many run at once', async () => {
    const c = client();
    const agentId = api.data.agents[0].id;
    // undici's pool opens a second connection for the request right after the first (as it
    // does without a proxy); after that, requests reuse the open tunnels.
    const sequential = await connectsDuring(open, async () => {
      for (let i = 0; i < 8; i++) await c.getAgent(agentId);
    });
    assert.ok(sequential.connects.length <= 2, `${sequential.connects.length} tunnels for 8 requests in a row`);

    api.setFaults({ latencyMs: 150 });
    try {
      const concurrent = await connectsDuring(open, () => Promise.all(Array.from({ length: 40 }, () => c.getAgent(agentId))));
      const total = sequential.connects.length + concurrent.connects.length;
      assert.ok(concurrent.connects.length >= 2 && total <= MAX_CONNECTIONS, `${total} tunnels in all`);
    } finally {
      api.setFaults({});
    }
  });

  it('the per-attempt timeout and the retries work through the proxy', async () => {
    const c = new VoiceAiClient({
      baseUrl: BASE_URL,
      token: api.token,
      locationId: api.locationId,
      rateLimit: false,
      timeoutMs: 300,
      maxRetries: 1,
      retryBackoff: { baseMs: 10, maxMs: 20 },
      proxy: { url: open.url, strictSSL: false, env: {} },
    });
    clients.push(c);
    api.setFaults({ latencyMs: 1000 });
    try {
      await assert.rejects(c.getAgent(api.data.agents[0].id), (e: unknown) => e instanceof ApiError && e.kind === 'timeout');
      api.setFaults({ errorRate: 1, errorStatus: 503 });
      const log: number[] = [];
      const retried = new VoiceAiClient({
        baseUrl: BASE_URL,
        token: api.token,
        locationId: api.locationId,
        rateLimit: false,
        maxRetries: 2,
        retryBackoff: { baseMs: 10, maxMs: 20 },
        onRequest: (e) => log.push(e.status ?? 0),
        proxy: { url: open.url, strictSSL: false, env: {} },
      });
      clients.push(retried);
      await assert.rejects(retried.getAgent(api.data.agents[0].id), (e: unknown) => e instanceof ApiError && e.kind === 'server');
      assert.deepEqual(log, [503, 503, 503]);
    } finally {
      api.setFaults({});
    }
  });
});
