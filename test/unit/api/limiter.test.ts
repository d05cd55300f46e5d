// The sliding-window rate limiter and the retry timing helpers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SlidingWindowLimiter } from '../../../src/api/limiter';
import { backoffDelay, isConnectionReset, parseRetryAfter } from '../../../src/api/retry';

describe('SlidingWindowLimiter', () => {
  it('lets max requests through at once and the rest when the window slides', async () => {
    const limiter = new SlidingWindowLimiter({ max: 5, intervalMs: 300 });
    const started = performance.now();
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, () =>
        limiter.acquire().then((answered) => {
          times.push(performance.now() - started);
          answered();
        }),
      ),
    );
    times.sort((a, b) => a - b);
    assert.ok(times[4] < 100, `first five immediately (${times[4]})`);
    assert.ok(times[5] >= 300 && times[9] < 550, `second five after one window (${times[5]}, ${times[9]})`);
    assert.ok(times[10] >= 600 && times[11] < 800, `last two after two windows (${times[10]}, ${times[11]})`);
  });

  it('an interactive request waits ahead of queued background ones, FIFO within each', async () => {
    const limiter = new SlidingWindowLimiter({ max: 2, intervalMs: 150 });
    const order: string[] = [];
    const ask = (name: string, priority: 'interactive' | 'background') =>
      limiter.acquire(undefined, priority).then((answered) => {
        order.push(name);
        answered();
      });
    const all = [ask('b1', 'background'), ask('b2', 'background'), ask('b3', 'background'), ask('b4', 'background')];
    // b1 and b2 took the window; b3 and b4 wait. Then the user clicks twice.
    all.push(ask('i1', 'interactive'), ask('i2', 'interactive'), ask('b5', 'background'));
    await Promise.all(all);
    assert.deepEqual(order, ['b1', 'b2', 'i1', 'i2', 'b3', 'b4', 'b5']);
  });

  it('keeps any window of intervalMs at or under max, at close to the full rate', async () => {
    const limiter = new SlidingWindowLimiter({ max: 4, intervalMs: 200 });
    const times: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 16; i++) {
      const answered = await limiter.acquire();
      times.push(performance.now());
      answered();
      await new Promise((r) => setTimeout(r, 7));
    }
    for (let i = 0; i + 4 < times.length; i++) assert.ok(times[i + 4] - times[i] >= 200, `window at ${i}`);
    // 16 requests at 4 per 200 ms need at least 3 slides; well under 4 means no slack was wasted.
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 600 && elapsed < 1000, `took ${elapsed} ms`);
  });

  it('stops waiting within milliseconds when the signal fires, and frees the queue', async () => {
    const limiter = new SlidingWindowLimiter({ max: 1, intervalMs: 10_000 });
    await limiter.acquire();
    const controller = new AbortController();
    const started = performance.now();
    const waiting = limiter.acquire(controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await assert.rejects(waiting, /stop/);
    assert.ok(performance.now() - started < 100);
    await assert.rejects(limiter.acquire(AbortSignal.abort(new Error('already'))), /already/);
  });

  it('a request in flight holds its slot until it is answered, however long that takes', async () => {
    const limiter = new SlidingWindowLimiter({ max: 2, intervalMs: 50 });
    const first = await limiter.acquire();
    await limiter.acquire();
    let third = false;
    const waiting = limiter.acquire().then((answered) => {
      third = true;
      return answered;
    });
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(third, false, 'two slots in flight: the third must wait even after the window passed');
    first();
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(third, false, 'the answered slot counts from its answer');
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(third, true);
    (await waiting)();
  });

  it('counts a slot from when its response arrived', async () => {
    const limiter = new SlidingWindowLimiter({ max: 1, intervalMs: 200 });
    const responseArrived = await limiter.acquire();
    await new Promise((r) => setTimeout(r, 150));
    responseArrived();
    const started = performance.now();
    await limiter.acquire();
    const waited = performance.now() - started;
    assert.ok(waited >= 190, `waited ${waited} ms`);
  });

  it('adopts a stricter server limit and books quota used by others', async () => {
    const limiter = new SlidingWindowLimiter({ max: 100, intervalMs: 200 });
    limiter.observe({ max: 3, intervalMs: 300, remaining: 3 });
    assert.deepEqual(limiter.limits, [{ max: 100, intervalMs: 200 }, { max: 3, intervalMs: 300 }]);
    // Nothing of ours in the window, but the server says only 1 is left: 2 used elsewhere.
    limiter.observe({ max: 3, intervalMs: 300, remaining: 1 });
    const started = performance.now();
    (await limiter.acquire())();
    assert.ok(performance.now() - started < 50);
    (await limiter.acquire())();
    assert.ok(performance.now() - started >= 300, 'the second had to wait for the foreign requests to expire');
  });

  it('ignores a server window that is looser than the configured one', () => {
    const limiter = new SlidingWindowLimiter({ max: 100, intervalMs: 10_000 });
    limiter.observe({ max: 200, intervalMs: 10_000, remaining: 200 });
    assert.deepEqual(limiter.limits, [{ max: 100, intervalMs: 10_000 }]);
    limiter.observe({ max: 25, intervalMs: 10_000, remaining: 25 });
    assert.deepEqual(limiter.limits, [{ max: 100, intervalMs: 10_000 }, { max: 25, intervalMs: 10_000 }]);
  });

  it('books at most a full window when a server with a huge max says nothing is left', async () => {
    // A server without a real limit announces Number.MAX_SAFE_INTEGER; an injected 429
    // then says remaining 0. This once booked 9e15 stamps and ran the process out of memory.
    const limiter = new SlidingWindowLimiter({ max: 5, intervalMs: 300 });
    const started = performance.now();
    limiter.observe({ max: Number.MAX_SAFE_INTEGER, intervalMs: 300, remaining: 0 });
    assert.ok(performance.now() - started < 50, 'observe returns at once');
    (await limiter.acquire())();
    assert.ok(performance.now() - started >= 290, 'the full window had to expire first');
  });

  it('enforces both windows when the server announces a shorter one', async () => {
    const limiter = new SlidingWindowLimiter({ max: 100, intervalMs: 10_000 });
    limiter.observe({ max: 3, intervalMs: 200 });
    const started = performance.now();
    for (let i = 0; i < 7; i++) (await limiter.acquire())();
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 400 && elapsed < 700, `7 requests at 3 per 200 ms took ${elapsed} ms`);
  });
});

describe('retry timing', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter('0.5'), 500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', now), 7000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
  });

  it('backs off exponentially with jitter, capped', () => {
    const options = { baseMs: 100, maxMs: 1000 };
    assert.equal(backoffDelay(1, options, () => 0), 50);
    assert.equal(backoffDelay(1, options, () => 1), 100);
    assert.equal(backoffDelay(3, options, () => 1), 400);
    assert.equal(backoffDelay(10, options, () => 1), 1000);
    const samples = new Set(Array.from({ length: 20 }, () => backoffDelay(2, options)));
    assert.ok(samples.size > 1, 'jittered');
  });

  it('recognises connection resets through error causes', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    assert.ok(isConnectionReset(new Error('fetch failed', { cause: reset })));
    assert.ok(isConnectionReset(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })));
    assert.ok(!isConnectionReset(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })));
  });
});
