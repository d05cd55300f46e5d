// The client over real HTTP against a scripted server: headers, input checks, every error
// kind, retries and backoff, Retry-After, timeouts, abort, logging, pagination.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VoiceAiClient, type RequestLogEntry, type VoiceAiClientOptions } from '../../../src/api/client';
import { ApiError, type ApiErrorKind } from '../../../src/api/errors';
import { collect, rejectsWith } from './assertions';
import { agent, callLog, callLogPage, sequence, startFixture, type Fixture } from './fixtures';

const TOKEN = 'pit-secret-token-123456';
const LOCATION = 'loc-1';

let fixture: Fixture;
const clients: VoiceAiClient[] = [];

function client(options: Partial<VoiceAiClientOptions> = {}): VoiceAiClient {
  const c = new VoiceAiClient({
    baseUrl: fixture.baseUrl,
    token: TOKEN,
    locationId: LOCATION,
    rateLimit: false,
    retryBackoff: { baseMs: 20, maxMs: 100 },
    ...options,
  });
  clients.push(c);
  return c;
}

/** Every client error is also checked to hold no token. */
const rejectsWithToken = (promise: Promise<unknown>, kind: ApiErrorKind, check?: (e: ApiError) => void) =>
  rejectsWith(promise, kind, { token: TOKEN, check });

before(async () => {
  fixture = await startFixture();
});
beforeEach(() => {
  fixture.requests.length = 0;
});
after(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await fixture.close();
});

describe('VoiceAiClient: requests', () => {
  it('sends the auth, version and accept headers and locationId on every call', async () => {
    fixture.handle((req) => ({ body: req.path.includes('agents/') ? agent('a1') : req.path.includes('call-logs/') ? callLog('c1') : req.path.endsWith('agents') ? { total: 0, agents: [] } : callLogPage(1, 50, 0) }));
    const c = client({ apiVersion: '2021-04-15' });
    await c.listCallLogs({});
    await c.getCallLog('c1');
    await c.listAgents();
    await c.getAgent('a1');
    assert.equal(fixture.requests.length, 4);
    for (const req of fixture.requests) {
      assert.equal(req.method, 'GET');
      assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(req.headers.version, '2021-04-15');
      assert.equal(req.headers.accept, 'application/json');
      assert.equal(req.query.locationId, LOCATION);
    }
    assert.deepEqual(
      fixture.requests.map((r) => r.path),
      ['/voice-ai/dashboard/call-logs', '/voice-ai/dashboard/call-logs/c1', '/voice-ai/agents', '/voice-ai/agents/a1'],
    );
    assert.equal(client().apiVersion, '2021-07-28');
  });

  it('sends a token pasted with its scheme and spaces as a plain bearer token', async () => {
    fixture.handle(() => ({ body: agent('a1') }));
    await client({ token: `  Bearer ${TOKEN}\n` }).getAgent('a1');
    assert.equal(fixture.requests[0].headers.authorization, `Bearer ${TOKEN}`);
  });

  it('URL-encodes ids in the path', async () => {
    fixture.handle(() => ({ body: callLog('x') }));
    await client().getCallLog('a/b?c#d e');
    assert.equal(fixture.requests[0].url.split('?')[0], '/voice-ai/dashboard/call-logs/a%2Fb%3Fc%23d%20e');
  });

  it('refuses invalid input without sending anything', async () => {
    const c = client();
    await rejectsWithToken(c.listCallLogs({ pageSize: 51 }), 'invalidInput');
    await rejectsWithToken(c.listCallLogs({ startDate: 1 }), 'invalidInput');
    await rejectsWithToken(c.listCallLogs({}, 0), 'invalidInput');
    await rejectsWithToken(c.getCallLog(''), 'invalidInput');
    await rejectsWithToken(c.getAgent('..'), 'invalidInput');
    await rejectsWithToken(
      (async () => {
        for await (const _ of c.iterateCallLogs({ sort: 'ascend' })) void _;
      })(),
      'invalidInput',
    );
    assert.equal(fixture.requests.length, 0);
  });

  it('refuses a non-https base URL unless it is loopback, and bad options', () => {
    const make = (baseUrl: string, extra: Partial<VoiceAiClientOptions> = {}) => () =>
      new VoiceAiClient({ baseUrl, token: TOKEN, locationId: LOCATION, ...extra });
    const invalid = (e: unknown) => e instanceof ApiError && e.kind === 'invalidInput';
    assert.throws(make('http://services.leadconnectorhq.com'), (e: unknown) => invalid(e) && /must use https/.test((e as Error).message));
    assert.throws(make('http://10.0.0.1:8080'), invalid);
    assert.throws(make('ftp://127.0.0.1'), invalid);
    assert.throws(make('not a url'), invalid);
    assert.throws(make('https://user:pw@example.com'), invalid);
    assert.throws(make('https://example.com', { token: '' }), invalid);
    assert.throws(make('https://example.com', { token: 'abc\ndef' }), invalid);
    assert.throws(make('https://example.com', { locationId: '' }), invalid);
    assert.throws(make('https://example.com', { rateLimit: { max: 0, intervalMs: 1 } }), invalid);
    for (const ok of ['https://services.leadconnectorhq.com', 'http://localhost:4010', 'http://127.0.0.5:1', 'http://[::1]:4010']) {
      const c = make(ok)();
      clients.push(c);
      assert.equal(c.baseUrl, ok);
    }
    const defaulted = new VoiceAiClient({ token: ` Bearer ${TOKEN}\n`, locationId: LOCATION });
    clients.push(defaulted);
    assert.equal(defaulted.baseUrl, 'https://services.leadconnectorhq.com');
  });

  it('keeps a base path prefix', async () => {
    fixture.handle(() => ({ body: agent('a1') }));
    await client({ baseUrl: `${fixture.baseUrl}/proxy/` }).getAgent('a1');
    assert.equal(fixture.requests[0].path, '/proxy/voice-ai/agents/a1');
  });

  it('reuses one keep-alive connection', async () => {
    fixture.handle(() => ({ body: agent('a1') }));
    const c = client();
    for (let i = 0; i < 3; i++) await c.getAgent('a1');
    assert.ok(fixture.requests.every((r) => r.headers.connection !== 'close'));
  });
});

