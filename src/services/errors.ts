// Reading failures for the user. Duck-typed on the client's ApiError (kind, status, messages,
// traceId) so that this module stays free of vscode and of the client's internals.
import * as l10n from '@vscode/l10n';
import type { ApiErrorKind } from '../api/errors';

export type FailureKind = ApiErrorKind | 'noToken' | 'noLocation' | 'unknown';

/** Raised before any request when the connection lacks a token or a location id. */
export class NotConfiguredError extends Error {
  constructor(readonly reason: 'noToken' | 'noLocation') {
    super(
      reason === 'noToken'
        ? l10n.t('No API token is set. Run "Voice AI: Set API Token" (or "Voice AI: Try Sample Data").')
        : l10n.t('No location id is set. Run "Voice AI: Set Location ID" (or "Voice AI: Try Sample Data").'),
    );
    this.name = 'NotConfiguredError';
  }
}

interface ApiErrorLike {
  kind: string;
  status?: number;
  messages?: unknown;
  traceId?: string;
  message: string;
}

function asApiError(error: unknown): ApiErrorLike | undefined {
  if (error instanceof Error && typeof (error as unknown as ApiErrorLike).kind === 'string') {
    return error as unknown as ApiErrorLike;
  }
  return undefined;
}

export function failureKind(error: unknown): FailureKind {
  if (error instanceof NotConfiguredError) {
    return error.reason;
  }
  const api = asApiError(error);
  if (api) {
    return api.kind as FailureKind;
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return 'aborted';
  }
  return 'unknown';
}

export function isAuthFailure(error: unknown): boolean {
  const kind = failureKind(error);
  return kind === 'unauthorized' || kind === 'forbidden';
}

/** Cannot reach the API at all (as opposed to the API answering with an error). */
export function isUnreachable(error: unknown): boolean {
  const kind = failureKind(error);
  return kind === 'network' || kind === 'timeout';
}

/**
 * Text from the server (or anyone between it and us) made safe for a notification: VS Code
 * turns `[label](command:…)` in a notification into a link that runs the command on click.
 * Breaking the `](` pair keeps every word readable while no link can form.
 */
export function safeText(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}

/** One line for a tree node or a notification: the server's own words, its status and trace id. */
export function failureMessage(error: unknown): string {
  const api = asApiError(error);
  if (api) {
    const messages = Array.isArray(api.messages) ? api.messages.filter((m) => typeof m === 'string' && m !== '') : [];
    const text = messages.length > 0 ? messages.join('; ') : api.message;
    const status = api.status !== undefined && !text.includes(String(api.status)) ? `${api.status} ` : '';
    const trace = api.traceId ? ` ${l10n.t('(trace {0})', api.traceId)}` : '';
    return `${status}${text}${trace}`;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}
