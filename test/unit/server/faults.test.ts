import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { ApiServer } from '../../api-server/server';
import { AGENTS, CALL_LOGS, type CallLogsBody, get, start } from './helpers';

describe('api server: fault injection', () => {
  let server: ApiServer;
  before(async () => {
    server = await start({ calls: 100, rateLimit: false });
  });
  beforeEach(() => server.setFaults({}));
  after(() => server.stop());

  it('adds latency', async () => {
    server.setFaults({ latencyMs: 150 });
    const t = performance.now();
    assert.equal((await get(server, AGENTS)).status, 200);
    assert.ok(performance.now() - t >= 140);
  });

  it('answers a share of requests with 500 / 503, deterministically', async () => {
    server.setFaults({ errorRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(server, CALL_LOGS)).status);
    assert.deepEqual(statuses, [200, 500, 200, 503, 200, 500]);
    const body = (await get(server, CALL_LOGS)).body;
    assert.ok(body);
    server.setFaults({ errorRate: 1, errorStatus: 502 });
    const a = await get(server, AGENTS);
    assert.equal(a.status, 502);
    assert.equal(typeof (a.body as { traceId: unknown }).traceId, 'string');
  });

  it('answers a burst of N 429s with Retry-After, then recovers', async () => {
    server.setFaults({ rateLimitBurst: 2, retryAfterSeconds: 3 });
    const a = await get(server, AGENTS);
    const b = await get(server, CALL_LOGS);
    const c = await get(server, AGENTS);
    assert.deepEqual([a.status, b.status, c.status], [429, 429, 200]);
    assert.equal(a.headers.get('retry-after'), '3');
    assert.equal(a.headers.get('x-ratelimit-remaining'), '0');
  });

  it('resets connections', async () => {
    server.setFaults({ resetRate: 1 });
    server.clearRequests();
    await assert.rejects(get(server, AGENTS));
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].status, 0);
    server.setFaults({});
    assert.equal((await get(server, AGENTS)).status, 200);
  });

  it('sends malformed JSON', async () => {
    server.setFaults({ malformedJsonRate: 1 });
    const a = await get(server, CALL_LOGS);
    assert.equal(a.status, 200);
    assert.match(a.headers.get('content-type') ?? '', /application\/json/);
    assert.ok(a.text.length > 0);
    assert.throws(() => JSON.parse(a.text));
  });

  it('sends bodies that break the schema (createdAt: 12345, then no callLogs)', async () => {
    server.setFaults({ schemaBreakRate: 1 });
    const first = (await get(server, CALL_LOGS)).body as CallLogsBody;
    assert.equal(first.callLogs[0].createdAt, 12345);
    const second = (await get(server, CALL_LOGS)).body as Partial<CallLogsBody>;
    assert.equal(second.callLogs, undefined);
    assert.equal(typeof second.total, 'number');
    const single = (await get(server, `${CALL_LOGS}/${server.data.callLogs[0].id}`)).body as Record<string, unknown>;
    assert.equal(single.createdAt, 12345);
    const agent = (await get(server, `${AGENTS}/${server.data.agents[0].id}`)).body as Record<string, unknown>;
    assert.equal(agent.agentName, 42);
  });

  it('limits faults to a path prefix and leaves error answers alone', async () => {
    server.setFaults({ errorRate: 1, pathPrefix: CALL_LOGS });
    assert.equal((await get(server, AGENTS)).status, 200);
    assert.equal((await get(server, CALL_LOGS)).status, 500);
    server.setFaults({ schemaBreakRate: 1 });
    const notFound = await get(server, `${CALL_LOGS}/missing`);
    assert.equal(notFound.status, 404);
    assert.equal((notFound.body as { statusCode: number }).statusCode, 404);
  });

  it('applies a rate of 1/3 to exactly every third request', async () => {
    server.setFaults({ malformedJsonRate: 1 / 3 });
    const parsed: boolean[] = [];
    for (let i = 0; i < 6; i++) parsed.push((await get(server, AGENTS)).body !== undefined);
    assert.deepEqual(parsed, [true, true, false, true, true, false]);
  });

  it('records status 0 and answers nothing when the client gives up during the latency', async () => {
    server.setFaults({ latencyMs: 600 });
    server.clearRequests();
    const controller = new AbortController();
    const pending = fetch(`${server.baseUrl}${AGENTS}?locationId=${server.locationId}`, {
      headers: { Authorization: `Bearer ${server.token}`, Version: 'v3' },
      signal: controller.signal,
    });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].status, 0);
  });

  it('stop() closes idle keep-alive connections promptly', async () => {
    const other = await start({ calls: 10 });
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${other.baseUrl}${AGENTS}?locationId=${other.locationId}`, { agent, headers: { Authorization: `Bearer ${other.token}`, Version: 'v3' } }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    const t = performance.now();
    await other.stop();
    agent.destroy();
    assert.ok(performance.now() - t < 1000, 'stop() did not wait for keep-alive sockets');
  });
});
