// The Voice AI API client: the four read endpoints the extension uses, validated input,
// schema-checked output, and pagination helpers. No VS Code dependency.
import * as l10n from '@vscode/l10n';
import type { z } from 'zod';
import { ApiError, badResponse, formatIssues, invalidInput } from './errors';
import { callLogQuery, checkId, checkPage, MAX_PAGE, MAX_PAGE_SIZE, pathId, type CallLogFilter } from './callLogQuery';
import { ConversationsApi } from './conversations/api';
import { limiterFor, type RateLimit, type SlidingWindowLimiter } from './limiter';
import { pagesInOrder } from './pagination';
import { rememberRaw } from './raw';
import type { BackoffOptions } from './retry';
import {
  AgentSchema,
  AgentsResponseSchema,
  CallLogSchema,
  CallLogsResponseSchema,
  type Agent,
  type CallLog,
} from './schemas';
import { DEFAULT_API_VERSION, DEFAULT_BASE_URL, parseBaseUrl } from './endpoint';
import type { ProxyOptions } from './proxy';
import { Transport, type RequestLogEntry, type RequestOptions, type ResponseBody } from './transport';

export type { RequestLogEntry, RequestOptions } from './transport';
export type { CallLogFilter } from './callLogQuery';
export type { ProxyOptions } from './proxy';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './callLogQuery';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 4;
/** The API's documented burst limit per location. */
export const DEFAULT_RATE_LIMIT: RateLimit = { max: 100, intervalMs: 10_000 };
export const DEFAULT_PAGE_CONCURRENCY = 4;
const MAX_PAGE_CONCURRENCY = 16;

export interface VoiceAiClientOptions {
  /** Default https://services.leadconnectorhq.com; http only for a loopback server. */
  baseUrl?: string;
  token: string;
  locationId: string;
  /** The `Version` header; default 2021-07-28. */
  apiVersion?: string;
  /** Per attempt, including reading the body; default 30 s. */
  timeoutMs?: number;
  /** Retries of a GET after 429/502/503/504 or a connection reset; default 4. */
  maxRetries?: number;
  /** Client-side limit per location; default 100 per 10 s; false disables it. */
  rateLimit?: RateLimit | false;
  /** Pages fetched at once by iterateCallLogs; default 4. */
  pageConcurrency?: number;
  /** Called once per attempt, e.g. to write an output channel. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Backoff between retries when the server gives no Retry-After; default 500 ms doubling to 8 s. */
  retryBackoff?: BackoffOptions;
  /** Proxy settings; without them, HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment apply. */
  proxy?: ProxyOptions;
}

export interface CallLogsPage {
  /** Call logs matching the filter; undefined when the server's total is not a count (see schemas). */
  total: number | undefined;
  page: number;
  pageSize: number;
  callLogs: CallLog[];
}

/** A call-log page as received, not yet read (see VoiceAiClient.fetchCallLogsPage). */
export interface ReceivedCallLogsPage {
  /** Parses and checks the page; throws ApiError 'badResponse' if it is not a call-log list. */
  read(): CallLogsPage;
  /**
   * Asks for the page again after `read()` failed, under the request's retry policy (the failed
   * read counts as an attempt); undefined when the policy has no retry left.
   */
  readonly retry?: () => Promise<ReceivedCallLogsPage>;
}

export interface IterateCallLogsOptions {
  signal?: AbortSignal;
  /** Pages fetched at once; default the client's pageConcurrency. */
  concurrency?: number;
  /** Called for every page as it arrives, in order (e.g. for progress: page.total). */
  onPage?: (page: CallLogsPage) => void;
}

const CALL_LOGS_PATH = '/voice-ai/dashboard/call-logs';
const AGENTS_PATH = '/voice-ai/agents';

function positiveInteger(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidInput(`${name} must be a whole number from ${min} to ${max}; got ${String(value)}.`);
  }
  return value;
}

/** A header value must be visible ASCII; this also catches a pasted token with a line break. */
function checkHeaderValue(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidInput(`The ${name} is empty.`);
  const trimmed = value.trim();
  if (/[^\x21-\x7e]/.test(trimmed)) throw invalidInput(`The ${name} contains spaces or characters that are not allowed.`);
  return trimmed;
}

function parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw badResponse(what, formatIssues(result.error.issues));
  return result.data;
}

