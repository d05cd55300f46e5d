// The client's two Conversations methods against the local API server: the timed transcription
// (a list, or one object as the spec types it), the recording streamed with progress, and their
// failures: the missing scope (401), no recording (404), a recording cut off half-way (with and
// without Content-Length), a stop midway, retries of a 429, and bytes that are not a WAV file.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VoiceAiClient } from '../../../src/api/client';
import { ApiError } from '../../../src/api/errors';
import { RECORDING_SCOPE, RecordingUnavailableError } from '../../../src/api/conversations/api';
import { startApiServer, SCOPES, type ApiServer } from '../../../test/api-server/server';
import { sampleSentences, wavLength } from '../../../test/api-server/recording';
import { TranscriptionResponseSchema } from '../../../src/api/conversations/schemas';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** From out/test/unit/api (compiled) to the repository's spec copy. */
const SPEC_FILE = join(__dirname, '..', '..', '..', '..', 'test', 'api-server', 'spec', 'conversations-messages.json');
const NARROW_TOKEN = 'pit-voice-ai-only-token-0001';
let server: ApiServer;
const clients: VoiceAiClient[] = [];

function client(token = server.token, rateLimit?: false): VoiceAiClient {
  const c = new VoiceAiClient({ baseUrl: server.baseUrl, token, locationId: server.locationId, retryBackoff: { baseMs: 20, maxMs: 100 }, rateLimit });
  clients.push(c);
  return c;
}

/** A call with a recording, the first with at least `seconds` of audio. */
function recordedCall(seconds = 0) {
  for (let i = 0; i < server.sample.count; i++) {
    const call = server.sample.callLog(i);
    if (server.sample.hasRecording(i) && call.duration >= seconds) return { i, call, messageId: call.messageId as string };
  }
  throw new Error('no recorded call in the sample');
}

async function drain(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

before(async () => {
  server = await startApiServer({ port: 0, calls: 300, seed: 5, now: Date.UTC(2026, 10, 20), tokens: { [NARROW_TOKEN]: [SCOPES.callLogs, SCOPES.agents] } });
});
beforeEach(() => server.setFaults({}));
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.stop();
});

describe('Conversations: transcription', () => {
  it('reads a list of sentences, in spoken order, with channel, times, text and confidence', async () => {
    const { i, call, messageId } = recordedCall();
    const sentences = await client().conversations.getTranscription(messageId);
    const expected = sampleSentences(call, server.sample.seed ^ i);
    assert.ok(sentences.length > 2);
    assert.equal(sentences.length, expected.length);
    assert.deepEqual(
      sentences.map((s) => [s.mediaChannel, s.sentenceIndex, s.startTime, s.endTime, s.transcript, s.confidence]),
      expected.map((s) => [s.mediaChannel, s.sentenceIndex, s.startTime, s.endTime, s.transcript, s.confidence]),
    );
    for (let k = 1; k < sentences.length; k++) assert.ok(sentences[k].startTime >= sentences[k - 1].startTime);
    assert.ok(sentences[sentences.length - 1].endTime <= call.duration * 1000);
    const path = server.requests.at(-1)?.path;
    assert.equal(path, `/conversations/locations/${server.locationId}/messages/${messageId}/transcription`);
  });

  it('reads a single sentence object, as the spec types the answer', async () => {
    const { messageId } = recordedCall();
    server.setFaults({ transcriptionAsObject: true });
    const sentences = await client().conversations.getTranscription(messageId);
    assert.equal(sentences.length, 1);
    assert.equal(sentences[0].sentenceIndex, 0);
    assert.equal(typeof sentences[0].transcript, 'string');
  });

  it('says which scope is missing and how to add it (401 "not authorized for this scope")', async () => {
    const { messageId } = recordedCall();
    const failure = await client(NARROW_TOKEN).conversations.getTranscription(messageId).then(
      () => assert.fail('expected a 401'),
      (e: unknown) => e,
    );
    assert.ok(failure instanceof RecordingUnavailableError, String(failure));
    assert.equal(failure.reason, 'missingScope');
    assert.equal(failure.scope, RECORDING_SCOPE);
    assert.equal(failure.kind, 'unauthorized');
    assert.equal(failure.status, 401);
    assert.match(failure.message, /conversations\/message\.readonly/);
    assert.match(failure.message, /Private Integration/);
    assert.match(failure.message, /OAuth app/);
    assert.ok(!failure.message.includes(NARROW_TOKEN));
  });

  it('another 401 (a wrong token) stays an unauthorized error, not a missing scope', async () => {
    const { messageId } = recordedCall();
    const failure = await client('pit-not-a-token-at-all-0000').conversations.getTranscription(messageId).catch((e: unknown) => e);
    assert.ok(failure instanceof ApiError && !(failure instanceof RecordingUnavailableError));
    assert.equal(failure.kind, 'unauthorized');
  });

  it('a message without a recording: 404 read as noTranscription', async () => {
    const i = [...Array(server.sample.count).keys()].find((k) => server.sample.callLog(k).messageId && !server.sample.hasRecording(k));
    assert.ok(i !== undefined);
    const failure = await client().conversations.getTranscription(server.sample.callLog(i).messageId as string).catch((e: unknown) => e);
    assert.ok(failure instanceof RecordingUnavailableError);
    assert.equal(failure.reason, 'noTranscription');
    assert.equal(failure.status, 404);
  });
});