describe('VoiceAiClient: errors', () => {
  const cases: { status: number; body: unknown; kind: ApiErrorKind; messages: string[] }[] = [
    { status: 401, body: { statusCode: 401, message: 'Invalid token: access token is invalid', error: 'Unauthorized', traceId: 'tr-1' }, kind: 'unauthorized', messages: ['Invalid token: access token is invalid'] },
    { status: 403, body: { statusCode: 403, message: 'The token does not have access to this location.', error: 'Forbidden' }, kind: 'forbidden', messages: ['The token does not have access to this location.'] },
    { status: 404, body: { statusCode: 404, message: 'Call log not found' }, kind: 'notFound', messages: ['Call log not found'] },
    { status: 400, body: { statusCode: 400, message: 'Bad Request' }, kind: 'validation', messages: ['Bad Request'] },
    { status: 422, body: { statusCode: 422, message: ['pageSize cannot exceed 50', 'property foo should not exist'], error: 'Unprocessable Entity' }, kind: 'validation', messages: ['pageSize cannot exceed 50', 'property foo should not exist'] },
    { status: 500, body: { statusCode: 500, message: 'Internal server error' }, kind: 'server', messages: ['Internal server error'] },
  ];
  for (const { status, body, kind, messages } of cases) {
    it(`${status} → ${kind} with the server's messages`, async () => {
      fixture.handle(() => ({ status, body }));
      const error = await rejectsWithToken(client().getCallLog('c1'), kind, (e) => {
        assert.equal(e.status, status);
        assert.deepEqual(e.messages, messages);
      });
      assert.equal(fixture.requests.length, 1, 'not retried');
      if (status === 401) assert.equal(error.traceId, 'tr-1');
      if (status === 401) assert.match(error.message, /token/);
      if (status === 404) assert.match(error.message, /Call log c1 was not found/);
      if (status === 422) assert.match(error.message, /pageSize cannot exceed 50; property foo should not exist/);
    });
  }

  it('a 401 says what to do for each reason the API gives', async () => {
    const advice: [string, RegExp][] = [
      ['Invalid token: access token is invalid', /expired or been revoked/],
      ['The token is not authorized for this scope.', /voice-ai-dashboard\.readonly and voice-ai-agents\.readonly/],
      ["Token's user type mismatch!", /agency token/],
      ['version header was not found.', /Version header/],
    ];
    for (const [said, pattern] of advice) {
      fixture.handle(() => ({ status: 401, body: { statusCode: 401, message: said } }));
      await rejectsWithToken(client().listAgents(), 'unauthorized', (e) => {
        assert.match(e.message, pattern);
        assert.ok(e.message.includes(said));
      });
    }
  });

  it('an error body that is not JSON still gives the right kind', async () => {
    fixture.handle(() => ({ status: 403, raw: '<html>Forbidden</html>', headers: { 'content-type': 'text/html' } }));
    await rejectsWithToken(client().getAgent('a'), 'forbidden', (e) => assert.deepEqual(e.messages, []));
  });

  it('malformed JSON in a 200 → badResponse', async () => {
    fixture.handle(() => ({ raw: '{"total": 3, "callLogs": [' }));
    await rejectsWithToken(client().listCallLogs({}), 'badResponse', (e) => assert.match(e.message, /not valid JSON/));
  });

  it('a body that breaks the schema → badResponse naming the field path', async () => {
    const body = callLogPage(1, 50, 5);
    (body.callLogs as Record<string, unknown>[])[3].createdAt = 17;
    fixture.handle(() => ({ body }));
    await rejectsWithToken(client().listCallLogs({}), 'badResponse', (e) => {
      assert.match(e.message, /callLogs\[3\]\.createdAt: expected string, received number/);
      assert.deepEqual(e.messages, ['callLogs[3].createdAt: expected string, received number']);
    });
  });

  it('connection refused → network', async () => {
    const closed = await startFixture();
    const url = closed.baseUrl;
    await closed.close();
    await rejectsWithToken(client({ baseUrl: url }).getAgent('a'), 'network', (e) => assert.match(e.message, /ECONNREFUSED/));
  });
});

