// The four Voice AI endpoints over the sample data. Pure functions: query in, status and body out
// (the HTTP concerns — auth, headers, faults — live in server.ts).
import { ACTION_TYPES, type SampleCallLog, type SampleData } from './data';
import { sampleSentences, type SampleSentence } from './recording';
import { validateAgentQuery, validateCallLogQuery, validateSingleQuery, type CallLogQuery } from './validation';

export interface RouteResult {
  status: number;
  body: unknown;
  /** For the recording: the call whose WAV file server.ts streams (body is then undefined). */
  audio?: { call: SampleCallLog; sentences: SampleSentence[] };
}

export type RouteName = 'callLogs' | 'callLog' | 'agents' | 'agent' | 'recording' | 'transcription';

export interface RouteMatch {
  name: RouteName;
  /** Decoded path parameter (call id, agent id or message id). */
  id?: string;
  /** The Conversations endpoints carry the location in the path, not the query. */
  locationId?: string;
}

// The Conversations API's two endpoints behind a call log's messageId.
const RECORDING = /^\/conversations\/messages\/([^/]+)\/locations\/([^/]+)\/recording$/;
const TRANSCRIPTION = /^\/conversations\/locations\/([^/]+)\/messages\/([^/]+)\/transcription$/;

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const CALL_LOGS = '/voice-ai/dashboard/call-logs';
const AGENTS = '/voice-ai/agents';

export function matchRoute(pathname: string): RouteMatch | undefined {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  if (path === CALL_LOGS) return { name: 'callLogs' };
  if (path === AGENTS) return { name: 'agents' };
  const recording = RECORDING.exec(path);
  if (recording) return { name: 'recording', id: decode(recording[1]), locationId: decode(recording[2]) };
  const transcription = TRANSCRIPTION.exec(path);
  if (transcription) return { name: 'transcription', id: decode(transcription[2]), locationId: decode(transcription[1]) };
  for (const [prefix, name] of [
    [CALL_LOGS + '/', 'callLog'],
    [AGENTS + '/', 'agent'],
  ] as const) {
    if (path.startsWith(prefix)) {
      const raw = path.slice(prefix.length);
      if (raw === '' || raw.includes('/')) return undefined;
      return { name, id: decode(raw) };
    }
  }
  return undefined;
}

export function errorBody(status: number, message: string | string[], traceId?: string): Record<string, unknown> {
  const error: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  const body: Record<string, unknown> = { statusCode: status, message };
  if (error[status]) body.error = error[status];
  if (traceId) body.traceId = traceId;
  return body;
}

export function handleRoute(data: SampleData, match: RouteMatch, params: URLSearchParams, traceId?: string): RouteResult {
  switch (match.name) {
    case 'callLogs': {
      const q = validateCallLogQuery(params);
      if (!q.ok) return { status: q.status, body: errorBody(q.status, q.status === 422 ? q.messages : q.messages[0], traceId) };
      return { status: 200, body: listCallLogs(data, q.value) };
    }
    case 'callLog': {
      const q = validateSingleQuery(params);
      if (!q.ok) return { status: q.status, body: errorBody(q.status, q.messages, traceId) };
      const i = data.indexOfCall(match.id ?? '');
      if (i === undefined) return { status: 404, body: errorBody(404, 'Call log not found', traceId) };
      return { status: 200, body: data.callLog(i) };
    }
    case 'agents': {
      const q = validateAgentQuery(params);
      if (!q.ok) return { status: q.status, body: errorBody(q.status, q.messages, traceId) };
      const needle = q.value.query?.toLocaleLowerCase();
      const agents = data.agents.filter((a) => needle === undefined || a.agentName.toLocaleLowerCase().includes(needle));
      const start = (q.value.page - 1) * q.value.pageSize;
      return {
        status: 200,
        body: { total: agents.length, page: q.value.page, pageSize: q.value.pageSize, agents: agents.slice(start, start + q.value.pageSize) },
      };
    }
    case 'recording':
    case 'transcription': {
      // The call of the message, if it has a recording (the same calls have a transcription).
      const i = data.indexOfMessage(match.id ?? '');
      if (i === undefined || !data.hasRecording(i)) {
        const what = match.name === 'recording' ? 'Recording' : 'Transcription';
        return { status: 404, body: errorBody(404, i === undefined ? 'Message not found' : `${what} not found for this message`, traceId) };
      }
      const call = data.callLog(i);
      const sentences = sampleSentences(call, data.seed ^ i);
      return match.name === 'recording' ? { status: 200, body: undefined, audio: { call, sentences } } : { status: 200, body: sentences };
    }
    case 'agent': {
      const q = validateSingleQuery(params);
      if (!q.ok) return { status: q.status, body: errorBody(q.status, q.messages, traceId) };
      const agent = data.agents.find((a) => a.id === match.id);
      if (!agent) return { status: 404, body: errorBody(404, 'Agent not found', traceId) };
      return { status: 200, body: agent };
    }
  }
}

