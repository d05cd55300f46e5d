// A local stand-in for the Voice AI API (services.leadconnectorhq.com): a real HTTP server on
// 127.0.0.1 used by the tests, the benchmarks, the demo and the extension's "Try Sample Data"
// (esbuild bundles this file into dist/sample-api-server.js, so it must not import vscode nor
// read files at run time).
//
// Order of checks for a request: injected faults → route (404) → bearer token (401) → Version
// header (401 missing / 400 unknown) → scope (401) → locationId (403) → rate limit (429) → query
// validation (422 / 400) → the endpoint (200 / 404). X-RateLimit-* headers are on every answer.
// The real API does not document its order; this one answers the cheapest, least specific
// problem first, which is what its public clients report seeing.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SampleData, type SampleAgent, type SampleCallLog } from './data';
import { FaultInjector, breakSchema, malformJson, type FaultConfig } from './faults';
import { RateLimiter, rateLimitHeaders, type RateLimitState } from './rateLimit';
import { errorBody, handleRoute, matchRoute } from './routes';
import { wavChunks, wavLength } from './recording';

export type { FaultConfig } from './faults';
export type { SampleAgent, SampleCallLog, SampleCallAction, SampleAgentAction } from './data';
export { ACTION_TYPES } from './data';
export { HOSTILE_STRINGS } from './hostile';

/** The token the sample server accepts unless told otherwise (not a secret: it only opens local sample data). */
export const SAMPLE_TOKEN = 'pit-sample-7e1c2a90-voice-ai-demo';
/** The location (sub-account) id the sample server accepts unless told otherwise. */
export const SAMPLE_LOCATION_ID = 'sampleLoc7Vx2Qd9KpW4';
export const SUPPORTED_VERSIONS: readonly string[] = ['v3', '2023-02-21', '2021-07-28', '2021-04-15', 'legacy'];
export const DEFAULT_SEED = 20240915;
export const SCOPES = {
  callLogs: 'voice-ai-dashboard.readonly',
  agents: 'voice-ai-agents.readonly',
  /** The recording and transcription of a call (Conversations API). */
  messages: 'conversations/message.readonly',
} as const;
const ROUTE_SCOPE = {
  callLogs: SCOPES.callLogs,
  callLog: SCOPES.callLogs,
  agents: SCOPES.agents,
  agent: SCOPES.agents,
  recording: SCOPES.messages,
  transcription: SCOPES.messages,
} as const;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was reset by an injected fault (or closed before an answer). */
  status: number;
  /** Arrival time, ms since the epoch. */
  at: number;
  /** The Version header as sent (not a secret; the Authorization header is never recorded). */
  version?: string;
}

export interface ApiServerOptions {
  /** 0 (default) = a free port. */
  port?: number;
  token?: string;
  locationId?: string;
  /** Number of call logs (default 2,400). */
  calls?: number;
  /** Plant hostile strings in the data (default true; see SampleDataOptions). */
  hostile?: boolean;
  seed?: number;
  /** Added to every answer. */
  latencyMs?: number;
  /** Burst limit per location; default 100 per 10,000 ms; false disables it. */
  rateLimit?: { max: number; intervalMs: number } | false;
  /** Daily limit per location (default 200,000). */
  dailyLimit?: number;
  /** The data covers the 90 days before this (default: now). */
  now?: number;
  /** Time source for the rate limiter (tests drive the window without waiting); default Date.now. */
  clock?: () => number;
  /** Print each request to stdout (the CLI turns it on). */
  log?: boolean;
  /** Scopes the token holds (default all three read scopes); a missing one gives 401 "The token is not authorized for this scope." */
  scopes?: readonly string[];
  /**
   * More tokens, each with its own scopes (e.g. a Private Integration made before recordings were
   * wanted: the two voice-AI scopes only). Same location and data as `token`.
   */
  tokens?: Readonly<Record<string, readonly string[]>>;
  /** A token that stands for an agency token: 401 "Token's user type mismatch!" on every endpoint. */
  agencyToken?: string;
}