/** A call-log page as bytes, read on demand; `retry` asks again through the transport's policy. */
function receivedPage(body: ResponseBody, page: number, requestedSize: number): ReceivedCallLogsPage {
  const again = body.retry;
  return {
    read: (): CallLogsPage => {
      const json = body.json();
      const data = parse(CallLogsResponseSchema, json, l10n.t('a call log list (page {0})', page));
      // The schema accepted it, so `json.callLogs` is an array aligned with `data.callLogs`.
      const sentCallLogs = (json as { callLogs: unknown[] }).callLogs;
      data.callLogs.forEach((callLog, i) => rememberRaw(callLog, sentCallLogs[i]));
      return {
        total: data.total,
        page: data.page ?? page,
        pageSize: clampPageSize(data.pageSize, requestedSize),
        callLogs: data.callLogs,
      };
    },
    retry: again ? async () => receivedPage(await again(), page, requestedSize) : undefined,
  };
}

function clampPageSize(reported: number | undefined, requested: number): number {
  return reported !== undefined && Number.isInteger(reported) && reported >= 1 && reported <= MAX_PAGE_SIZE ? reported : requested;
}

export class VoiceAiClient {
  readonly baseUrl: string;
  readonly locationId: string;
  readonly apiVersion: string;
  private readonly transport: Transport;
  private readonly pageConcurrency: number;
  private readonly limiter: SlidingWindowLimiter | undefined;

