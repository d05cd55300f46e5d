// The client against the local API server (test/api-server): every filter reaches the
// server as intended and returns what the data says, pagination and the iterator across
// the real data, the server's error answers, its injected faults and its rate limit.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApiServer, type ApiServer, type SampleCallLog } from '../../api-server/server';
import { VoiceAiClient, type VoiceAiClientOptions } from '../../../src/api/client';
import { collect, rejectsWith } from './assertions';
import type { CallLogFilter } from '../../../src/api/callLogQuery';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
let server: ApiServer;
const clients: VoiceAiClient[] = [];

function client(options: Partial<VoiceAiClientOptions> = {}, target: ApiServer = server): VoiceAiClient {
  const c = new VoiceAiClient({
    baseUrl: target.baseUrl,
    token: target.token,
    locationId: target.locationId,
    rateLimit: false,
    retryBackoff: { baseMs: 10, maxMs: 50 },
    ...options,
  });
  clients.push(c);
  return c;
}

before(async () => {
  server = await startApiServer({ port: 0, calls: 600, now: NOW, seed: 7, rateLimit: false });
});
beforeEach(() => {
  server.clearRequests();
  server.setFaults({});
});
after(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await server.stop();
});

describe('against the local API server: filters', () => {
  const time = (call: SampleCallLog): number => Date.parse(call.createdAt);

  it('each filter reaches the server as intended and selects what the data says', async () => {
    const calls = server.data.callLogs;
    const perAgent = new Map<string, number>();
    for (const call of calls) perAgent.set(call.agentId, (perAgent.get(call.agentId) ?? 0) + 1);
    const agentId = [...perAgent].sort((a, b) => b[1] - a[1])[0][0];
    const contacts = [...new Set(calls.map((c) => c.contactId).filter((id): id is string => id !== undefined))].slice(0, 3);
    const sorted = calls.map(time).sort((a, b) => a - b);
    const startDate = sorted[100];
    const endDate = sorted[400];
    const has = (call: SampleCallLog, types: string[]) => call.executedCallActions.some((a) => types.includes(a.actionType));
    const cases: { filter: CallLogFilter; query: Record<string, string>; matches: (c: SampleCallLog) => boolean }[] = [
      { filter: {}, query: {}, matches: () => true },
      { filter: { agentId }, query: { agentId }, matches: (c) => c.agentId === agentId },
      { filter: { contactIds: contacts }, query: { contactId: contacts.join(',') }, matches: (c) => contacts.includes(c.contactId ?? '') },
      { filter: { callType: 'TRIAL' }, query: { callType: 'TRIAL' }, matches: (c) => c.trialCall },
      { filter: { callType: 'LIVE' }, query: { callType: 'LIVE' }, matches: (c) => !c.trialCall },
      {
        filter: { startDate, endDate },
        query: { startDate: String(startDate), endDate: String(endDate) },
        matches: (c) => time(c) >= startDate && time(c) <= endDate,
      },
      { filter: { actionTypes: ['SMS', 'CALL_TRANSFER'] }, query: { actionType: 'SMS,CALL_TRANSFER' }, matches: (c) => has(c, ['SMS', 'CALL_TRANSFER']) },
      { filter: { sortBy: 'duration', sort: 'ascend' }, query: { sortBy: 'duration', sort: 'ascend' }, matches: () => true },
      { filter: { sortBy: 'createdAt' }, query: { sortBy: 'createdAt' }, matches: () => true },
      {
        filter: { agentId, callType: 'LIVE', actionTypes: ['DATA_EXTRACTION', 'SMS'], pageSize: 5 },
        query: { agentId, callType: 'LIVE', actionType: 'DATA_EXTRACTION,SMS', pageSize: '5' },
        matches: (c) => c.agentId === agentId && !c.trialCall && has(c, ['DATA_EXTRACTION', 'SMS']),
      },
    ];
    const c = client();
    for (const { filter, query, matches } of cases) {
      server.clearRequests();
      const page = await c.listCallLogs(filter, 1);
      const label = JSON.stringify(filter);
      assert.equal(server.requests.length, 1, label);
      const request = server.requests[0];
      assert.equal(request.status, 200, label);
      assert.equal(request.path, '/voice-ai/dashboard/call-logs');
      assert.equal(request.version, '2021-07-28');
      assert.deepEqual(request.query, { locationId: server.locationId, page: '1', pageSize: '50', ...query }, label);
      const expected = calls.filter(matches);
      assert.ok(expected.length > 0, `${label} selects something`);
      assert.equal(page.total, expected.length, label);
      assert.equal(page.callLogs.length, Math.min(expected.length, Number(query.pageSize ?? 50)), label);
      for (const call of page.callLogs) {
        const original = calls.find((x) => x.id === call.id);
        assert.ok(original && matches(original), `${label}: ${call.id}`);
      }
    }
  });

  it('sorts as asked', async () => {
    const c = client();
    const durations = (await c.listCallLogs({ sortBy: 'duration', sort: 'ascend' })).callLogs.map((x) => x.duration);
    assert.deepEqual(durations, [...durations].sort((a, b) => a - b));
    const newest = (await c.listCallLogs({})).callLogs.map((x) => Date.parse(x.createdAt));
    assert.deepEqual(newest, [...newest].sort((a, b) => b - a));
    const oldest = (await c.listCallLogs({ sortBy: 'createdAt', sort: 'ascend' })).callLogs.map((x) => Date.parse(x.createdAt));
    assert.deepEqual(oldest, [...oldest].sort((a, b) => a - b));
  });
});

