// zod schemas for the Conversations API's transcription of a call, written from the spec
// (test/api-server/spec/conversations-messages.json, GetMessageTranscriptionResponseDto).
//
// The spec types the answer as one sentence, but a call has many (its field `sentenceIndex` says
// so): a list of sentences and a single one are both read. The spec's examples give the numbers
// as strings ("1", "34"), so numeric strings are read as numbers. Unknown keys are kept.
import * as z from 'zod';

/** A number, or a string holding one (as in the spec's examples). */
const numeric = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v), z.number());

/** Milliseconds from the start of the recording; never negative. */
const millis = numeric.pipe(z.number().min(0, { message: 'expected a time in milliseconds, not negative' }));

function opt<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), schema.optional());
}

export const TranscriptSentenceSchema = z
  .looseObject({
    mediaChannel: opt(numeric),
    sentenceIndex: opt(numeric),
    startTime: millis,
    endTime: millis,
    transcript: z.preprocess((v) => (v === null || v === undefined ? '' : v), z.string()),
    confidence: opt(numeric),
  })
  // A sentence that ends before it starts is read as a moment.
  .transform((s) => (s.endTime < s.startTime ? { ...s, endTime: s.startTime } : s));
export type TranscriptSentence = z.output<typeof TranscriptSentenceSchema>;

/** The answer: a list of sentences or one sentence. */
export const TranscriptionResponseSchema = z.union([z.array(TranscriptSentenceSchema), TranscriptSentenceSchema]);

/** The sentences in the order they were spoken (start time, then index). */
export function orderSentences(answer: z.output<typeof TranscriptionResponseSchema>): TranscriptSentence[] {
  const list = Array.isArray(answer) ? [...answer] : [answer];
  return list.sort((a, b) => a.startTime - b.startTime || (a.sentenceIndex ?? 0) - (b.sentenceIndex ?? 0));
}