  constructor(options: VoiceAiClientOptions) {
    this.baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
    const { origin } = parseBaseUrl(this.baseUrl);
    // A token pasted together with its scheme still works.
    const token = checkHeaderValue('API token', typeof options.token === 'string' ? options.token.trim().replace(/^Bearer\s+/i, '') : options.token);
    this.locationId = checkId('locationId', options.locationId);
    this.apiVersion = checkHeaderValue('API version', options.apiVersion ?? DEFAULT_API_VERSION);
    const timeoutMs = positiveInteger('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, 1, 600_000);
    const maxRetries = positiveInteger('maxRetries', options.maxRetries, DEFAULT_MAX_RETRIES, 0, 20);
    this.pageConcurrency = positiveInteger('pageConcurrency', options.pageConcurrency, DEFAULT_PAGE_CONCURRENCY, 1, MAX_PAGE_CONCURRENCY);
    const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    if (rateLimit !== false) {
      positiveInteger('rateLimit.max', rateLimit.max, 0, 1, 1_000_000);
      positiveInteger('rateLimit.intervalMs', rateLimit.intervalMs, 0, 1, 3_600_000);
    }
    this.limiter = rateLimit === false ? undefined : limiterFor(origin, this.locationId, rateLimit);
    this.transport = new Transport({
      baseUrl: this.baseUrl,
      token,
      apiVersion: this.apiVersion,
      timeoutMs,
      maxRetries,
      backoff: options.retryBackoff,
      limiter: this.limiter,
      onRequest: options.onRequest,
      proxy: options.proxy,
    });
  }

  private conversationsApi: ConversationsApi | undefined;

  /** The call's recording and its timed transcription (Conversations API; scope conversations/message.readonly). */
  get conversations(): ConversationsApi {
    this.conversationsApi ??= new ConversationsApi(this.transport, this.locationId);
    return this.conversationsApi;
  }

  /** How requests travel: "directly" or "through the proxy http://host:port (from HTTPS_PROXY)" (no credentials). */
  route(): string {
    return this.transport.route();
  }

  /** One page (1-based) of the call logs that match `filter`; pageSize 50 unless the filter sets it. */
  async listCallLogs(filter: CallLogFilter, page = 1, signal?: AbortSignal): Promise<CallLogsPage> {
    return (await this.fetchCallLogsPage(filter, page, signal)).read();
  }

  /**
   * Like listCallLogs, but the page is read (parsed and checked) only when `read()` is called:
   * until then it costs its size in bytes outside the JavaScript heap (see Transport.getBody).
   * A `background` request (an export's) waits for the rate limit behind interactive ones;
   * `retry` replaces the client's retry policy for this request.
   */
  async fetchCallLogsPage(filter: CallLogFilter, page = 1, signal?: AbortSignal, options: RequestOptions = {}): Promise<ReceivedCallLogsPage> {
    const query = callLogQuery(filter, page);
    if (signal?.aborted) throw new ApiError('aborted', 'The request was cancelled.');
    const body = await this.transport.getBody(CALL_LOGS_PATH, { ...query, locationId: this.locationId }, signal, {}, options);
    return receivedPage(body, page, Number(query.pageSize));
  }

  async getCallLog(callId: string, signal?: AbortSignal): Promise<CallLog> {
    const id = pathId('callId', callId);
    const body = await this.get(`${CALL_LOGS_PATH}/${id}`, {}, signal, l10n.t('call log {0}', callId));
    const callLog = parse(CallLogSchema, body, l10n.t('call log {0}', callId));
    rememberRaw(callLog, body);
    return callLog;
  }

  /** Every agent of the location (all pages), optionally only those whose name matches `query`. */
  async listAgents(query?: string, signal?: AbortSignal): Promise<Agent[]> {
    if (query !== undefined && typeof query !== 'string') throw invalidInput('The agent search query must be a string.');
    const search = query?.trim();
    const agents: Agent[] = [];
    const seen = new Set<string>();
    for (let page = 1; page <= MAX_PAGE; page++) {
      const params: Record<string, string> = { page: String(checkPage(page)), pageSize: String(MAX_PAGE_SIZE) };
      if (search) params.query = search;
      const body = await this.get(AGENTS_PATH, params, signal);
      const data = parse(AgentsResponseSchema, body, l10n.t('an agent list (page {0})', page));
      // The schema accepted it: `body.agents` is aligned with `data.agents` (the local store keeps what the API sent).
      const sentAgents = (body as { agents: unknown[] }).agents;
      data.agents.forEach((agent, i) => rememberRaw(agent, sentAgents[i]));
      for (const agent of data.agents) {
        if (!seen.has(agent.id)) {
          seen.add(agent.id);
          agents.push(agent);
        }
      }
      const pageSize = clampPageSize(data.pageSize, MAX_PAGE_SIZE);
      // Without a usable total, a page shorter than asked for is the last one.
      if (data.agents.length === 0 || (data.total === undefined ? data.agents.length < pageSize : page * pageSize >= data.total)) break;
    }
    return agents;
  }

  async getAgent(agentId: string, signal?: AbortSignal): Promise<Agent> {
    const id = pathId('agentId', agentId);
    const body = await this.get(`${AGENTS_PATH}/${id}`, {}, signal, l10n.t('agent {0}', agentId));
    return parse(AgentSchema, body, l10n.t('agent {0}', agentId));
  }

  /**
   * Every call log that matches `filter`, in the API's order. Pages after the first are
   * fetched `concurrency` at a time and yielded in order; stops after the page count the
   * first page's `total` gives, or at an empty page. A call that moves to the next page
   * while we read (new calls arriving) is yielded once.
   */
  async *iterateCallLogs(filter: CallLogFilter, options: IterateCallLogsOptions = {}): AsyncGenerator<CallLog, void, undefined> {
    const { signal, onPage } = options;
    const concurrency = positiveInteger('concurrency', options.concurrency, this.pageConcurrency, 1, MAX_PAGE_CONCURRENCY);
    const seen = new Set<string>();
    const fresh = (page: CallLogsPage): CallLog[] =>
      page.callLogs.filter((call) => {
        if (seen.has(call.id)) return false;
        seen.add(call.id);
        return true;
      });

    const first = await this.listCallLogs(filter, 1, signal);
    onPage?.(first);
    yield* fresh(first);
    // Without a usable total, pages are read until one comes short.
    const known = first.total !== undefined;
    if (first.callLogs.length === 0 || (!known && first.callLogs.length < first.pageSize)) return;
    const lastPage = first.total !== undefined ? Math.ceil(first.total / first.pageSize) : MAX_PAGE;
    for await (const page of pagesInOrder(2, lastPage, (n, s) => this.listCallLogs(filter, n, s), { concurrency, signal })) {
      if (signal?.aborted) throw new ApiError('aborted', 'The request was cancelled.');
      onPage?.(page);
      if (page.callLogs.length === 0) return;
      yield* fresh(page);
      if (!known && page.callLogs.length < page.pageSize) return;
    }
  }

  /** The rate limits the client keeps to: the configured one, and the server's if it announced a stricter one. */
  rateLimits(): readonly RateLimit[] {
    return this.limiter?.limits ?? [];
  }

  /** True while requests wait for the rate limit (e.g. an export between two windows). */
  waitingForRateLimit(): boolean {
    return (this.limiter?.queued ?? 0) > 0;
  }

  /** Closes the connection pool once the requests in flight are done. */
  close(): Promise<void> {
    return this.transport.close();
  }

  private get(path: string, query: Record<string, string>, signal: AbortSignal | undefined, resource?: string): Promise<unknown> {
    if (signal?.aborted) return Promise.reject(new ApiError('aborted', 'The request was cancelled.'));
    return this.transport.getJson(path, { ...query, locationId: this.locationId }, signal, { resource });
  }
}