describe('against the local API server: pagination', () => {
  it('the iterator yields every call exactly once, newest first, one request per page', async () => {
    const pages: number[] = [];
    const ids = await collect(client().iterateCallLogs({}, { concurrency: 4, onPage: (p) => pages.push(p.page) }));
    const all = server.data.callLogs;
    assert.equal(ids.length, all.length);
    assert.deepEqual(new Set(ids), new Set(all.map((c) => c.id)));
    const byId = new Map(all.map((c) => [c.id, Date.parse(c.createdAt)]));
    const times = ids.map((id) => byId.get(id) as number);
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    assert.deepEqual(pages, Array.from({ length: Math.ceil(all.length / 50) }, (_, i) => i + 1));
    assert.deepEqual(
      server.requests.map((r) => Number(r.query.page)).sort((a, b) => a - b),
      pages,
    );
    assert.ok(server.requests.every((r) => r.query.pageSize === '50' && r.status === 200));
  });

  it('the iterator with a filter and a small page size matches the data', async () => {
    const agentId = server.data.callLogs[5].agentId;
    const expected = server.data.callLogs.filter((c) => c.agentId === agentId && c.trialCall);
    const ids = await collect(client().iterateCallLogs({ agentId, callType: 'TRIAL', pageSize: 7 }, { concurrency: 3 }));
    assert.deepEqual(new Set(ids), new Set(expected.map((c) => c.id)));
    assert.equal(ids.length, expected.length);
    assert.equal(server.requests.length, Math.max(1, Math.ceil(expected.length / 7)));
  });

  it('listAgents returns every listed agent; the name query is sent and applied', async () => {
    const c = client();
    const agents = await c.listAgents();
    assert.deepEqual(new Set(agents.map((a) => a.id)), new Set(server.data.agents.map((a) => a.id)));
    const name = server.data.agents[0].agentName;
    const word = name.split(/\s+/)[0].toLowerCase();
    server.clearRequests();
    const found = await c.listAgents(word);
    assert.equal(server.requests[0].query.query, word);
    assert.ok(found.length >= 1 && found.every((a) => a.agentName.toLowerCase().includes(word)));
  });

  it('gets one call log and one agent', async () => {
    const c = client();
    const original = server.data.callLogs[42];
    const call = await c.getCallLog(original.id);
    assert.equal(call.id, original.id);
    assert.equal(call.executedCallActions.length, original.executedCallActions.length);
    assert.equal(server.requests[0].path, `/voice-ai/dashboard/call-logs/${original.id}`);
    const agent = await c.getAgent(server.data.agents[1].id);
    assert.equal(agent.agentName, server.data.agents[1].agentName);
  });
});

