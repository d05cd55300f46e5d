// VS Code's proxy settings reach the extension's own transport: with http.proxy set, the
// sidebar loads through a real CONNECT proxy that needs Basic credentials, to an API host name
// only that proxy can resolve (voice-ai.proxy.test, served over TLS by a throw-away test CA that
// this extension host does not trust). Changing a proxy setting takes effect without a reload.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ApiServer } from '../api-server/server';
import { failureMessage } from '../../src/services/errors';
import type { CallsTreeNode } from '../../src/views/nodes';
import { basicAuthorization, startTestProxy, type TestProxy } from '../proxy/proxyServer';
import { makeTestCertificates, startTlsFront, type TestCertificates, type TlsFront } from '../proxy/tls';
import { AGENTS_PATH, activate, pointAt, requestsTo, resetExtension, roots, setToken, startServer, waitFor, type ExtensionExports } from './helpers';

const HOST = 'voice-ai.proxy.test';
const USER = 'proxy-user';
const PASSWORD = 'proxy-pa55word';
const HTTP_SETTINGS = ['proxy', 'proxyAuthorization', 'proxyStrictSSL', 'noProxy'] as const;

/** Writes one of VS Code's http.* settings (user level) and waits until the extension host sees it. */
async function setHttp(name: (typeof HTTP_SETTINGS)[number], value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('http').update(name, value, vscode.ConfigurationTarget.Global);
  await waitFor(() => JSON.stringify(vscode.workspace.getConfiguration('http').inspect(name)?.globalValue) === JSON.stringify(value), `http.${name} to be written`);
}

function agentCount(nodes: CallsTreeNode[]): number {
  return nodes.filter((n) => n.kind === 'agent').length;
}

describe('Proxy: VS Code http.* settings', function () {
  this.timeout(90_000);
  let server: ApiServer;
  let certificates: TestCertificates;
  let front: TlsFront;
  let proxy: TestProxy;
  let api: ExtensionExports;

  before(async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    server = await startServer();
    certificates = makeTestCertificates(HOST);
    front = await startTlsFront(certificates, { host: '127.0.0.1', port: server.port });
    proxy = await startTestProxy({ hosts: { [`${HOST}:443`]: { host: '127.0.0.1', port: front.port } }, auth: { user: USER, password: PASSWORD } });
    api = (await activate()).api;
  });

  after(async () => {
    for (const name of HTTP_SETTINGS) await setHttp(name, undefined);
    await resetExtension();
    await Promise.all([proxy?.stop(), front?.stop(), server?.stop()]);
    certificates?.remove();
  });

  it('with http.proxy, http.proxyAuthorization and http.proxyStrictSSL off, the token check and the sidebar go through the proxy', async () => {
    await setHttp('proxy', proxy.url);
    await setHttp('proxyAuthorization', basicAuthorization(USER, PASSWORD));
    await setHttp('proxyStrictSSL', false);
    await pointAt(api, { baseUrl: `https://${HOST}`, locationId: server.locationId });
    // Set API Token checks the token with one request: through the proxy too.
    const result = await setToken(server.token);
    assert.equal(result.saved, true, result.message);
    const nodes = await roots(api);
    assert.equal(agentCount(nodes), server.data.agents.length, `roots: ${nodes.map((n) => n.kind).join(', ')}`);
    assert.ok(requestsTo(server, AGENTS_PATH).length > 0, 'the API server answered');
    assert.ok(proxy.tunnels() >= 2, `${proxy.tunnels()} tunnels`);
    assert.ok(
      proxy.connects.every((c) => c.target === `${HOST}:443` && c.authorization === basicAuthorization(USER, PASSWORD)),
      JSON.stringify(proxy.connects.map((c) => [c.target, c.status])),
    );
  });

  it('a changed proxy setting applies at once: wrong credentials, strict TLS, no proxy, then the right settings again', async () => {
    // Each setting change makes the connection build a new client and the tree start over.
    const reload = (): Promise<CallsTreeNode[]> => roots(api);

    await setHttp('proxyAuthorization', basicAuthorization(USER, 'wrong-password'));
    assert.deepEqual(await reload(), []);
    assert.equal(api.callsView.provider.state, 'unreachable');
    assert.match(failureMessage(api.callsView.provider.rootError), /refused the credentials given \(407 Proxy Authentication Required\)/);
    assert.equal(proxy.connects.at(-1)?.status, 407);

    await setHttp('proxyAuthorization', basicAuthorization(USER, PASSWORD));
    await setHttp('proxyStrictSSL', true);
    assert.deepEqual(await reload(), []);
    assert.match(failureMessage(api.callsView.provider.rootError), /certificate, as seen through the proxy .* is not trusted/);
    assert.equal(proxy.connects.at(-1)?.status, 200, 'the tunnel opened; TLS inside it failed');

    // Without a proxy the host name resolves nowhere: the proxy sees nothing more.
    await setHttp('proxy', undefined);
    const connects = proxy.connects.length;
    assert.deepEqual(await reload(), []);
    assert.match(failureMessage(api.callsView.provider.rootError), /ENOTFOUND|EAI_AGAIN/);
    assert.equal(proxy.connects.length, connects);

    await setHttp('proxy', proxy.url);
    await setHttp('proxyStrictSSL', false);
    assert.equal(agentCount(await reload()), server.data.agents.length);
    assert.ok(proxy.connects.length > connects);
  });

  it('http.noProxy exempts the API host: the client connects directly', async () => {
    await setHttp('noProxy', [HOST]);
    const connects = proxy.connects.length;
    assert.deepEqual(await roots(api), []);
    assert.match(failureMessage(api.callsView.provider.rootError), /ENOTFOUND|EAI_AGAIN/);
    assert.equal(proxy.connects.length, connects);
    await setHttp('noProxy', undefined);
  });

  it('the base-URL setting takes every loopback address the client takes (127.0.0.5)', async () => {
    await pointAt(api, { baseUrl: 'http://127.0.0.5:4010', locationId: server.locationId });
    assert.equal(api.services.connection.info()?.baseUrl, 'http://127.0.0.5:4010');
  });
});
