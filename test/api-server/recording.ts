// The Conversations API's view of a sample call: its transcription, sentence by sentence with
// timings, and its recording, a WAV file generated on request whose sound matches those timings
// (a tone while someone speaks — one pitch for the agent, another for the caller — silence
// between). Nothing is stored: both are rebuilt from the call log, deterministically, and the
// audio is produced chunk by chunk as it is sent, so a 20-minute call costs a few kilobytes.
import { mixSeed, Rng } from './random';
import type { SampleCallLog } from './data';

/** The sample's convention (the API documents none): channel 1 is the agent, 2 the caller. */
export const AGENT_CHANNEL = 1;
export const CALLER_CHANNEL = 2;

/** 8 kHz, 16-bit, mono: a telephone call's quality, ~16 KB per second (a 20-minute call is ~19 MB). */
export const SAMPLE_RATE = 8000;
const BYTES_PER_SAMPLE = 2;
export const WAV_HEADER_BYTES = 44;
/** Tone of each channel, in whole hertz so that one second of samples is one period of the table. */
const TONE_HZ: Record<number, number> = { [AGENT_CHANNEL]: 440, [CALLER_CHANNEL]: 330 };
const AMPLITUDE = 0.25 * 0x7fff;
/** Samples per chunk written (64 KB). */
const CHUNK_SAMPLES = 32 * 1024;

export interface SampleSentence {
  mediaChannel: number;
  sentenceIndex: number;
  /** Milliseconds from the start of the recording. */
  startTime: number;
  endTime: number;
  transcript: string;
  confidence: number;
}

/** Spoken speed used to time the sentences (then fitted into the call's duration). */
const MS_PER_CHAR = 60;
const MIN_SENTENCE_MS = 700;

/** The call's transcript as sentences in order, timed inside its duration. */
export function sampleSentences(call: SampleCallLog, seed: number): SampleSentence[] {
  const rng = new Rng(mixSeed(seed, 0x5e47));
  const spoken: { channel: number; text: string; ms: number }[] = [];
  for (const line of call.transcript.split('\n')) {
    const m = /^(bot|human):\s*(.*)$/.exec(line);
    if (!m || m[2].trim() === '') continue;
    const channel = m[1] === 'bot' ? AGENT_CHANNEL : CALLER_CHANNEL;
    // Sentence by sentence, as a speech recogniser cuts them.
    for (const text of m[2].match(/[^.!?]+[.!?]*\s*/g) ?? [m[2]]) {
      const t = text.trim();
      if (t !== '') spoken.push({ channel, text: t, ms: Math.max(MIN_SENTENCE_MS, t.length * MS_PER_CHAR) });
    }
  }
  const durationMs = Math.max(1000, call.duration * 1000);
  const speech = spoken.reduce((sum, s) => sum + s.ms, 0);
  // A long call has long pauses; a short one talks faster.
  const scale = Math.min(1, (durationMs * 0.85) / Math.max(1, speech));
  const pause = Math.max(0, (durationMs - speech * scale) / (spoken.length + 1));
  const sentences: SampleSentence[] = [];
  let at = pause * (0.4 + 0.2 * rng.next());
  spoken.forEach((s, i) => {
    const length = s.ms * scale;
    const startTime = Math.round(at);
    const endTime = Math.min(durationMs, Math.round(at + length));
    sentences.push({
      mediaChannel: s.channel,
      sentenceIndex: i,
      startTime,
      endTime,
      transcript: s.text,
      confidence: Math.round((0.82 + 0.17 * rng.next()) * 1000) / 1000,
    });
    at += length + pause * (0.6 + 0.8 * rng.next());
  });
  return sentences;
}

/** Size of the call's WAV file in bytes. */
export function wavLength(call: SampleCallLog): number {
  return WAV_HEADER_BYTES + sampleCount(call) * BYTES_PER_SAMPLE;
}

function sampleCount(call: SampleCallLog): number {
  return Math.round(Math.max(1, call.duration) * SAMPLE_RATE);
}

function wavHeader(samples: number): Uint8Array {
  const bytes = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  const dataBytes = samples * BYTES_PER_SAMPLE;
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // PCM format chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * BYTES_PER_SAMPLE, true);
  view.setUint16(32, BYTES_PER_SAMPLE, true);
  view.setUint16(34, 8 * BYTES_PER_SAMPLE, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return bytes;
}

// One second of each tone, computed once: sample n of a whole-hertz tone is table[n % rate].
const tables = new Map<number, Int16Array>();
function toneTable(hz: number): Int16Array {
  let table = tables.get(hz);
  if (!table) {
    table = new Int16Array(SAMPLE_RATE);
    for (let n = 0; n < SAMPLE_RATE; n++) table[n] = Math.round(AMPLITUDE * Math.sin((2 * Math.PI * hz * n) / SAMPLE_RATE));
    tables.set(hz, table);
  }
  return table;
}

/**
 * The call's WAV file, chunk by chunk (header first, then 64 KB of samples at a time). Each chunk
 * is a fresh buffer (a writer may hold it until it is sent).
 */
export function* wavChunks(call: SampleCallLog, sentences: readonly SampleSentence[]): Generator<Uint8Array> {
  const total = sampleCount(call);
  yield wavHeader(total);
  const spans = sentences.map((s) => ({
    from: Math.floor((s.startTime * SAMPLE_RATE) / 1000),
    to: Math.min(total, Math.floor((s.endTime * SAMPLE_RATE) / 1000)),
    table: toneTable(TONE_HZ[s.mediaChannel] ?? 550),
  }));
  let next = 0;
  for (let start = 0; start < total; start += CHUNK_SAMPLES) {
    const end = Math.min(total, start + CHUNK_SAMPLES);
    const samples = new Int16Array(end - start);
    while (next < spans.length && spans[next].to <= start) next++;
    for (let k = next; k < spans.length && spans[k].from < end; k++) {
      const { from, to, table } = spans[k];
      for (let n = Math.max(from, start); n < Math.min(to, end); n++) samples[n - start] = table[n % SAMPLE_RATE];
    }
    // Little-endian on every machine Node runs on here; the WAV format wants exactly that.
    yield new Uint8Array(samples.buffer);
  }
}