describe('against the local API server: errors', () => {
  it('a wrong token → unauthorized', async () => {
    const error = await rejectsWith(client({ token: 'not-the-token' }).listCallLogs({}), 'unauthorized');
    assert.equal(error.status, 401);
    assert.deepEqual(error.messages, ['Invalid token: access token is invalid']);
    assert.ok(!error.message.includes('not-the-token'));
  });

  it('another location → forbidden', async () => {
    const error = await rejectsWith(client({ locationId: 'someone-elses-location' }).listAgents(), 'forbidden');
    assert.equal(error.status, 403);
    assert.match(error.messages[0], /does not have access to this location/);
  });

  it('an unknown call id → notFound with the trace id; the deleted agent → notFound', async () => {
    const error = await rejectsWith(client().getCallLog('no-such-call'), 'notFound');
    assert.equal(error.status, 404);
    assert.ok(error.traceId, 'trace id');
    assert.match(error.message, /call log no-such-call was not found/i);
    const deleted = [...server.data.deletedAgentIds][0];
    assert.ok(deleted);
    await rejectsWith(client().getAgent(deleted), 'notFound');
  });

  it('an action type the server does not know → validation (422) with its messages', async () => {
    const error = await rejectsWith(client().listCallLogs({ actionTypes: ['VOICEMAIL_DROP'] }), 'validation');
    assert.equal(error.status, 422);
    assert.ok(error.messages.length >= 1);
    assert.match(error.messages.join('\n'), /actionType/);
  });

  it('an unknown Version header → validation (400)', async () => {
    const error = await rejectsWith(client({ apiVersion: '2099-01-01' }).listAgents(), 'validation');
    assert.equal(error.status, 400);
    assert.equal(server.requests[0].version, '2099-01-01');
  });
});

describe('against the local API server: faults', () => {
  it('503s and connection resets are retried; the iteration completes', async () => {
    server.setFaults({ errorRate: 0.25, errorStatus: 503, resetRate: 0.2 });
    const ids = await collect(client().iterateCallLogs({}, { concurrency: 4 }));
    assert.equal(ids.length, server.data.callLogs.length);
    assert.ok(server.requests.some((r) => r.status === 503));
    assert.ok(server.requests.some((r) => r.status === 0));
  });

  it('a 429 burst is waited out per Retry-After', async () => {
    server.setFaults({ rateLimitBurst: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    await client().getAgent(server.data.agents[0].id);
    assert.deepEqual(server.requests.map((r) => r.status), [429, 200]);
    const gap = server.requests[1].at - server.requests[0].at;
    assert.ok(gap >= 950 && Date.now() - started < 3000, `retried after ${gap} ms`);
  });

  it('malformed JSON → badResponse', async () => {
    server.setFaults({ malformedJsonRate: 1 });
    await rejectsWith(client().listCallLogs({}), 'badResponse');
  });

  it('a body that breaks the schema → badResponse naming the field', async () => {
    server.setFaults({ schemaBreakRate: 1 });
    const c = client();
    const first = await rejectsWith(c.listCallLogs({}), 'badResponse');
    assert.equal(first.messages[0], 'callLogs[0].createdAt: expected string, received number');
    assert.match(first.message, /callLogs\[0\]\.createdAt: expected string, received number/);
    const second = await rejectsWith(c.listCallLogs({}), 'badResponse');
    assert.deepEqual(second.messages, ['callLogs: expected array, received undefined']);
    const agent = await rejectsWith(c.getAgent(server.data.agents[0].id), 'badResponse');
    assert.match(agent.message, /agentName: expected string, received number/);
  });
});

describe('against the local API server: rate limit', () => {
  it('the client limiter keeps a burst under the server limit: no 429 at all', async () => {
    const limited = await startApiServer({ port: 0, calls: 50, now: NOW, seed: 3, rateLimit: { max: 6, intervalMs: 300 } });
    try {
      const c = client({ rateLimit: { max: 6, intervalMs: 300 } }, limited);
      const agentId = limited.data.agents[0].id;
      const started = performance.now();
      await Promise.all(Array.from({ length: 14 }, () => c.getAgent(agentId)));
      const elapsed = performance.now() - started;
      assert.deepEqual(
        limited.requests.filter((r) => r.status !== 200).map((r) => r.status),
        [],
      );
      assert.equal(limited.requests.length, 14);
      // 14 at 6 per 300 ms: two full windows of waiting, and not much more.
      assert.ok(elapsed >= 600 && elapsed < 3000, `took ${elapsed} ms`);
    } finally {
      await limited.stop();
    }
  });

  it('a client with the default limit learns a stricter server limit from X-RateLimit-* headers', async () => {
    const limited = await startApiServer({ port: 0, calls: 50, now: NOW, seed: 3, rateLimit: { max: 5, intervalMs: 250 } });
    try {
      const c = client({ rateLimit: { max: 100, intervalMs: 10_000 } }, limited);
      const agentId = limited.data.agents[0].id;
      await c.getAgent(agentId); // learns 5 per 250 ms
      await Promise.all(Array.from({ length: 12 }, () => c.getAgent(agentId)));
      assert.deepEqual(limited.requests.filter((r) => r.status === 429), []);
      assert.equal(limited.requests.length, 13);
    } finally {
      await limited.stop();
    }
  });
});