describe('VoiceAiClient: retries', () => {
  it('retries 502/503/504 and a connection reset, then succeeds', async () => {
    fixture.handle(sequence({ status: 502 }, { status: 503 }, { reset: true }, { status: 504 }, { body: agent('a1') }));
    const log: RequestLogEntry[] = [];
    const result = await client({ onRequest: (e) => log.push(e) }).getAgent('a1');
    assert.equal(result.id, 'a1');
    assert.equal(fixture.requests.length, 5);
    assert.deepEqual(log.map((e) => e.attempt), [1, 2, 3, 4, 5]);
    assert.deepEqual(log.map((e) => e.status), [502, 503, undefined, 504, 200]);
    assert.ok(log.slice(0, 4).every((e) => e.retryInMs !== undefined && e.error));
    assert.deepEqual(log.map((e) => e.error?.split(':')[0]), ['server', 'server', 'network', 'server', undefined]);
    assert.ok(log.every((e) => e.method === 'GET' && e.path.startsWith('/voice-ai/agents/a1?locationId=loc-1') && e.ms >= 0));
    assert.ok(!JSON.stringify(log).includes(TOKEN));
  });

  it('retries a connection that drops in the middle of the body', async () => {
    fixture.handle(sequence({ body: callLogPage(1, 50, 120), resetMidBody: true }, { body: callLogPage(1, 50, 120) }));
    const log: RequestLogEntry[] = [];
    const page = await client({ onRequest: (e) => log.push(e) }).listCallLogs({});
    assert.equal(page.callLogs.length, 50);
    assert.equal(fixture.requests.length, 2);
    assert.match(log[0].error ?? '', /^network/);
  });

  it('gives up after maxRetries with the last error', async () => {
    fixture.handle(() => ({ status: 503, body: { message: 'down' } }));
    await rejectsWithToken(client({ maxRetries: 2 }).getAgent('a1'), 'server', (e) => {
      assert.equal(e.status, 503);
      assert.equal(e.attempts, 3);
    });
    assert.equal(fixture.requests.length, 3);
  });

  it('does not retry 500 or 4xx', async () => {
    fixture.handle(() => ({ status: 500 }));
    await rejectsWithToken(client().getAgent('a1'), 'server');
    assert.equal(fixture.requests.length, 1);
  });

  it('honours Retry-After in seconds on 429', async () => {
    fixture.handle(sequence({ status: 429, headers: { 'retry-after': '1' } }, { body: agent('a1') }));
    const started = performance.now();
    await client().getAgent('a1');
    const gap = fixture.requests[1].at - fixture.requests[0].at;
    assert.ok(gap >= 950 && performance.now() - started < 2500, `waited ${gap} ms`);
  });

  it('honours Retry-After as an HTTP date', async () => {
    // An HTTP date has whole seconds: aim at the first one at least 300 ms away.
    const at = Math.ceil((Date.now() + 300) / 1000) * 1000;
    fixture.handle(sequence({ status: 503, headers: { 'retry-after': new Date(at).toUTCString() } }, { body: agent('a1') }));
    await client().getAgent('a1');
    const retriedAt = Date.now() - (performance.now() - fixture.requests[1].at);
    assert.ok(retriedAt >= at - 30 && retriedAt < at + 1000, `retried ${retriedAt - at} ms after the date`);
  });

  it('a Retry-After beyond the cap fails fast as rateLimited with the wait', async () => {
    fixture.handle(() => ({ status: 429, headers: { 'retry-after': '3600' } }));
    await rejectsWithToken(client().getAgent('a1'), 'rateLimited', (e) => {
      assert.equal(e.retryAfterMs, 3_600_000);
      assert.match(e.message, /3600 s/);
    });
    assert.equal(fixture.requests.length, 1);
  });

  it('429 without Retry-After backs off exponentially', async () => {
    fixture.handle(sequence({ status: 429 }, { status: 429 }, { body: agent('a1') }));
    await client({ retryBackoff: { baseMs: 100, maxMs: 1000 } }).getAgent('a1');
    const [a, b, c] = fixture.requests.map((r) => r.at);
    assert.ok(b - a >= 45, `first backoff ${b - a}`);
    assert.ok(c - b >= 95, `second backoff ${c - b}`);
  });

  it('X-RateLimit-Remaining 0 makes the limiter hold the next request', async () => {
    fixture.handle(sequence(
      { body: agent('a1'), headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-max': '2', 'x-ratelimit-interval-milliseconds': '400' } },
      { body: agent('a1') },
    ));
    const c = client({ rateLimit: { max: 50, intervalMs: 400 }, locationId: 'loc-headers' });
    await c.getAgent('a1');
    await c.getAgent('a1');
    const gap = fixture.requests[1].at - fixture.requests[0].at;
    assert.ok(gap >= 380, `second request after ${gap} ms`);
  });
});

describe('VoiceAiClient: limiter, timeout, abort', () => {
  it('10 requests with max 5 per 500 ms take at least 500 ms', async () => {
    fixture.handle(() => ({ body: agent('a1') }));
    const c = client({ rateLimit: { max: 5, intervalMs: 500 }, locationId: 'loc-limit' });
    const started = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => c.getAgent('a1')));
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 500 && elapsed < 1500, `took ${elapsed} ms`);
    const at = fixture.requests.map((r) => r.at).sort((x, y) => x - y);
    assert.ok(at[5] - at[0] >= 495, 'the 6th waited for the window');
  });

  it('a slow answer times out with kind timeout', async () => {
    fixture.handle(() => ({ body: agent('a1'), delayMs: 2000 }));
    const started = performance.now();
    await rejectsWithToken(client({ timeoutMs: 150, maxRetries: 0 }).getAgent('a1'), 'timeout', (e) => assert.match(e.message, /did not answer/));
    assert.ok(performance.now() - started < 1000);
  });

  it('abort during a slow response returns within milliseconds with kind aborted', async () => {
    fixture.handle(() => ({ body: agent('a1'), delayMs: 3000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await rejectsWithToken(client().getAgent('a1', controller.signal), 'aborted');
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 400, `took ${elapsed} ms`);
  });

  it('abort during backoff returns promptly', async () => {
    fixture.handle(() => ({ status: 503, headers: { 'retry-after': '30' } }));
    const controller = new AbortController();
    const log: RequestLogEntry[] = [];
    const pending = client({ onRequest: (e) => log.push(e) }).getAgent('a1', controller.signal);
    while (log.length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = performance.now();
    controller.abort();
    await rejectsWithToken(pending, 'aborted');
    assert.ok(performance.now() - started < 150);
    assert.equal(log[0].retryInMs, 30_000);
  });

  it('abort while waiting in the limiter returns promptly', async () => {
    fixture.handle(() => ({ body: agent('a1') }));
    const c = client({ rateLimit: { max: 1, intervalMs: 30_000 }, locationId: 'loc-abort-limiter' });
    await c.getAgent('a1');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await rejectsWithToken(c.getAgent('a1', controller.signal), 'aborted');
    assert.ok(performance.now() - started < 200);
    assert.equal(fixture.requests.length, 1);
  });

  it('an already aborted signal sends nothing', async () => {
    await rejectsWithToken(client().listCallLogs({}, 1, AbortSignal.abort()), 'aborted');
    assert.equal(fixture.requests.length, 0);
  });
});

describe('VoiceAiClient: pagination', () => {
  it('a high page concurrency causes no listener-leak warning', async () => {
    fixture.handle((req) => ({ body: callLogPage(Number(req.query.page), 10, 400) }));
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const ids = await collect(client().iterateCallLogs({ pageSize: 10 }, { concurrency: 16, signal: new AbortController().signal }));
      assert.equal(ids.length, 400);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(warnings, []);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('iterates every call in order across pages, with bounded concurrency', async () => {
    let active = 0;
    let peak = 0;
    fixture.handle(async (req) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
      active--;
      return { body: callLogPage(Number(req.query.page), Number(req.query.pageSize), 437) };
    });
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const call of client().iterateCallLogs({ agentId: 'agent-1' }, { concurrency: 3, onPage: (p) => pages.push(p.page) })) ids.push(call.id);
    assert.equal(ids.length, 437);
    assert.deepEqual(ids, Array.from({ length: 437 }, (_, i) => `call-${i + 1}`));
    assert.deepEqual(pages, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok(peak <= 3 && peak >= 2, `peak concurrency ${peak}`);
    assert.ok(fixture.requests.every((r) => r.query.pageSize === '50' && r.query.agentId === 'agent-1'));
    assert.equal(fixture.requests.length, 9, 'stops at total');
  });

  it('uses the filter page size and stops at an empty page', async () => {
    fixture.handle((req) => {
      const page = Number(req.query.page);
      return { body: page >= 3 ? { total: 100, page, pageSize: 10, callLogs: [] } : callLogPage(page, 10, 100) };
    });
    const ids: string[] = [];
    for await (const call of client().iterateCallLogs({ pageSize: 10 }, { concurrency: 1 })) ids.push(call.id);
    assert.equal(ids.length, 20);
    assert.equal(fixture.requests.length, 3);
  });

  it('yields a call that shifted to the next page once', async () => {
    fixture.handle((req) => {
      const page = Number(req.query.page);
      // Page 2 repeats the last call of page 1, as when a new call arrives meanwhile.
      return { body: { total: 4, page, pageSize: 2, callLogs: page === 1 ? [callLog('c1'), callLog('c2')] : [callLog('c2'), callLog('c3')] } };
    });
    const ids: string[] = [];
    for await (const call of client().iterateCallLogs({ pageSize: 2 })) ids.push(call.id);
    assert.deepEqual(ids, ['c1', 'c2', 'c3']);
  });

  it('breaking out early cancels the pages in flight', async () => {
    fixture.handle(async (req) => {
      const page = Number(req.query.page);
      if (page > 2) await new Promise((r) => setTimeout(r, 400));
      return { body: callLogPage(page, 50, 1000) };
    });
    const closedBefore = fixture.closedEarly;
    let count = 0;
    let stoppedAt = 0;
    for await (const _ of client().iterateCallLogs({}, { concurrency: 4 })) {
      void _;
      // Give the requests for pages 3..6 time to reach the server.
      if (count === 55) await new Promise((r) => setTimeout(r, 100));
      if (++count === 60) {
        stoppedAt = performance.now();
        break;
      }
    }
    const elapsed = performance.now() - stoppedAt;
    assert.ok(elapsed < 100, `took ${elapsed} ms to stop`);
    await new Promise((r) => setTimeout(r, 50));
    // Pages 3, 4, 5 and 6 were in flight when the loop stopped, and none was answered.
    const slow = fixture.requests.filter((r) => Number(r.query.page) > 2);
    assert.deepEqual(slow.map((r) => r.query.page).sort(), ['3', '4', '5', '6']);
    assert.equal(fixture.closedEarly - closedBefore, slow.length);
  });

  it('aborting the signal stops the iteration with kind aborted', async () => {
    fixture.handle(async (req) => {
      await new Promise((r) => setTimeout(r, 200));
      return { body: callLogPage(Number(req.query.page), 50, 1000) };
    });
    const controller = new AbortController();
    const ids: string[] = [];
    const run = (async () => {
      for await (const call of client().iterateCallLogs({}, { signal: controller.signal })) {
        ids.push(call.id);
        if (ids.length === 50) setTimeout(() => controller.abort(), 10);
      }
    })();
    await rejectsWithToken(run, 'aborted');
    assert.equal(ids.length, 50);
  });

  it('a failing page surfaces its error, not an unhandled rejection', async () => {
    fixture.handle((req) => {
      const page = Number(req.query.page);
      return page === 3 ? { status: 401, body: { message: 'Invalid token' } } : { body: callLogPage(page, 50, 400) };
    });
    let count = 0;
    await rejectsWithToken(
      (async () => {
        for await (const _ of client().iterateCallLogs({})) {
          void _;
          count++;
        }
      })(),
      'unauthorized',
    );
    assert.equal(count, 100);
  });

  it('listAgents fetches every page, with the name query', async () => {
    fixture.handle((req) => {
      const page = Number(req.query.page);
      const size = Number(req.query.pageSize);
      const total = 120;
      const count = Math.max(0, Math.min(size, total - (page - 1) * size));
      return { body: { total, page, pageSize: size, agents: Array.from({ length: count }, (_, i) => agent(`a${(page - 1) * size + i}`)) } };
    });
    const agents = await client().listAgents(' Support ');
    assert.equal(agents.length, 120);
    assert.equal(new Set(agents.map((a) => a.id)).size, 120);
    const requests = fixture.requests.filter((r) => r.path === '/voice-ai/agents');
    assert.deepEqual(requests.map((r) => r.query.page), ['1', '2', '3']);
    assert.ok(requests.every((r) => r.query.query === 'Support' && r.query.pageSize === '50'));
    fixture.requests.length = 0;
    await client().listAgents('');
    assert.equal(fixture.requests.find((r) => r.path === '/voice-ai/agents')?.query.query, undefined);
  });
});
