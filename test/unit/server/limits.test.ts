import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENTS, CALL_LOGS, get, start } from './helpers';

const RATE_HEADERS = ['x-ratelimit-limit-daily', 'x-ratelimit-daily-remaining', 'x-ratelimit-interval-milliseconds', 'x-ratelimit-max', 'x-ratelimit-remaining'];

describe('api server: rate limits', () => {
  it('sends the X-RateLimit-* headers on every answer, errors included', async () => {
    const server = await start({ calls: 50 });
    try {
      const answers = [
        await get(server, AGENTS),
        await get(server, AGENTS, {}, { token: 'nope' }),
        await get(server, CALL_LOGS, { pageSize: 99 }),
        await get(server, `${CALL_LOGS}/missing`),
        await get(server, '/elsewhere'),
      ];
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 401, 422, 404, 404],
      );
      for (const a of answers) for (const h of RATE_HEADERS) assert.ok(a.headers.get(h) !== null, `${a.status} ${h}`);
      const first = answers[0].headers;
      assert.equal(first.get('x-ratelimit-max'), '100');
      assert.equal(first.get('x-ratelimit-interval-milliseconds'), '10000');
      assert.equal(first.get('x-ratelimit-limit-daily'), '200000');
      assert.equal(first.get('x-ratelimit-remaining'), '99');
      assert.equal(first.get('x-ratelimit-daily-remaining'), '199999');
    } finally {
      await server.stop();
    }
  });

  it('answers 429 with Retry-After past the limit, and accepts again once the window slides', async () => {
    let now = Date.UTC(2026, 0, 5, 10);
    const server = await start({ calls: 50, rateLimit: { max: 3, intervalMs: 10_000 }, clock: () => now });
    try {
      const remaining: (string | null)[] = [];
      for (let i = 0; i < 3; i++) {
        const a = await get(server, AGENTS);
        assert.equal(a.status, 200);
        remaining.push(a.headers.get('x-ratelimit-remaining'));
        now += 2_000;
      }
      assert.deepEqual(remaining, ['2', '1', '0']);
      // 6 s after the first request: it leaves the window in 4 s.
      const limited = await get(server, CALL_LOGS);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '4');
      assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
      assert.equal((limited.body as { statusCode: number }).statusCode, 429);
      // Refused requests do not count; another location's requests are refused (403) before the limiter.
      assert.equal((await get(server, AGENTS, { locationId: 'other' })).status, 403);
      now += 3_999;
      assert.equal((await get(server, AGENTS)).status, 429, 'still inside the window');
      now += 1;
      const again = await get(server, AGENTS);
      assert.equal(again.status, 200, 'the first request left the window (sliding, not fixed)');
      assert.equal(again.headers.get('x-ratelimit-remaining'), '0');
      assert.equal(server.requests.filter((r) => r.status === 429).length, 2);
    } finally {
      await server.stop();
    }
  });

  it('keeps a separate window per server instance (parallel tests do not share limits)', async () => {
    const now = Date.UTC(2026, 0, 5, 10);
    const a = await start({ calls: 10, locationId: 'locA', rateLimit: { max: 1, intervalMs: 10_000 }, clock: () => now });
    const b = await start({ calls: 10, locationId: 'locB', rateLimit: { max: 1, intervalMs: 10_000 }, clock: () => now });
    try {
      assert.equal((await get(a, AGENTS)).status, 200);
      assert.equal((await get(a, AGENTS)).status, 429);
      assert.equal((await get(b, AGENTS)).status, 200);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('enforces the daily limit', async () => {
    const server = await start({ calls: 10, dailyLimit: 2 });
    try {
      assert.equal((await get(server, AGENTS)).status, 200);
      const last = await get(server, AGENTS);
      assert.equal(last.headers.get('x-ratelimit-daily-remaining'), '0');
      const limited = await get(server, AGENTS);
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    } finally {
      await server.stop();
    }
  });
});