export interface ApiServer {
  readonly baseUrl: string;
  readonly port: number;
  readonly token: string;
  readonly locationId: string;
  /** Every request in arrival order (never the Authorization header). */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  /** Replaces the fault configuration (resets burst and rate counters); `{}` turns faults off. */
  setFaults(f: FaultConfig): void;
  /** Bytes of recordings (WAV files) sent so far, for tests that check a download stopped. */
  readonly audioBytesSent: number;
  /** `agents`: those the API returns (the deleted one is hidden); `allAgents` includes it; `callLogs` is built on first access. */
  readonly data: { readonly agents: SampleAgent[]; readonly allAgents: readonly SampleAgent[]; readonly callLogs: SampleCallLog[]; readonly deletedAgentIds: ReadonlySet<string> };
  /** The generator behind the data (typed arrays, lazy call logs) for tests that need more. */
  readonly sample: SampleData;
  stop(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const token = options.token ?? SAMPLE_TOKEN;
  const locationId = options.locationId ?? SAMPLE_LOCATION_ID;
  const sample = new SampleData({
    seed: options.seed ?? DEFAULT_SEED,
    calls: options.calls ?? 2400,
    now: options.now ?? Date.now(),
    locationId,
    hostile: options.hostile,
  });
  const limit = options.rateLimit === false ? { max: Number.MAX_SAFE_INTEGER, intervalMs: 10_000 } : (options.rateLimit ?? { max: 100, intervalMs: 10_000 });
  const limiter = new RateLimiter(limit.max, limit.intervalMs, options.dailyLimit ?? 200_000);
  const scopes = options.scopes ?? Object.values(SCOPES);
  const clock = options.clock ?? Date.now;
  const faults = new FaultInjector();
  const requests: RecordedRequest[] = [];
  let audioBytesSent = 0;
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the stand-in must show up as a 500, not hang the client.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(errorBody(500, String(err))));
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = url.searchParams;
    const version = headerValue(req.headers['version']);
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(params), status: 0, at };
    if (version !== undefined) record.version = version;
    requests.push(record);
    // Drain any request body so that keep-alive keeps working.
    req.resume();

    const fault = faults.next(url.pathname);
    const delay = (options.latencyMs ?? 0) + fault.latencyMs;
    if (delay > 0) await sleep(delay);
    // The client gave up while we waited (its abort or timeout): nothing to answer.
    if (res.destroyed || req.socket.destroyed) return;

    const keyLocation = params.get('locationId') || locationId;
    const send = (status: number, body: unknown, limitState?: RateLimitState, extra: Record<string, string> = {}, raw?: string): void => {
      record.status = status;
      const state = limitState ?? limiter.peek(keyLocation, clock());
      const text = raw ?? JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(text)),
        ...rateLimitHeaders(state),
        ...extra,
      });
      res.end(text);
      if (options.log) console.log(`${new Date(at).toISOString()} ${record.method} ${url.pathname}${url.search} → ${status} (${Date.now() - at} ms)`);
    };
    const trace = (): string => randomUUID();

    if (fault.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'rateLimit') {
      const state = limiter.peek(keyLocation, clock());
      return send(429, errorBody(429, 'Too Many Requests', trace()), { ...state, remaining: 0 }, { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
    }
    if (fault.kind === 'serverError') {
      const status = fault.status ?? 500;
      const reason = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 503 ? 'Service Unavailable' : 'Internal Server Error';
      return send(status, errorBody(status, fault.message ?? reason, trace()));
    }

    const match = req.method === 'GET' || req.method === 'HEAD' ? matchRoute(url.pathname) : undefined;
    if (!match) return send(404, errorBody(404, `Cannot ${req.method ?? 'GET'} ${url.pathname}`));

    const auth = headerValue(req.headers['authorization']);
    const bearer = auth && /^Bearer\s+(.+)$/i.exec(auth.trim());
    const presented = bearer ? bearer[1].trim() : undefined;
    if (presented !== undefined && presented === options.agencyToken) return send(401, errorBody(401, "Token's user type mismatch!"));
    const held = presented === token ? scopes : presented !== undefined ? options.tokens?.[presented] : undefined;
    if (!held) return send(401, errorBody(401, 'Invalid token: access token is invalid'));

    if (version === undefined || version === '') return send(401, errorBody(401, 'version header was not found.'));
    if (!SUPPORTED_VERSIONS.includes(version)) {
      return send(400, errorBody(400, `Unsupported Version header value "${version}". Supported: ${SUPPORTED_VERSIONS.join(', ')}`, trace()));
    }

    if (!held.includes(ROUTE_SCOPE[match.name])) return send(401, errorBody(401, 'The token is not authorized for this scope.'));

    const requested = match.locationId ?? params.get('locationId');
    if (!requested || requested !== locationId) {
      return send(403, errorBody(403, 'The token does not have access to this location.', trace()));
    }

    const state = limiter.take(locationId, clock());
    if (!state.allowed) return send(429, errorBody(429, 'Too Many Requests', trace()), state, { 'Retry-After': String(state.retryAfterSeconds ?? 1) });

    if (fault.samePage && params.has('page')) params.set('page', '1');
    const result = handleRoute(sample, match, params, trace());
    if (result.audio) {
      record.status = 200;
      const { call, sentences } = result.audio;
      const length = wavLength(call);
      res.writeHead(200, {
        'Content-Type': 'audio/x-wav',
        'Content-Disposition': 'attachment; filename=audio.wav',
        ...(fault.audioLengthUnknown ? {} : { 'Content-Length': String(length) }),
        ...rateLimitHeaders(state),
      });
      // A connection that breaks off half-way (with a Content-Length: the socket drops; without
      // one: the answer simply ends early, which only the WAV header can tell).
      const stopAt = fault.kind === 'cutOff' ? Math.floor(length / 2) : length;
      await streamAudio(res, wavChunks(call, sentences), stopAt, fault.audioBytesPerSecond, (n) => (audioBytesSent += n));
      if (stopAt < length && !fault.audioLengthUnknown) req.socket.destroy();
      else res.end();
      if (options.log) console.log(`${new Date(at).toISOString()} ${record.method} ${url.pathname} → 200 audio (${Date.now() - at} ms)`);
      return;
    }
    if (result.status === 200 && match.name === 'transcription' && fault.transcriptionAsObject && Array.isArray(result.body)) {
      return send(200, result.body[0] ?? {}, state);
    }
    if (result.status === 200 && fault.kind === 'malformedJson') return send(200, undefined, state, {}, malformJson(JSON.stringify(result.body)));
    if (result.status === 200 && fault.kind === 'schemaBreak') return send(200, breakSchema(result.body, fault.variant), state);
    if (result.status === 200 && fault.listTotal !== undefined && typeof result.body === 'object' && result.body !== null && 'total' in result.body) {
      return send(200, { ...result.body, total: fault.listTotal }, state);
    }
    return send(result.status, result.body, state);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let stopped: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    token,
    locationId,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    setFaults: (f) => faults.set(f),
    get audioBytesSent() {
      return audioBytesSent;
    },
    data: {
      get agents() {
        return sample.agents;
      },
      allAgents: sample.allAgents,
      get callLogs() {
        return sample.allCallLogs();
      },
      deletedAgentIds: sample.deletedAgentIds,
    },
    sample,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
      return stopped;
    },
  };
}

/**
 * Writes the chunks up to `stopAt` bytes, waiting for the socket to drain (memory stays at a chunk
 * or two whatever the file's size) and, with `bytesPerSecond`, pacing them like a slow link. Stops
 * when the client goes away.
 */
async function streamAudio(
  res: http.ServerResponse,
  chunks: Iterable<Uint8Array>,
  stopAt: number,
  bytesPerSecond: number | undefined,
  counted: (bytes: number) => void,
): Promise<void> {
  const started = Date.now();
  let sent = 0;
  for (const chunk of chunks) {
    if (res.destroyed || sent >= stopAt) return;
    const part = sent + chunk.byteLength > stopAt ? chunk.subarray(0, stopAt - sent) : chunk;
    sent += part.byteLength;
    counted(part.byteLength);
    if (!res.write(part)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
    if (bytesPerSecond && bytesPerSecond > 0) {
      const due = started + (sent / bytesPerSecond) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
    }
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
