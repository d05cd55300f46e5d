// The reusable buffers response bodies wait in until read (an export's pages in flight).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { BodyBuffers } from '../../../src/api/bodyBuffers';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

describe('BodyBuffers', () => {
  it('reads a body whole, across chunks and past the first buffer size', async () => {
    const pool = new BodyBuffers(4);
    const big = 'x'.repeat(200 * 1024);
    const read = await pool.read(chunks('{"a":', big.slice(0, 100_000), big.slice(100_000), '}'));
    assert.equal(Buffer.from(read.bytes).toString(), `{"a":${big}}`);
    read.release();
  });

  it('a released buffer is used again: pages read one after another allocate once', async () => {
    const pool = new BodyBuffers(4);
    const first = await pool.read(chunks('page 1'), 6);
    const buffer = first.bytes.buffer;
    first.release();
    for (let i = 2; i <= 50; i++) {
      const page = await pool.read(chunks(`page ${i}`), 7);
      assert.equal(page.bytes.buffer, buffer, `page ${i} reuses the buffer`);
      assert.equal(Buffer.from(page.bytes).toString(), `page ${i}`);
      page.release();
      page.release(); // twice is harmless
    }
  });

  it('keeps at most `keep` free buffers: what waits at once is bounded, the rest is left to the garbage collector', async () => {
    const pool = new BodyBuffers(2);
    const waiting = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.read(chunks(`page ${i}`))));
    for (const page of waiting) page.release();
    const again = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.read(chunks(`again ${i}`))));
    const reused = again.filter((page) => waiting.some((w) => w.bytes.buffer === page.bytes.buffer));
    assert.equal(reused.length, 2);
    assert.deepEqual(
      again.map((page) => Buffer.from(page.bytes).toString()),
      Array.from({ length: 6 }, (_, i) => `again ${i}`),
    );
  });
});
