// TLS for the proxy tests: a throw-away test CA and a server certificate made with openssl at
// test time in a temporary folder (nothing secret is committed), and a TLS front that serves
// a plain-HTTP API server (test/api-server) as https.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';

export interface TestCertificates {
  /** The CA certificate's file, for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  /** The server's private key and certificate (PEM), signed by the CA. */
  readonly key: string;
  readonly cert: string;
  /** Removes the folder with the keys. */
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
    throw new Error(`openssl ${args[0]} failed (the proxy tests need the openssl command): ${detail}`);
  }
}

/** A CA valid for two days and a server certificate for `hostName` and 127.0.0.1, signed by it. */
export function makeTestCertificates(hostName: string): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voice-ai-test-ca-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Voice AI Call Logs test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${hostName}`], dir);
  fs.writeFileSync(path.join(dir, 'server.ext'), `subjectAltName=DNS:${hostName},IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'], dir);
  return {
    caFile: path.join(dir, 'ca.pem'),
    key: fs.readFileSync(path.join(dir, 'server.key'), 'utf8'),
    cert: fs.readFileSync(path.join(dir, 'server.pem'), 'utf8'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsFront {
  readonly port: number;
  stop(): Promise<void>;
}

/** Accepts TLS on 127.0.0.1 with `certificates` and relays the plain bytes to `target`. */
export async function startTlsFront(certificates: Pick<TestCertificates, 'key' | 'cert'>, target: { host: string; port: number }): Promise<TlsFront> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = tls.createServer({ key: certificates.key, cert: certificates.cert }, (socket) => {
    track(socket);
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    socket.pipe(upstream).pipe(socket);
    socket.once('close', () => upstream.destroy());
    upstream.once('close', () => socket.destroy());
  });
  // A refused handshake (an untrusted certificate) must not crash the test process.
  server.on('tlsClientError', () => undefined);
  server.on('connection', track);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