describe('Conversations: recording', () => {
  it('streams the WAV file with progress; its size and header match the call', async () => {
    const { call, messageId } = recordedCall(60);
    const progress: { received: number; total: number | undefined }[] = [];
    const stream = await client().conversations.openRecording(messageId, { onProgress: (p) => progress.push(p) });
    assert.equal(stream.contentType, 'audio/x-wav');
    const bytes = await drain(stream.chunks);
    assert.equal(bytes.byteLength, wavLength(call));
    assert.equal(Buffer.from(bytes.subarray(0, 4)).toString('latin1'), 'RIFF');
    assert.equal(Buffer.from(bytes.subarray(8, 12)).toString('latin1'), 'WAVE');
    assert.ok(progress.length > 3, `several progress reports (${progress.length})`);
    assert.deepEqual(progress[0], { received: 0, total: bytes.byteLength });
    assert.deepEqual(progress.at(-1), { received: bytes.byteLength, total: bytes.byteLength });
    assert.equal(server.requests.at(-1)?.path, `/conversations/messages/${messageId}/locations/${server.locationId}/recording`);
  });

  it('is silent between sentences and sounds during them', async () => {
    const { i, call, messageId } = recordedCall(30);
    const bytes = await client().conversations.getRecording(messageId);
    const samples = new Int16Array(bytes.buffer, bytes.byteOffset + 44, (bytes.byteLength - 44) / 2);
    const [first] = sampleSentences(call, server.sample.seed ^ i);
    const at = (ms: number) => samples.subarray(Math.floor(ms * 8), Math.floor(ms * 8) + 80);
    const loud = (s: Int16Array) => Math.max(...s.map(Math.abs));
    assert.ok(loud(at((first.startTime + first.endTime) / 2)) > 1000, 'a tone while the first sentence is spoken');
    assert.equal(loud(at(first.startTime / 2)), 0, 'silence before it');
  });

  it('401 for a token without the scope, naming it', async () => {
    const { messageId } = recordedCall();
    const failure = await client(NARROW_TOKEN).conversations.openRecording(messageId).catch((e: unknown) => e);
    assert.ok(failure instanceof RecordingUnavailableError);
    assert.equal(failure.reason, 'missingScope');
    assert.match(failure.message, /conversations\/message\.readonly/);
  });

  it('404 for a message without a recording, and for an unknown message', async () => {
    const i = [...Array(server.sample.count).keys()].find((k) => server.sample.callLog(k).messageId && !server.sample.hasRecording(k));
    assert.ok(i !== undefined);
    for (const id of [server.sample.callLog(i).messageId as string, 'AAAAAAAAAAAAAA000000']) {
      const failure = await client().conversations.openRecording(id).catch((e: unknown) => e);
      assert.ok(failure instanceof RecordingUnavailableError, String(failure));
      assert.equal(failure.reason, 'noRecording');
      assert.equal(failure.status, 404);
    }
  });

  it('a recording cut off half-way fails as a network error saying so (with Content-Length)', async () => {
    const { call, messageId } = recordedCall(60);
    server.setFaults({ cutOffRate: 1 });
    const stream = await client().conversations.openRecording(messageId);
    let got = 0;
    const failure = await (async () => {
      for await (const c of stream.chunks) got += c.byteLength;
    })().catch((e: unknown) => e);
    assert.ok(failure instanceof ApiError, String(failure));
    assert.equal(failure.kind, 'network');
    assert.match(failure.message, /cut off/);
    assert.ok(got < wavLength(call));
  });

  it('a recording cut off without Content-Length is caught by the size its WAV header gives', async () => {
    const { messageId } = recordedCall(60);
    server.setFaults({ cutOffRate: 1, audioLengthUnknown: true });
    const stream = await client().conversations.openRecording(messageId);
    assert.equal(stream.contentLength, undefined);
    const failure = await drain(stream.chunks).catch((e: unknown) => e);
    assert.ok(failure instanceof ApiError, String(failure));
    assert.equal(failure.kind, 'network');
    assert.match(failure.message, /cut off after .*the WAV file says/);
  });

  it('without Content-Length, a whole recording still arrives whole', async () => {
    const { call, messageId } = recordedCall(20);
    server.setFaults({ audioLengthUnknown: true });
    const bytes = await client().conversations.getRecording(messageId);
    assert.equal(bytes.byteLength, wavLength(call));
  });

  it('stops downloading when the signal fires midway', async () => {
    const { call, messageId } = recordedCall(300);
    server.setFaults({ audioBytesPerSecond: 400_000 });
    const abort = new AbortController();
    const before = server.audioBytesSent;
    const stream = await client().conversations.openRecording(messageId, {
      signal: abort.signal,
      onProgress: (p) => p.received > 200_000 && abort.abort(),
    });
    const failure = await drain(stream.chunks).catch((e: unknown) => e);
    assert.ok(failure instanceof ApiError && failure.kind === 'aborted', String(failure));
    const sent = server.audioBytesSent - before;
    // Evidence, not a sleep: the server stops writing once the socket is gone.
    const deadline = Date.now() + 5000;
    while (server.audioBytesSent - before > sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(server.audioBytesSent - before < wavLength(call) / 2, `the server stopped sending (${server.audioBytesSent - before} of ${wavLength(call)})`);
  });

  it('retries a 429 before the audio starts, as for every GET', async () => {
    const { messageId } = recordedCall();
    server.setFaults({ rateLimitBurst: 1, retryAfterSeconds: 0 });
    server.clearRequests();
    // Without the client's own limiter, which would wait out the window the 429 announced.
    const bytes = await client(server.token, false).conversations.getRecording(messageId);
    assert.ok(bytes.byteLength > 44);
    assert.deepEqual(server.requests.map((r) => r.status), [429, 200]);
  });

  it('refuses an id that would change the path', async () => {
    await assert.rejects(client().conversations.openRecording('..'), (e: unknown) => e instanceof ApiError && e.kind === 'invalidInput');
    await assert.rejects(client().conversations.getTranscription(' '), (e: unknown) => e instanceof ApiError && e.kind === 'invalidInput');
  });
});

describe('Conversations: the spec', () => {
  it("reads the spec's own transcription example (its numbers are strings) and knows both paths and the scope", () => {
    const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as {
      paths: Record<string, { get: { security: Record<string, string[]>[] } }>;
      components: { schemas: { GetMessageTranscriptionResponseDto: { properties: Record<string, { example: unknown }> } } };
    };
    const example = Object.fromEntries(Object.entries(spec.components.schemas.GetMessageTranscriptionResponseDto.properties).map(([k, v]) => [k, v.example]));
    const parsed = TranscriptionResponseSchema.parse(example);
    assert.ok(!Array.isArray(parsed));
    assert.deepEqual([parsed.mediaChannel, parsed.startTime, parsed.endTime, parsed.confidence], [1, 34, 45, 0.5]);
    assert.deepEqual(TranscriptionResponseSchema.parse([example, example]).length, 2);
    for (const [path, item] of Object.entries(spec.paths)) {
      assert.ok(/\/recording$|\/transcription$/.test(path), path);
      assert.deepEqual(item.get.security[0].bearer, [RECORDING_SCOPE]);
    }
  });
});
