// Runs the real client in a process of its own, so that a test can give it an environment
// (HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS, which Node reads only at start). Takes a
// ClientRun as JSON in argv[2], lists the agents once and prints one ClientResult as JSON.
import { VoiceAiClient, type ProxyOptions, type RequestLogEntry } from '../../src/api/client';
import { ApiError } from '../../src/api/errors';

export interface ClientRun {
  baseUrl: string;
  token: string;
  locationId: string;
  /** Without `env`: the child's own process.env is what the client reads. */
  proxy?: Omit<ProxyOptions, 'env'>;
}

export interface ClientResult {
  ok: boolean;
  agents?: number;
  route?: string;
  kind?: string;
  message?: string;
  messages?: string[];
  log: RequestLogEntry[];
}

async function main(): Promise<ClientResult> {
  const run = JSON.parse(process.argv[2] ?? '{}') as ClientRun;
  const log: RequestLogEntry[] = [];
  let client: VoiceAiClient | undefined;
  try {
    client = new VoiceAiClient({ ...run, rateLimit: false, maxRetries: 0, timeoutMs: 10_000, onRequest: (e) => log.push(e) });
    const agents = await client.listAgents();
    return { ok: true, agents: agents.length, route: client.route(), log };
  } catch (error) {
    const api = error instanceof ApiError ? error : undefined;
    return { ok: false, route: client?.route(), kind: api?.kind ?? 'unknown', message: String((error as Error).message), messages: api?.messages, log };
  } finally {
    await client?.close().catch(() => undefined);
  }
}

void main().then((result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
});