/** Indexes of the calls that match, in the requested order. */
export function selectCallLogs(data: SampleData, q: Omit<CallLogQuery, 'page' | 'pageSize'>): number[] {
  const ix = data.index;
  const order = q.sortBy === 'duration' ? data.byDurationDesc() : data.byCreatedAtDesc();
  const agent = q.agentId === undefined ? undefined : data.agentIndex(q.agentId);
  const contacts = q.contactIds === undefined ? undefined : new Set(q.contactIds.map((c) => data.contactIndex(c)).filter((c) => c >= 0));
  const trial = q.callType === undefined ? undefined : q.callType === 'TRIAL' ? 1 : 0;
  let mask = 0;
  for (const t of q.actionTypes ?? []) mask |= 1 << (ACTION_TYPES as readonly string[]).indexOf(t);
  const start = q.startDate ?? -Infinity;
  const end = q.endDate ?? Infinity;
  const out: number[] = [];
  if (agent === -1 || (contacts && contacts.size === 0)) return out;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (data.isDeleted(i)) continue;
    if (agent !== undefined && ix.agent[i] !== agent) continue;
    if (trial !== undefined && ix.trial[i] !== trial) continue;
    if (contacts && !contacts.has(ix.contact[i])) continue;
    if (mask && (ix.actionMask[i] & mask) === 0) continue;
    const t = ix.createdAt[i];
    if (t < start || t > end) continue;
    out.push(i);
  }
  // `sort` applies only with `sortBy`; without it the list is newest first.
  if (q.sortBy !== undefined && q.sort === 'ascend') out.reverse();
  return out;
}

// Walking every page of a filter (an export of 100k calls is 2,000 pages) would rescan the whole
// data set per page; the last few selections are kept per data set instead.
const selectionCache = new WeakMap<SampleData, Map<string, number[]>>();
const SELECTIONS_KEPT = 8;

function cachedSelection(data: SampleData, q: CallLogQuery): number[] {
  const { page: _page, pageSize: _pageSize, ...filter } = q;
  // Calls that arrived or were deleted since make another selection.
  const key = `${data.version} ${JSON.stringify(filter)}`;
  let cache = selectionCache.get(data);
  if (!cache) {
    cache = new Map();
    selectionCache.set(data, cache);
  }
  let hit = cache.get(key);
  if (hit) {
    cache.delete(key); // re-insert: most recently used last
  } else {
    hit = selectCallLogs(data, filter);
    if (cache.size >= SELECTIONS_KEPT) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, hit);
  return hit;
}

function listCallLogs(data: SampleData, q: CallLogQuery): Record<string, unknown> {
  const matches = cachedSelection(data, q);
  const start = (q.page - 1) * q.pageSize;
  const callLogs = matches.slice(start, start + q.pageSize).map((i) => data.callLog(i));
  return { total: matches.length, page: q.page, pageSize: q.pageSize, callLogs };
}
