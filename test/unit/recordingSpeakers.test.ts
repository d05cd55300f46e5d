// Which channel of a recording is the agent: decided by the call log's transcript, else by who
// speaks first; one channel for both voices is read sentence by sentence.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { timedSentences } from '../../src/panels/recording/speakers';
import type { TranscriptTurn } from '../../src/shared/protocol';

const turns: TranscriptTurn[] = [
  { speaker: 'agent', text: 'Thanks for calling Sunny Dental. How can I help?' },
  { speaker: 'caller', text: "Hi, I'd like to book a cleaning." },
  { speaker: 'agent', text: 'Sure, what day works for you?' },
];

const sentence = (mediaChannel: number | undefined, startTime: number, transcript: string) => ({ mediaChannel, sentenceIndex: startTime, startTime, endTime: startTime + 900, transcript });

describe('timed transcript speakers', () => {
  it('the channel whose sentences are in the agent\'s lines is the agent, whatever its number', () => {
    const out = timedSentences(
      [sentence(2, 0, 'Thanks for calling Sunny Dental.'), sentence(1, 2000, "Hi, I'd like to book a cleaning."), sentence(2, 4000, 'Sure, what day works for you?')],
      turns,
    );
    assert.deepEqual(out.map((s) => s.speaker), ['agent', 'caller', 'agent']);
    assert.deepEqual(out.map((s) => [s.startMs, s.endMs]), [[0, 900], [2000, 2900], [4000, 4900]]);
  });

  it('without a transcript to compare, the channel heard first is the agent', () => {
    const out = timedSentences([sentence(7, 0, 'Hello there'), sentence(3, 1000, 'Hi'), sentence(7, 2000, 'Bye')], []);
    assert.deepEqual(out.map((s) => s.speaker), ['agent', 'caller', 'agent']);
  });

  it('one channel for both voices: each sentence by its text, "other" when it cannot be told', () => {
    const out = timedSentences([sentence(1, 0, 'How can I help?'), sentence(1, 1000, 'book a cleaning'), sentence(1, 2000, 'Something unrelated')], turns);
    assert.deepEqual(out.map((s) => s.speaker), ['agent', 'caller', 'other']);
  });
});
