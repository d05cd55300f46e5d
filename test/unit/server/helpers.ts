// Shared helpers for the local API server tests: start a server on a free port and send plain
// fetch requests to it (no client library, so these tests pin the server's own behaviour).
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../api-server/server';

/** A fixed "now" so that dates in the data do not depend on when the tests run. */
export const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

export function start(options: ApiServerOptions = {}): Promise<ApiServer> {
  return startApiServer({ port: 0, calls: 600, now: NOW, seed: 7, ...options });
}

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface GetOptions {
  token?: string | null;
  version?: string | null;
  headers?: Record<string, string>;
  /** Leave out locationId (it is added by default). */
  noLocation?: boolean;
}

export async function get(server: ApiServer, path: string, query: Record<string, string | number> = {}, o: GetOptions = {}): Promise<Answer> {
  const url = new URL(path, server.baseUrl);
  if (!o.noLocation && !('locationId' in query)) url.searchParams.set('locationId', server.locationId);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { Accept: 'application/json', ...o.headers };
  const token = o.token === undefined ? server.token : o.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const version = o.version === undefined ? '2021-07-28' : o.version;
  if (version !== null) headers.Version = version;
  const res = await fetch(url, { headers });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

export interface CallLogsBody {
  total: number;
  page: number;
  pageSize: number;
  callLogs: Record<string, unknown>[];
}

export const CALL_LOGS = '/voice-ai/dashboard/call-logs';
export const AGENTS = '/voice-ai/agents';
