// The Conversations API endpoints behind a call log's `messageId`: the call's recording (a WAV
// file, streamed) and its transcription sentence by sentence with timings. Same transport as the
// voice-AI endpoints: auth, Version header, rate limit, timeout and retries. No VS Code dependency.
import * as l10n from '@vscode/l10n';
import { ApiError, badResponse, cutOff, formatBytes, formatIssues } from '../errors';
import { pathId } from '../callLogQuery';
import type { RequestOptions, Transport } from '../transport';
import { recordingFailure } from './errors';
import { orderSentences, TranscriptionResponseSchema, type TranscriptSentence } from './schemas';
import { declaredWavLength, isWav, WAV_HEAD_BYTES } from './wav';

export { RECORDING_SCOPE, RecordingUnavailableError, isRecordingUnavailable, type RecordingUnavailableReason } from './errors';
export type { TranscriptSentence } from './schemas';

export interface RecordingProgress {
  /** Bytes received so far. */
  readonly received: number;
  /** The recording's size, from Content-Length or the WAV header; undefined until known. */
  readonly total: number | undefined;
}

export interface OpenRecordingOptions {
  readonly signal?: AbortSignal;
  /** Called after each chunk (and once with 0 when the answer starts). */
  readonly onProgress?: (progress: RecordingProgress) => void;
  readonly request?: RequestOptions;
}

/** A recording being received: its chunks, checked to form a whole WAV file. */
export interface RecordingStream {
  /** From Content-Length, when the server sent one. */
  readonly contentLength: number | undefined;
  readonly contentType: string | undefined;
  /**
   * The WAV file's bytes as they arrive. Throws ApiError 'badResponse' when they are not a WAV file,
   * 'network' when the recording is cut off (short of its Content-Length or of the size its header
   * gives), 'timeout' when it stalls, 'aborted' when the signal fires. Breaking out of the loop stops
   * the download.
   */
  readonly chunks: AsyncIterable<Uint8Array>;
}

export class ConversationsApi {
  constructor(
    private readonly transport: Transport,
    private readonly locationId: string,
  ) {}

  /**
   * The call's sentences in the order spoken, each with its channel, start and end (ms from the
   * start of the recording), text and confidence. Throws RecordingUnavailableError for a token
   * without the Conversations scope ('missingScope') or a message without one ('noTranscription').
   */
  async getTranscription(messageId: string, signal?: AbortSignal): Promise<TranscriptSentence[]> {
    const id = pathId('messageId', messageId);
    const location = pathId('locationId', this.locationId);
    if (signal?.aborted) throw new ApiError('aborted', 'The request was cancelled.');
    let body: unknown;
    try {
      body = await this.transport.getJson(`/conversations/locations/${location}/messages/${id}/transcription`, {}, signal, {
        resource: `the transcription of message ${messageId}`,
      });
    } catch (error) {
      throw recordingFailure(error, 'noTranscription');
    }
    const parsed = TranscriptionResponseSchema.safeParse(body);
    if (!parsed.success) throw badResponse(`a transcription (message ${messageId})`, formatIssues(parsed.error.issues));
    return orderSentences(parsed.data);
  }

  /**
   * Starts receiving the call's recording: resolves once the API answered (errors as for
   * getTranscription, 'noRecording' for a message without one), then streams it.
   */
  async openRecording(messageId: string, options: OpenRecordingOptions = {}): Promise<RecordingStream> {
    const { signal, onProgress } = options;
    const id = pathId('messageId', messageId);
    const location = pathId('locationId', this.locationId);
    if (signal?.aborted) throw new ApiError('aborted', 'The request was cancelled.');
    let answer;
    try {
      answer = await this.transport.getStream(
        `/conversations/messages/${id}/locations/${location}/recording`,
        {},
        'audio/x-wav, audio/wav;q=0.9, audio/*;q=0.8',
        signal,
        { resource: `the recording of message ${messageId}` },
        options.request,
      );
    } catch (error) {
      throw recordingFailure(error, 'noRecording');
    }
    const { contentLength, contentType, chunks, attempts } = answer;
    onProgress?.({ received: 0, total: contentLength });
    return { contentLength, contentType, chunks: checkedWav(chunks, contentLength, attempts, onProgress) };
  }

  /** Every byte of the recording in one buffer (for a player that needs the whole file). */
  async getRecording(messageId: string, options: OpenRecordingOptions = {}): Promise<Uint8Array> {
    const stream = await this.openRecording(messageId, options);
    const parts: Uint8Array[] = [];
    let length = 0;
    for await (const chunk of stream.chunks) {
      parts.push(chunk);
      length += chunk.byteLength;
    }
    const whole = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      whole.set(part, at);
      at += part.byteLength;
    }
    return whole;
  }
}

/** Passes the chunks on, checking the WAV header and the length it declares; reports progress. */
async function* checkedWav(
  chunks: AsyncIterable<Uint8Array>,
  contentLength: number | undefined,
  attempts: number,
  onProgress: OpenRecordingOptions['onProgress'],
): AsyncGenerator<Uint8Array, void, undefined> {
  let received = 0;
  let head: Uint8Array | undefined = new Uint8Array(0);
  let declared: number | undefined;
  for await (const chunk of chunks) {
    if (head) {
      // The header may arrive over several chunks: held back until its 12 bytes are in.
      const joined: Uint8Array = new Uint8Array(head.byteLength + chunk.byteLength);
      joined.set(head);
      joined.set(chunk, head.byteLength);
      if (joined.byteLength < WAV_HEAD_BYTES) {
        head = joined;
        continue;
      }
      if (!isWav(joined)) throw badResponse('a recording', ['the audio is not a WAV file (no RIFF/WAVE header)']);
      declared = declaredWavLength(joined);
      head = undefined;
      received += joined.byteLength;
      onProgress?.({ received, total: contentLength ?? declared });
      yield joined;
      continue;
    }
    received += chunk.byteLength;
    onProgress?.({ received, total: contentLength ?? declared });
    yield chunk;
  }
  if (head) throw received === 0 && head.byteLength === 0 ? badResponse('a recording', ['the audio is empty']) : badResponse('a recording', ['the audio is not a WAV file (too short)']);
  if (declared !== undefined && received < declared) throw cutOff(received, declared, attempts, l10n.t('the WAV file says {0}', formatBytes(declared)));
}
