// The recording of one open call panel: fetched through the API client when the user first asks
// to play (opening a panel costs no request), handed to the webview as bytes in chunks (never a
// URL or the token), kept while the panel is open so that a webview that reloads (a hidden tab)
// and Save Recording… need no second download, and stopped when the panel closes.
import * as vscode from 'vscode';
import type { VoiceAiClient } from '../../api/client';
import { isRecordingUnavailable, RECORDING_SCOPE, type RecordingStream } from '../../api/conversations/api';
import type { RecordingUnavailable, RecordingUpdate, TimedSentence, TranscriptTurn } from '../../shared/protocol';
import { failureMessage } from '../../services/errors';
import { timedSentences } from './speakers';

/** Chunks are gathered up to this size before they cross to the webview (a few messages per MB). */
const POST_BYTES = 512 * 1024;

export interface RecordingHost {
  client(): Promise<VoiceAiClient>;
  post(update: RecordingUpdate): void;
  warn(message: string): void;
}

type State = 'idle' | 'loading' | 'complete' | 'unavailable';

export class RecordingSession implements vscode.Disposable {
  private state: State = 'idle';
  private abort: AbortController | undefined;
  /** What the webview was told, in order, to tell it again after it reloaded. */
  private transcript: RecordingUpdate | undefined;
  private readonly audio: Uint8Array[] = [];
  private received = 0;
  private total: number | undefined;
  private unavailable: RecordingUpdate | undefined;

  constructor(
    private readonly host: RecordingHost,
    readonly messageId: string,
    private readonly turns: () => readonly TranscriptTurn[],
  ) {}

  /** The whole recording, once it has been received (for Save Recording…). */
  get bytes(): readonly Uint8Array[] | undefined {
    return this.state === 'complete' ? this.audio : undefined;
  }

  /** Starts fetching the transcription and the audio, unless under way or done. */
  load(): void {
    if (this.state === 'loading' || this.state === 'complete') return;
    this.state = 'loading';
    this.transcript = undefined;
    this.unavailable = undefined;
    this.audio.length = 0;
    this.received = 0;
    const abort = new AbortController();
    this.abort = abort;
    void this.fetch(abort.signal).finally(() => {
      if (this.abort === abort) this.abort = undefined;
    });
  }

  /** Tells a webview that (re)loaded everything it was told so far. */
  replay(): void {
    if (this.transcript) this.host.post(this.transcript);
    for (let i = 0, at = 0; i < this.audio.length; i++) {
      at += this.audio[i].byteLength;
      this.host.post({ kind: 'chunk', bytes: this.audio[i], received: at, total: this.total });
    }
    if (this.state === 'complete') this.host.post({ kind: 'complete', byteLength: this.received });
    if (this.unavailable) this.host.post(this.unavailable);
  }

  dispose(): void {
    this.abort?.abort();
    this.audio.length = 0;
  }

  private async fetch(signal: AbortSignal): Promise<void> {
    let client: VoiceAiClient;
    try {
      client = await this.host.client();
    } catch (error) {
      this.fail(error);
      return;
    }
    const transcript = client.conversations.getTranscription(this.messageId, signal).then(
      (sentences) => this.tell({ kind: 'transcript', sentences: timedSentences(sentences, this.turns()) satisfies TimedSentence[] }),
      (error: unknown) => {
        if (signal.aborted) return;
        if (isRecordingUnavailable(error) && error.reason === 'noTranscription') {
          this.tell({ kind: 'transcriptUnavailable', message: vscode.l10n.t('The API has no timed transcript for this recording: the call log\'s transcript is below.') });
          return;
        }
        // Without the scope (or the token), the audio fails the same way: one message, from either.
        this.fail(error);
      },
    );
    try {
      const stream = await client.conversations.openRecording(this.messageId, { signal });
      await this.receive(stream);
      if (this.state !== 'loading') return;
      this.state = 'complete';
      this.host.post({ kind: 'complete', byteLength: this.received });
    } catch (error) {
      if (!signal.aborted) this.fail(error);
    }
    await transcript;
  }

  private async receive(stream: RecordingStream): Promise<void> {
    this.total = stream.contentLength;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = (): void => {
      if (pendingBytes === 0) return;
      const bytes = new Uint8Array(pendingBytes);
      let at = 0;
      for (const p of pending) {
        bytes.set(p, at);
        at += p.byteLength;
      }
      pending = [];
      pendingBytes = 0;
      this.audio.push(bytes);
      this.host.post({ kind: 'chunk', bytes, received: this.received, total: this.total });
    };
    for await (const chunk of stream.chunks) {
      if (this.state !== 'loading') return;
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      this.received += chunk.byteLength;
      if (pendingBytes >= POST_BYTES) flush();
    }
    flush();
  }

  private tell(update: RecordingUpdate): void {
    if (this.state === 'unavailable') return;
    this.transcript = update;
    this.host.post(update);
  }

  private fail(error: unknown): void {
    if (this.state === 'unavailable') return;
    this.abort?.abort();
    this.state = 'unavailable';
    this.audio.length = 0;
    this.host.warn(`Recording of message ${this.messageId}: ${failureMessage(error)}`);
    this.unavailable = unavailableUpdate(error, this.messageId);
    this.host.post(this.unavailable);
  }
}

/** Why a call's recording cannot be had, and what to do, in words (the panel and Save Recording… say it). */
export function recordingProblem(error: unknown, messageId: string): { reason: RecordingUnavailable; title: string; message: string; canRetry: boolean; canSetToken: boolean } {
  if (isRecordingUnavailable(error) && error.reason === 'missingScope') {
    return {
      reason: 'missingScope',
      title: vscode.l10n.t('The token may not read recordings'),
      message: vscode.l10n.t(
        'The API token lacks the scope {0} ("View Conversation Messages"), which recordings need. To add it: for a Private Integration, edit it in the sub-account\'s Settings › Private Integrations, tick the scope and copy the new token; for an OAuth app, add the scope to the app in the Marketplace developer portal and have the sub-account authorize the app again. Then run "Voice AI: Set API Token".',
        RECORDING_SCOPE,
      ),
      canRetry: true,
      canSetToken: true,
    };
  }
  if (isRecordingUnavailable(error)) {
    return {
      reason: 'noRecording',
      title: vscode.l10n.t('No recording of this call'),
      message: vscode.l10n.t('The API has no recording for this call (message {0}): it was not recorded, or the recording was deleted.', messageId),
      canRetry: false,
      canSetToken: false,
    };
  }
  return {
    reason: 'failed',
    title: vscode.l10n.t('Could not load the recording'),
    message: failureMessage(error),
    canRetry: true,
    canSetToken: (error as { kind?: unknown } | undefined)?.kind === 'unauthorized',
  };
}

/** What the panel says instead of playing: why, what to do, and that the transcript shown is the call log's. */
export function unavailableUpdate(error: unknown, messageId: string): RecordingUpdate {
  const problem = recordingProblem(error, messageId);
  return { kind: 'unavailable', ...problem, message: vscode.l10n.t("{0} The call log's transcript is below.", problem.message) };
}
