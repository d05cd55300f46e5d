// Who speaks on each channel of a recording. The API numbers its channels (`mediaChannel`) but
// does not say which one is the agent, so the call log's own transcript decides: a channel whose
// sentences are found in the agent's lines is the agent's. Without a usable transcript, the
// channel heard first is the agent's (a voice AI agent greets the caller first). Pure: no vscode.
import type { TranscriptSentence } from '../../api/conversations/api';
import type { Speaker, TimedSentence, TranscriptTurn } from '../../shared/protocol';

function normalise(text: string): string {
  return text
    .toLocaleLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The timed transcript: each sentence with its speaker, in spoken order. */
export function timedSentences(sentences: readonly TranscriptSentence[], turns: readonly TranscriptTurn[]): TimedSentence[] {
  const spoken = (speaker: Speaker) => ` ${turns.filter((t) => t.speaker === speaker).map((t) => normalise(t.text)).join(' | ')} `;
  const agentText = spoken('agent');
  const callerText = spoken('caller');
  const vote = (text: string): number => {
    const n = normalise(text);
    if (n === '') return 0;
    return (agentText.includes(n) ? 1 : 0) - (callerText.includes(n) ? 1 : 0);
  };
  const votes = new Map<number | undefined, number>();
  for (const s of sentences) votes.set(s.mediaChannel, (votes.get(s.mediaChannel) ?? 0) + vote(s.transcript));
  const channels = [...votes.keys()];
  let speakerOf: (s: TranscriptSentence) => Speaker;
  if (channels.length >= 2) {
    const best = channels.reduce((a, b) => ((votes.get(b) ?? 0) > (votes.get(a) ?? 0) ? b : a));
    const agent = (votes.get(best) ?? 0) > 0 ? best : sentences[0]?.mediaChannel;
    speakerOf = (s) => (s.mediaChannel === agent ? 'agent' : 'caller');
  } else {
    // One channel for both voices: each sentence by its own text, if it can be found.
    speakerOf = (s) => {
      const v = vote(s.transcript);
      return v > 0 ? 'agent' : v < 0 ? 'caller' : 'other';
    };
  }
  return sentences.map((s) => ({ speaker: speakerOf(s), startMs: s.startTime, endMs: s.endTime, text: s.transcript }));
}
