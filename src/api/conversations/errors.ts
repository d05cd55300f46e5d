// Why a call's recording or transcription cannot be had, typed so that the panel can say what to
// do: the token lacks the Conversations scope, or the message has no recording (or transcription).
import * as l10n from '@vscode/l10n';
import { ApiError } from '../errors';

/** The scope both Conversations endpoints need; the voice-AI scopes do not include it. */
export const RECORDING_SCOPE = 'conversations/message.readonly';

export type RecordingUnavailableReason = 'missingScope' | 'noRecording' | 'noTranscription';

export class RecordingUnavailableError extends ApiError {
  constructor(
    readonly reason: RecordingUnavailableReason,
    source: ApiError,
  ) {
    super(source.kind, messageFor(reason, source), {
      status: source.status,
      messages: source.messages,
      traceId: source.traceId,
      attempts: source.attempts,
      cause: source,
    });
  }

  /** The scope to add, for 'missingScope'. */
  get scope(): string | undefined {
    return this.reason === 'missingScope' ? RECORDING_SCOPE : undefined;
  }
}

export function isRecordingUnavailable(value: unknown): value is RecordingUnavailableError {
  return value instanceof RecordingUnavailableError;
}

function messageFor(reason: RecordingUnavailableReason, source: ApiError): string {
  const said = source.messages.length > 0 ? ` ${l10n.t('The server said: {0}.', source.messages.join('; '))}`.replace(/\.\.$/, '.') : '';
  const trace = source.traceId ? ` ${l10n.t('(trace id {0})', source.traceId)}` : '';
  switch (reason) {
    case 'missingScope':
      return (
        l10n.t(
          'The token is not allowed to read call recordings (401): it lacks the scope {0} ("View Conversation Messages"). For a Private Integration, edit it in the sub-account\'s Settings › Private Integrations, tick the scope and copy the new token; for an OAuth app, add the scope to the app in the Marketplace developer portal and have the sub-account authorize the app again. Then run "Voice AI: Set API Token".',
          RECORDING_SCOPE,
        ) + trace
      );
    case 'noRecording':
      return l10n.t('This call has no recording ({0}).', source.status ?? 404) + said + trace;
    case 'noTranscription':
      return l10n.t("This call's recording has no transcription ({0}).", source.status ?? 404) + said + trace;
  }
}

/**
 * The typed error for a failure of a Conversations request, or the failure as it was. A 401 that
 * names a scope is the missing scope (any other 401, e.g. an expired token, stays what it is);
 * 404 and 400 are the message without a recording (or transcription).
 */
export function recordingFailure(error: unknown, missing: 'noRecording' | 'noTranscription'): unknown {
  if (!(error instanceof ApiError) || error instanceof RecordingUnavailableError) return error;
  if (error.status === 401 && error.messages.some((m) => /scope/i.test(m))) return new RecordingUnavailableError('missingScope', error);
  if (error.status === 404 || (error.status === 400 && !error.messages.some((m) => /version/i.test(m)))) return new RecordingUnavailableError(missing, error);
  return error;
}
