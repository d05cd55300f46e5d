// Fault injection for tests. Rates are applied deterministically with an accumulator rather
// than dice: a rate of 0.25 hits exactly every 4th matching request, 1 hits every request, so
// tests that count retries are stable.

export interface FaultConfig {
  /** Extra delay before every answer. */
  latencyMs?: number;
  /** Share of requests answered 500 / 503 (alternating, 500 first). */
  errorRate?: number;
  /** The next N requests get 429 with Retry-After. */
  rateLimitBurst?: number;
  /** Retry-After seconds sent with injected 429s (default 1). */
  retryAfterSeconds?: number;
  /** Share of requests whose connection is destroyed before any answer. */
  resetRate?: number;
  /** Share of successful answers sent as truncated JSON. */
  malformedJsonRate?: number;
  /** Share of successful answers that break the schema (e.g. `createdAt: 12345`, no `callLogs`). */
  schemaBreakRate?: number;
  /** Only requests whose path starts with this are affected (default: all). */
  pathPrefix?: string;
  /** Status for injected errors; default alternates 500 and 503. 401/403 play a proxy or gateway refusing. */
  errorStatus?: 401 | 403 | 500 | 502 | 503 | 504;
  /** The message of injected errors (e.g. hostile text); default the status's reason phrase. */
  errorMessage?: string;
  /** Replaces `total` in list answers: the spec types it only as `number`, so 2.5 or -1 are spec-valid. */
  listTotal?: number;
  /** List answers are page 1's whatever page is asked: a gateway or cache that drops the query's page. */
  samePage?: boolean;
  /** Share of recordings cut off half-way (the connection drops; without Content-Length the answer just ends). */
  cutOffRate?: number;
  /** Recordings are sent without Content-Length (chunked), as a streaming server or proxy may. */
  audioLengthUnknown?: boolean;
  /** Recordings are sent at this many bytes per second at most (a slow link). */
  audioBytesPerSecond?: number;
  /** Transcriptions are one sentence object, not a list: the answer exactly as the spec types it. */
  transcriptionAsObject?: boolean;
}

export type FaultKind = 'none' | 'rateLimit' | 'reset' | 'serverError' | 'malformedJson' | 'schemaBreak' | 'cutOff';

export interface FaultDecision {
  kind: FaultKind;
  latencyMs: number;
  /** For serverError. */
  status?: number;
  /** For serverError: the message to send instead of the reason phrase. */
  message?: string;
  /** For a successful list answer: the `total` to send instead of the real one. */
  listTotal?: number;
  /** For a list request: answer with page 1. */
  samePage?: boolean;
  /** For rateLimit. */
  retryAfterSeconds?: number;
  /** Alternates the shape of schema-breaking bodies. */
  variant: number;
  /** For a recording: sent without Content-Length. */
  audioLengthUnknown?: boolean;
  /** For a recording: the pace, bytes per second. */
  audioBytesPerSecond?: number;
  /** For a transcription: answer its first sentence as an object. */
  transcriptionAsObject?: boolean;
}

export class FaultInjector {
  private config: FaultConfig = {};
  private burstLeft = 0;
  private acc = { reset: 0, error: 0, malformed: 0, schema: 0, cutOff: 0 };
  private errorsSent = 0;
  private schemaBreaksSent = 0;

  set(config: FaultConfig): void {
    this.config = { ...config };
    this.burstLeft = Math.max(0, Math.floor(config.rateLimitBurst ?? 0));
    this.acc = { reset: 0, error: 0, malformed: 0, schema: 0, cutOff: 0 };
    this.errorsSent = 0;
    this.schemaBreaksSent = 0;
  }

  get current(): Readonly<FaultConfig> {
    return this.config;
  }

  next(path: string): FaultDecision {
    const c = this.config;
    if (c.pathPrefix !== undefined && !path.startsWith(c.pathPrefix)) return { kind: 'none', latencyMs: 0, variant: 0 };
    const latencyMs = Math.max(0, c.latencyMs ?? 0);
    // Every accumulator advances on every matching request so that rates stay exact when combined.
    const reset = this.tick('reset', c.resetRate);
    const error = this.tick('error', c.errorRate);
    const malformed = this.tick('malformed', c.malformedJsonRate);
    const schema = this.tick('schema', c.schemaBreakRate);
    // Only recordings can be cut off: other answers do not advance its count.
    const cutOff = path.endsWith('/recording') && this.tick('cutOff', c.cutOffRate);
    const audio = { audioLengthUnknown: c.audioLengthUnknown, audioBytesPerSecond: c.audioBytesPerSecond, transcriptionAsObject: c.transcriptionAsObject };
    if (this.burstLeft > 0) {
      this.burstLeft--;
      return { kind: 'rateLimit', latencyMs, retryAfterSeconds: c.retryAfterSeconds ?? 1, variant: 0 };
    }
    if (reset) return { kind: 'reset', latencyMs, variant: 0 };
    if (error) {
      const status = c.errorStatus ?? (this.errorsSent % 2 === 0 ? 500 : 503);
      this.errorsSent++;
      return { kind: 'serverError', latencyMs, status, message: c.errorMessage, variant: 0 };
    }
    if (malformed) return { kind: 'malformedJson', latencyMs, variant: 0 };
    if (schema) return { kind: 'schemaBreak', latencyMs, variant: this.schemaBreaksSent++ };
    if (cutOff) return { kind: 'cutOff', latencyMs, variant: 0, ...audio };
    return { kind: 'none', latencyMs, variant: 0, listTotal: c.listTotal, samePage: c.samePage, ...audio };
  }

  private tick(key: keyof FaultInjector['acc'], rate: number | undefined): boolean {
    if (!rate || rate <= 0) return false;
    this.acc[key] += Math.min(1, rate);
    if (this.acc[key] >= 1 - 1e-9) {
      this.acc[key] -= 1;
      return true;
    }
    return false;
  }
}

/** A body cut off mid-way, as a proxy dropping the connection late would leave it. */
export function malformJson(body: string): string {
  const cut = Math.max(1, Math.floor(body.length / 2));
  return body.slice(0, cut);
}

/** A body that parses as JSON but does not fit the spec. */
export function breakSchema(body: unknown, variant: number): unknown {
  if (!body || typeof body !== 'object') return body;
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  if (Array.isArray(copy.callLogs)) {
    const logs = copy.callLogs as Record<string, unknown>[];
    if (variant % 2 === 1 || logs.length === 0) {
      delete copy.callLogs;
    } else {
      logs[0].createdAt = 12345;
      logs[0].executedCallActions = 'none';
    }
    return copy;
  }
  if (Array.isArray(copy.agents)) {
    if (variant % 2 === 1 || copy.agents.length === 0) delete copy.agents;
    else (copy.agents as Record<string, unknown>[])[0].agentName = 42;
    return copy;
  }
  if ('transcript' in copy) {
    copy.createdAt = 12345;
    copy.duration = 'long';
    return copy;
  }
  if ('agentName' in copy) {
    copy.agentName = 42;
    delete copy.id;
    return copy;
  }
  return copy;
}
