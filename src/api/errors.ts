// Typed errors the UI can act on. `message` is written for the user: what happened and
// what to do about it. The server's own words are in `messages`, its trace id in `traceId`.
// No error ever carries the token (see redact()).
import * as l10n from '@vscode/l10n';
import type { z } from 'zod';
import { ErrorBodySchema } from './schemas';

export type ApiErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'validation'
  | 'rateLimited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'badResponse'
  | 'aborted'
  | 'invalidInput';

export interface ApiErrorDetails {
  status?: number;
  /** The server's message(s), or the reasons for a client-side refusal. */
  messages?: readonly string[];
  traceId?: string;
  /** For rateLimited: how long the server asked us to wait. */
  retryAfterMs?: number;
  /** How many attempts were made before giving up. */
  attempts?: number;
  cause?: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly messages: string[];
  readonly traceId?: string;
  readonly retryAfterMs?: number;
  readonly attempts?: number;

  constructor(kind: ApiErrorKind, message: string, details: ApiErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.messages = [...(details.messages ?? [])];
    this.traceId = details.traceId;
    this.retryAfterMs = details.retryAfterMs;
    this.attempts = details.attempts;
  }

  /** True for failures that may go away if the user simply tries again later. */
  get transient(): boolean {
    return this.kind === 'rateLimited' || this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout';
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** What was being asked for, so that a 404 can say which thing was not found. */
export interface RequestSubject {
  /** e.g. "call log 64f…" or "agent 64f…"; undefined for list requests. */
  resource?: string;
}

function serverMessages(body: unknown): { messages: string[]; traceId?: string } {
  const parsed = ErrorBodySchema.safeParse(body);
  if (!parsed.success) return { messages: [] };
  const { message, traceId } = parsed.data;
  const messages = message === undefined ? [] : Array.isArray(message) ? message : [message];
  return { messages: messages.filter((m) => m.trim() !== ''), traceId };
}

function withServerWords(text: string, messages: readonly string[]): string {
  return messages.length === 0 ? text : `${text} ${l10n.t('The server said: {0}.', messages.join('; '))}`.replace(/\.\.$/, '.');
}

/** Builds the error for a non-2xx answer. `body` is the parsed JSON body, if any. */
export function errorFromStatus(
  status: number,
  body: unknown,
  subject: RequestSubject = {},
  extra: Pick<ApiErrorDetails, 'retryAfterMs' | 'attempts'> = {},
): ApiError {
  const { messages, traceId } = serverMessages(body);
  const details: ApiErrorDetails = { status, messages, traceId, ...extra };
  const trace = traceId ? ` ${l10n.t('(trace id {0})', traceId)}` : '';
  if (status === 401) {
    return new ApiError(
      'unauthorized',
      withServerWords(l10n.t('The Voice AI API refused the token (401). {0}', unauthorizedAdvice(messages)), messages) + trace,
      details,
    );
  }
  if (status === 403) {
    return new ApiError(
      'forbidden',
      withServerWords(
        l10n.t('The token has no access to this location (403). Check that the location id belongs to the sub-account the token was issued for.'),
        messages,
      ) + trace,
      details,
    );
  }
  if (status === 404) {
    const text = subject.resource
      ? l10n.t('{0} was not found in this location (404). It may have been deleted, or belong to another location.', capitalise(subject.resource))
      : l10n.t('The requested resource was not found in this location (404). It may have been deleted, or belong to another location.');
    return new ApiError(
      'notFound',
      `${text}${trace}`,
      details,
    );
  }
  if (status === 400 || status === 422) {
    return new ApiError(
      'validation',
      withServerWords(l10n.t('The Voice AI API rejected the request as invalid ({0}).', status), messages) + trace,
      details,
    );
  }
  if (status === 429) {
    const text =
      extra.retryAfterMs !== undefined
        ? l10n.t('Too many requests: the Voice AI API rate limit for this location was reached (429). It asked to wait {0} s. Try again in a moment.', Math.ceil(extra.retryAfterMs / 1000))
        : l10n.t('Too many requests: the Voice AI API rate limit for this location was reached (429). Try again in a moment.');
    return new ApiError(
      'rateLimited',
      `${text}${trace}`,
      details,
    );
  }
  if (status >= 500) {
    return new ApiError(
      'server',
      withServerWords(l10n.t('The Voice AI API had a problem answering ({0}). Try again in a moment.', status), messages) + trace,
      details,
    );
  }
  return new ApiError(
    'badResponse',
    withServerWords(l10n.t('The Voice AI API answered with an unexpected status {0}.', status), messages) + trace,
    details,
  );
}

/** What to do about a 401, from the server's reason (api-notes lists the ones seen). */
function unauthorizedAdvice(messages: readonly string[]): string {
  const said = messages.join(' ').toLowerCase();
  if (said.includes('scope')) {
    return l10n.t('It lacks a scope this extension needs: create a token with voice-ai-dashboard.readonly and voice-ai-agents.readonly.');
  }
  if (said.includes('user type')) {
    return l10n.t('It looks like an agency token: use a token of the sub-account (location), e.g. its Private Integration Token.');
  }
  if (said.includes('version')) return l10n.t('The Version header was not accepted: check the API version setting.');
  return l10n.t('It may have expired or been revoked: set a new sub-account (location) token.');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "callLogs[3].createdAt" from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(response)' : out;
}

/** One line per zod issue: "callLogs[3].createdAt: expected string, received undefined". */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message.replace(/^Invalid input: /, '')}`);
}

export function badResponse(what: string, issues: readonly string[], status?: number): ApiError {
  const shown = issues.slice(0, 3).join('; ') + (issues.length > 3 ? `; ${l10n.t('and {0} more', issues.length - 3)}` : '');
  return new ApiError(
    'badResponse',
    l10n.t('The Voice AI API sent {0} this extension cannot read: {1}. The API may have changed; please report it.', what, shown),
    { status, messages: [...issues] },
  );
}

export function invalidInput(reason: string): ApiError {
  return new ApiError('invalidInput', reason, { messages: [reason] });
}

/** Removes the token from any text that might end up in a message or a log. */
export function redact(text: string, token: string): string {
  return token.length >= 4 ? text.split(token).join('***') : text;
}

// Here rather than in transport.ts, which loads undici: the recording's code and commands use these at
// activation, and undici is loaded only with the first API client.

/** "1.2 MB", "340 KB": sizes in messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${Math.round(bytes / 1_000)} KB`;
  return `${bytes} bytes`;
}

/** A download that ended before its declared length (or with a reset): worth a retry. */
export function cutOff(received: number, expected: number | undefined, attempts: number, reason: string, cause?: unknown): ApiError {
  const got = expected !== undefined ? l10n.t('{0} of {1}', formatBytes(received), formatBytes(expected)) : formatBytes(received);
  return new ApiError('network', l10n.t('The download was cut off after {0} ({1}). Try again; if it persists, check your connection or proxy.', got, reason), {
    attempts,
    messages: [`cut off after ${received} bytes${expected !== undefined ? ` of ${expected}` : ''}: ${reason}`],
    cause,
  });
}
