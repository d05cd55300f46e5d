// A tiny scripted HTTP server on 127.0.0.1 for precise transport tests (exact statuses,
// headers, delays, resets, broken bodies). The full sample API server lives in
// test/api-server/ and is used by server.test.ts.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (e.g. malformed JSON); wins over body. */
  raw?: string;
  /** Wait before answering. */
  delayMs?: number;
  /** Destroy the socket instead of answering (a connection reset). */
  reset?: boolean;
  /** Send the status, headers and half of the body, then destroy the socket. */
  resetMidBody?: boolean;
}

export interface FixtureRequest {
  method: string;
  /** Path without the query. */
  path: string;
  /** The raw request target, as sent. */
  url: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** performance.now() when the request arrived. */
  at: number;
}

export type Handler = (request: FixtureRequest, index: number) => ScriptedResponse | Promise<ScriptedResponse>;

export interface Fixture {
  readonly baseUrl: string;
  readonly requests: FixtureRequest[];
  /** Requests that were in progress when the client gave up (socket closed early). */
  readonly closedEarly: number;
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** Serves the given responses in order, then repeats the last one. */
export function sequence(...responses: ScriptedResponse[]): Handler {
  return (_request, index) => responses[Math.min(index, responses.length - 1)];
}

export async function startFixture(handler: Handler = () => ({ body: {} })): Promise<Fixture> {
  let current = handler;
  const requests: FixtureRequest[] = [];
  let closedEarly = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: FixtureRequest = {
      method: req.method ?? '',
      path: url.pathname,
      url: req.url ?? '',
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      at: performance.now(),
    };
    const index = requests.push(request) - 1;
    let finished = false;
    res.on('close', () => {
      if (!finished) closedEarly++;
    });
    void (async () => {
      const scripted = await current(request, index);
      if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
      if (res.destroyed) return;
      if (scripted.reset) {
        finished = true;
        req.socket.destroy();
        return;
      }
      const text = scripted.raw ?? JSON.stringify(scripted.body ?? {});
      if (scripted.resetMidBody) {
        res.writeHead(scripted.status ?? 200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        finished = true;
        setTimeout(() => req.socket.destroy(), 10);
        return;
      }
      res.writeHead(scripted.status ?? 200, { 'content-type': 'application/json', ...scripted.headers });
      finished = true;
      res.end(text);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    get closedEarly() {
      return closedEarly;
    },
    handle(next: Handler) {
      current = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A call log as the spec describes it, with every required field. */
export function callLog(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    agentId: 'agent-1',
    isAgentDeleted: false,
    createdAt: '2026-01-15T10:30:00.000Z',
    duration: 120,
    trialCall: false,
    executedCallActions: [],
    summary: 'A call.',
    transcript: 'bot: Hello\nhuman: Hi',
    ...overrides,
  };
}

/** A call-log list body for page `page` of `total` calls. */
export function callLogPage(page: number, pageSize: number, total: number): Record<string, unknown> {
  const start = (page - 1) * pageSize;
  const count = Math.max(0, Math.min(pageSize, total - start));
  return { total, page, pageSize, callLogs: Array.from({ length: count }, (_, i) => callLog(`call-${start + i + 1}`)) };
}

export function agent(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, agentName: `Agent ${id}`, businessName: 'Acme', language: 'en-US', ...overrides };
}
