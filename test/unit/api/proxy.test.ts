// Which proxy carries a request (pure option resolution): VS Code's options, the environment,
// their precedence, NO_PROXY matching, credentials, and the messages for proxy failures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/api/errors';
import { bypassesProxy, proxyFailure, resolveProxy, type ProxyOptions } from '../../../src/api/proxy';

const API = 'https://services.leadconnectorhq.com';
const PROXY = 'http://proxy.corp.example:3128';

const resolve = (options: ProxyOptions, target = API) => resolveProxy(target, options);

describe('proxy options: which proxy, from where', () => {
  it('no option and no environment: direct', () => {
    assert.equal(resolve({ env: {} }), undefined);
    assert.equal(resolve({ url: '  ', env: {} }), undefined);
  });

  it('the option (http.proxy) wins over every environment variable', () => {
    const proxy = resolve({ url: PROXY, source: 'http.proxy', env: { HTTPS_PROXY: 'http://other:1', https_proxy: 'http://other:2' } });
    assert.equal(proxy?.uri, PROXY);
    assert.equal(proxy?.source, 'http.proxy');
    assert.equal(proxy?.strictSSL, true);
  });

  it('the environment: https_proxy, HTTPS_PROXY, http_proxy, HTTP_PROXY in that order', () => {
    const all = { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2', http_proxy: 'http://c:3', HTTP_PROXY: 'http://d:4' };
    const order: [Record<string, string>, string, string][] = [
      [all, 'http://a:1', 'https_proxy'],
      [{ ...all, https_proxy: '' }, 'http://b:2', 'HTTPS_PROXY'],
      [{ http_proxy: 'http://c:3', HTTP_PROXY: 'http://d:4' }, 'http://c:3', 'http_proxy'],
      [{ HTTP_PROXY: 'http://d:4' }, 'http://d:4', 'HTTP_PROXY'],
    ];
    for (const [env, uri, source] of order) {
      const proxy = resolve({ env });
      assert.deepEqual([proxy?.uri, proxy?.source], [uri, source], JSON.stringify(env));
    }
  });

  it('a proxy without a scheme means http; other schemes and garbage are refused without echoing credentials', () => {
    assert.equal(resolve({ env: { HTTPS_PROXY: 'proxy.corp.example:3128' } })?.uri, PROXY);
    assert.equal(resolve({ url: 'https://secure-proxy.example:8443/' })?.uri, 'https://secure-proxy.example:8443');
    const refused = (options: ProxyOptions, pattern: RegExp) =>
      assert.throws(() => resolve(options), (e: unknown) => e instanceof ApiError && e.kind === 'invalidInput' && pattern.test(e.message) && !e.message.includes('s3cret'));
    refused({ url: 'socks5://user:s3cret@proxy:1080' }, /socks5:\/\/proxy:1080 \(from the proxy option\) is not supported/);
    refused({ env: { HTTPS_PROXY: 'http://user:s3cret@[bad' } }, /The proxy address from HTTPS_PROXY is not a valid URL/);
  });

  it('loopback targets never go through a proxy (the sample server, a local gateway)', () => {
    for (const target of ['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010', 'http://127.0.0.9:1']) {
      assert.equal(resolve({ url: PROXY, env: { HTTPS_PROXY: PROXY } }, target), undefined, target);
    }
  });

  it('http.noProxy, when not empty, replaces NO_PROXY; otherwise NO_PROXY / no_proxy apply', () => {
    assert.equal(resolve({ url: PROXY, noProxy: ['leadconnectorhq.com'], env: {} }), undefined);
    assert.ok(resolve({ url: PROXY, noProxy: ['intranet.example'], env: { NO_PROXY: 'leadconnectorhq.com' } }), 'the option replaces NO_PROXY');
    assert.equal(resolve({ url: PROXY, noProxy: [], env: { NO_PROXY: 'leadconnectorhq.com' } }), undefined);
    assert.equal(resolve({ url: PROXY, noProxy: [' '], env: { no_proxy: 'intranet.example services.leadconnectorhq.com' } }), undefined);
    assert.equal(resolve({ env: { HTTPS_PROXY: PROXY, NO_PROXY: '*' } }), undefined);
  });

  it('credentials: from the URL (decoded) as Basic, or the authorization value, which wins; both are secrets', () => {
    const fromUrl = resolve({ url: 'http://al%40ice:p%3Ass@proxy.corp.example:3128' });
    assert.equal(fromUrl?.uri, PROXY, 'no credentials in the uri');
    assert.equal(fromUrl?.authorization, `Basic ${Buffer.from('al@ice:p:ss').toString('base64')}`);
    assert.ok(fromUrl?.secrets.includes('p:ss') && fromUrl.secrets.includes('p%3Ass'));
    assert.ok(fromUrl?.secrets.includes(fromUrl.authorization ?? '-'));

    const header = resolve({ url: 'http://al:wrong@proxy.corp.example:3128', authorization: ' Negotiate abc123== ' });
    assert.equal(header?.authorization, 'Negotiate abc123==');
    assert.ok(header?.secrets.includes('abc123==') && header.secrets.includes('Negotiate abc123==') && header.secrets.includes('wrong'));

    const none = resolve({ url: PROXY });
    assert.equal(none?.authorization, undefined);
    assert.deepEqual(none?.secrets, []);
  });

  it('strictSSL is on unless set to false', () => {
    assert.equal(resolve({ url: PROXY, strictSSL: false })?.strictSSL, false);
    assert.equal(resolve({ url: PROXY, strictSSL: true })?.strictSSL, true);
  });
});

describe('proxy options: NO_PROXY entries', () => {
  const cases: [string[], string, number, boolean][] = [
    [['example.com'], 'example.com', 443, true],
    [['example.com'], 'api.example.com', 443, true],
    [['example.com'], 'notexample.com', 443, false],
    [['.example.com'], 'example.com', 443, true],
    [['.example.com'], 'a.b.example.com', 443, true],
    [['*.example.com'], 'api.example.com', 443, true],
    [['EXAMPLE.com.'], 'Api.Example.COM', 443, true],
    [['example.com:443'], 'example.com', 443, true],
    [['example.com:8443'], 'example.com', 443, false],
    [['*'], 'anything.example', 443, true],
    [['', ' '], 'example.com', 443, false],
    [['10.1.2.3'], '10.1.2.3', 443, true],
    [['10.0.0.0/8'], '10.200.3.4', 443, true],
    [['10.0.0.0/8'], '11.0.0.1', 443, false],
    [['10.0.0.0/8'], 'ten.example', 443, false],
    [['fd00::/8'], '[fd12::1]', 443, true],
    [['[fd12::1]:443'], '[fd12::1]', 443, true],
    [['fd12::1'], '[fd12::1]', 443, true],
    [['10.0.0.0/abc', 'nonsense/'], '10.0.0.1', 443, false],
  ];
  for (const [entries, host, port, bypass] of cases) {
    it(`${JSON.stringify(entries)} ${bypass ? 'exempts' : 'does not exempt'} ${host}:${port}`, () => {
      assert.equal(bypassesProxy(entries, host, port), bypass);
    });
  }
});

describe('proxy options: what a failure through the proxy says', () => {
  const proxy = resolveProxy(API, { url: PROXY, source: 'http.proxy' });
  assert.ok(proxy);
  const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

  it('407 without credentials asks for them; with credentials says they were refused', () => {
    const tunnel = new Error('Proxy response (407) !== 200 when HTTP Tunneling');
    assert.match(proxyFailure(tunnel, proxy) ?? '', /^the proxy http:\/\/proxy\.corp\.example:3128 \(from http\.proxy\) asks for a user name and password \(407/);
    const withAuth = resolveProxy(API, { url: PROXY, authorization: 'Basic eHg6eXk=' });
    assert.ok(withAuth);
    assert.match(proxyFailure(new Error('x', { cause: tunnel }), withAuth) ?? '', /refused the credentials given \(407/);
  });

  it('other CONNECT refusals, certificates and an unreachable proxy each get their advice', () => {
    assert.match(proxyFailure(new Error('Proxy response (403) !== 200 when HTTP Tunneling'), proxy) ?? '', /would not open a connection to the API \(403, forbidden by the proxy\)/);
    assert.match(proxyFailure(new Error('Proxy response (502) !== 200 when HTTP Tunneling'), proxy) ?? '', /\(502, the proxy could not reach the API\)/);
    assert.match(proxyFailure(withCode('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'), proxy) ?? '', /not trusted \(SELF_SIGNED_CERT_IN_CHAIN\).*http\.proxyStrictSSL/);
    assert.match(proxyFailure(withCode('connect ECONNREFUSED', 'ECONNREFUSED'), proxy) ?? '', /cannot be reached \(ECONNREFUSED\)/);
    assert.equal(proxyFailure(withCode('other side closed', 'UND_ERR_SOCKET'), proxy), undefined);
  });
});
