// A real HTTP CONNECT proxy on 127.0.0.1 for the tests, as a corporate proxy behaves: it opens
// tunnels (CONNECT host:port), may require Basic credentials (407 without the right ones), and
// resolves host names itself, so that a name only it knows (voice-ai.proxy.test) proves that a
// request went through it. It records every CONNECT it was asked for.
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TestProxyOptions {
  /** Require these credentials (Proxy-Authorization: Basic …); 407 without them. */
  auth?: { user: string; password: string };
  /** "host:port" as asked in CONNECT → where the proxy really connects. Other targets get 502. */
  hosts?: Record<string, { host: string; port: number }>;
  /** Serve the proxy itself over TLS (an https:// proxy) with this key and certificate. */
  tls?: { key: string; cert: string };
}

export interface ConnectRecord {
  /** The CONNECT target, e.g. "voice-ai.proxy.test:443". */
  target: string;
  /** The Proxy-Authorization header as received. */
  authorization?: string;
  /** What the proxy answered: 200 (tunnel open), 407, 502. */
  status: number;
}

export interface TestProxy {
  /** http://127.0.0.1:<port> (https:// with `tls`), without credentials. */
  readonly url: string;
  readonly port: number;
  readonly connects: ConnectRecord[];
  /** CONNECTs answered 200. */
  tunnels(): number;
  stop(): Promise<void>;
}

/** The Proxy-Authorization value for Basic credentials. */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export async function startTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const connects: ConnectRecord[] = [];
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const expected = options.auth ? basicAuthorization(options.auth.user, options.auth.password) : undefined;

  // Only tunnels: a plain request to the proxy is a mistake in the test.
  const onRequest = (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(405, { 'content-type': 'text/plain' });
    res.end('This test proxy only answers CONNECT.\n');
  };
  const server = options.tls ? https.createServer(options.tls, onRequest) : http.createServer(onRequest);
  server.on('connection', track);
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    const authorization = req.headers['proxy-authorization'];
    const record: ConnectRecord = { target, authorization, status: 0 };
    connects.push(record);
    const answer = (status: number, text: string, extra = ''): void => {
      record.status = status;
      client.end(`HTTP/1.1 ${status} ${text}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    if (expected !== undefined && authorization !== expected) {
      answer(407, 'Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="voice-ai test proxy"\r\n');
      return;
    }
    const to = options.hosts?.[target];
    if (!to) {
      answer(502, 'Bad Gateway');
      return;
    }
    const upstream = net.connect(to.port, to.host);
    track(upstream);
    upstream.once('error', () => {
      if (record.status === 0) answer(502, 'Bad Gateway');
      else client.destroy();
    });
    upstream.once('connect', () => {
      record.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    connects,
    tunnels: () => connects.filter((c) => c.status === 200).length,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
