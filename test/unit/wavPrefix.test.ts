// The start of a recording as a WAV file of its own (what the player plays while the rest arrives).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { wavPrefix } from '../../src/shared/wavPrefix';
import { startApiServer } from '../api-server/server';
import { wavChunks, sampleSentences, wavLength } from '../api-server/recording';

describe('wavPrefix', () => {
  it("rewrites the header's sizes to the part's length, in whole frames, without touching the original", async () => {
    const server = await startApiServer({ port: 0, calls: 50, seed: 3, now: Date.UTC(2026, 10, 20) });
    try {
      const i = [...Array(50).keys()].find((k) => server.sample.hasRecording(k)) as number;
      const call = server.sample.callLog(i);
      const chunks = [...wavChunks(call, sampleSentences(call, 1))];
      const firstCopy = Buffer.from(chunks[0]);
      // The header chunk, then 100,001 bytes of samples (an odd count: half a frame dropped).
      const part = [Buffer.concat(chunks.slice(0, 4)).subarray(0, 44 + 100_001)];
      const prefix = wavPrefix(part);
      assert.ok(prefix);
      const bytes = Buffer.concat(prefix.parts);
      assert.equal(bytes.byteLength, 44 + 100_000);
      assert.equal(bytes.readUInt32LE(4), 44 + 100_000 - 8);
      assert.equal(bytes.readUInt32LE(40), 100_000);
      assert.equal(prefix.durationMs, (100_000 / 16_000) * 1000);
      assert.deepEqual(Buffer.from(chunks[0]), firstCopy, 'the original chunk is unchanged');
      assert.equal(chunks[0].byteLength + chunks.slice(1).reduce((n, c) => n + c.byteLength, 0), wavLength(call));
    } finally {
      await server.stop();
    }
  });

  it('no header to read: undefined (the player waits for the whole file)', () => {
    assert.equal(wavPrefix([new Uint8Array(10)]), undefined);
    assert.equal(wavPrefix([new TextEncoder().encode('not a wav file at all, but long enough to be read as one maybe')]), undefined);
    assert.equal(wavPrefix([]), undefined);
  });
});
