// The local API server reachable only as https://<hostName> through test proxies: a TLS front
// with a test CA on 127.0.0.1, a proxy that tunnels to it, and one that first asks for
// credentials. Shared by the client's and the MCP server's proxy tests.
import { startApiServer, type ApiServer } from '../api-server/server';
import { startTestProxy, type TestProxy, type TestProxyOptions } from './proxyServer';
import { makeTestCertificates, startTlsFront, type TestCertificates } from './tls';

export interface ProxiedApi {
  readonly certificates: TestCertificates;
  readonly api: ApiServer;
  /** Where the proxies send CONNECT <hostName>:443. */
  readonly hosts: NonNullable<TestProxyOptions['hosts']>;
  /** Tunnels without asking. */
  readonly open: TestProxy;
  /** Needs `credentials`. */
  readonly guarded: TestProxy;
  stop(): Promise<void>;
}

export async function startProxiedApi(hostName: string, credentials: { user: string; password: string }): Promise<ProxiedApi> {
  const certificates = makeTestCertificates(hostName);
  const api = await startApiServer({ port: 0, rateLimit: false, calls: 40 });
  const front = await startTlsFront(certificates, { host: '127.0.0.1', port: api.port });
  const hosts = { [`${hostName}:443`]: { host: '127.0.0.1', port: front.port } };
  const open = await startTestProxy({ hosts });
  const guarded = await startTestProxy({ hosts, auth: credentials });
  return {
    certificates,
    api,
    hosts,
    open,
    guarded,
    async stop() {
      await Promise.all([open.stop(), guarded.stop(), front.stop(), api.stop()]);
      certificates.remove();
    },
  };
}
