import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiServer, SampleCallLog } from '../../api-server/server';
import { AGENTS, CALL_LOGS, type CallLogsBody, NOW, get, start } from './helpers';

const DAY = 86_400_000;
const N = 500;

describe('api server: filters, sorts, pagination', () => {
  let server: ApiServer;
  let all: SampleCallLog[];
  before(async () => {
    server = await start({ calls: N, rateLimit: false });
    all = server.data.callLogs;
  });
  after(() => server.stop());

  /** Every call of a filter, by walking the pages as a client would. */
  async function fetchAll(query: Record<string, string | number>): Promise<{ total: number; calls: SampleCallLog[] }> {
    const calls: SampleCallLog[] = [];
    let total = -1;
    for (let page = 1; page < 1000; page++) {
      const a = await get(server, CALL_LOGS, { ...query, page, pageSize: 50 });
      assert.equal(a.status, 200, a.text);
      const body = a.body as CallLogsBody;
      assert.equal(body.page, page);
      assert.equal(body.pageSize, 50);
      if (total === -1) total = body.total;
      assert.equal(body.total, total, 'total stays the same across pages');
      calls.push(...(body.callLogs as unknown as SampleCallLog[]));
      if (body.callLogs.length < 50) break;
    }
    return { total, calls };
  }

  const ms = (c: SampleCallLog) => Date.parse(c.createdAt);
  const newestFirst = (a: SampleCallLog, b: SampleCallLog) => ms(b) - ms(a) || (a.id < b.id ? 1 : -1);
  const ids = (calls: SampleCallLog[]) => calls.map((c) => c.id);

  async function expectFilter(query: Record<string, string | number>, predicate: (c: SampleCallLog) => boolean): Promise<SampleCallLog[]> {
    const expected = all.filter(predicate).sort(newestFirst);
    const { total, calls } = await fetchAll(query);
    assert.equal(total, expected.length, JSON.stringify(query));
    assert.deepEqual(ids(calls), ids(expected), JSON.stringify(query));
    return calls;
  }

  it('returns every call newest first by default, with the response keys of CallLogsResponseDTO', async () => {
    const a = await get(server, CALL_LOGS);
    assert.deepEqual(Object.keys(a.body as object).sort(), ['callLogs', 'page', 'pageSize', 'total']);
    const body = a.body as CallLogsBody;
    assert.equal(body.total, N);
    assert.equal(body.page, 1);
    assert.equal(body.pageSize, 10, 'default page size');
    assert.equal(body.callLogs.length, 10);
    await expectFilter({}, () => true);
  });

  it('pages are 1-based, disjoint, and empty past the end', async () => {
    const p1 = (await get(server, CALL_LOGS, { page: 1, pageSize: 7 })).body as CallLogsBody;
    const p2 = (await get(server, CALL_LOGS, { page: 2, pageSize: 7 })).body as CallLogsBody;
    const expected = [...all].sort(newestFirst).slice(0, 14).map((c) => c.id);
    assert.deepEqual([...p1.callLogs, ...p2.callLogs].map((c) => c.id), expected);
    const lastPage = Math.ceil(N / 7);
    const last = (await get(server, CALL_LOGS, { page: lastPage, pageSize: 7 })).body as CallLogsBody;
    assert.equal(last.callLogs.length, N - (lastPage - 1) * 7);
    const past = (await get(server, CALL_LOGS, { page: 500, pageSize: 7 })).body as CallLogsBody;
    assert.equal(past.total, N);
    assert.deepEqual(past.callLogs, []);
  });

  it('filters by agentId (including the deleted agent) and by an unknown agent', async () => {
    for (const agent of server.data.allAgents) {
      const calls = await expectFilter({ agentId: agent.id }, (c) => c.agentId === agent.id);
      assert.ok(calls.length > 0, agent.agentName);
    }
    assert.equal(((await get(server, CALL_LOGS, { agentId: 'unknown' })).body as CallLogsBody).total, 0);
  });

  it('filters by one or several contactIds', async () => {
    const counts = new Map<string, number>();
    for (const c of all) if (c.contactId) counts.set(c.contactId, (counts.get(c.contactId) ?? 0) + 1);
    const repeated = [...counts].filter(([, n]) => n >= 3).map(([id]) => id);
    assert.ok(repeated.length >= 2, 'some contacts called several times');
    await expectFilter({ contactId: repeated[0] }, (c) => c.contactId === repeated[0]);
    const pair = [repeated[0], repeated[1]];
    await expectFilter({ contactId: pair.join(',') }, (c) => pair.includes(c.contactId ?? ''));
    await expectFilter({ contactId: `${pair[0]}, nobody` }, (c) => c.contactId === pair[0]);
  });

  it('filters by callType LIVE and TRIAL', async () => {
    const live = await expectFilter({ callType: 'LIVE' }, (c) => !c.trialCall);
    const trial = await expectFilter({ callType: 'TRIAL' }, (c) => c.trialCall);
    assert.ok(live.length > 0 && trial.length > 0);
    assert.equal(live.length + trial.length, N);
  });

  it('filters by date range on createdAt, both ends inclusive', async () => {
    const startDate = NOW - 10 * DAY;
    const endDate = NOW - 3 * DAY;
    await expectFilter({ startDate, endDate }, (c) => ms(c) >= startDate && ms(c) <= endDate);
    const one = all[5];
    const exact = await expectFilter({ startDate: ms(one), endDate: ms(one) + 1 }, (c) => ms(c) >= ms(one) && ms(c) <= ms(one) + 1);
    assert.ok(exact.some((c) => c.id === one.id));
    assert.ok(all.every((c) => ms(c) > NOW - 90 * DAY && ms(c) < NOW), 'data covers the 90 days before now');
  });

  it('filters by action types (a call matches when it has any of them)', async () => {
    const has = (c: SampleCallLog, types: string[]) => c.executedCallActions.some((a) => types.includes(a.actionType));
    const transfers = await expectFilter({ actionType: 'CALL_TRANSFER' }, (c) => has(c, ['CALL_TRANSFER']));
    assert.ok(transfers.length > 0);
    await expectFilter({ actionType: 'SMS,APPOINTMENT_BOOKING' }, (c) => has(c, ['SMS', 'APPOINTMENT_BOOKING']));
  });

  it('combines filters', async () => {
    const agent = server.data.agents[0];
    const startDate = NOW - 45 * DAY;
    const endDate = NOW;
    await expectFilter(
      { agentId: agent.id, callType: 'LIVE', actionType: 'SMS,DATA_EXTRACTION', startDate, endDate },
      (c) =>
        c.agentId === agent.id &&
        !c.trialCall &&
        ms(c) >= startDate &&
        ms(c) <= endDate &&
        c.executedCallActions.some((a) => a.actionType === 'SMS' || a.actionType === 'DATA_EXTRACTION'),
    );
  });

  it('sorts by createdAt and by duration, both directions; descend by default', async () => {
    const asc = (await fetchAll({ sortBy: 'createdAt', sort: 'ascend' })).calls;
    assert.deepEqual(ids(asc), ids([...all].sort(newestFirst).reverse()));
    const desc = (await fetchAll({ sortBy: 'createdAt' })).calls;
    assert.deepEqual(ids(desc), ids([...all].sort(newestFirst)));

    const longest = (await fetchAll({ sortBy: 'duration', sort: 'descend' })).calls;
    for (let i = 1; i < longest.length; i++) assert.ok(longest[i - 1].duration >= longest[i].duration);
    const shortest = (await fetchAll({ sortBy: 'duration', sort: 'ascend', callType: 'LIVE' })).calls;
    assert.ok(shortest.every((c) => !c.trialCall));
    for (let i = 1; i < shortest.length; i++) assert.ok(shortest[i - 1].duration <= shortest[i].duration);
    assert.equal(new Set(ids(longest)).size, N);
  });

  it('lists agents without the deleted one, searches names case-insensitively, pages them', async () => {
    const a = await get(server, AGENTS);
    assert.deepEqual(Object.keys(a.body as object).sort(), ['agents', 'page', 'pageSize', 'total']);
    const body = a.body as { total: number; page: number; pageSize: number; agents: { id: string; agentName: string }[] };
    assert.equal(body.pageSize, 10);
    assert.equal(body.total, server.data.agents.length);
    assert.ok(body.total >= 6);
    assert.ok(body.agents.every((x) => !server.data.deletedAgentIds.has(x.id)));

    const q = (await get(server, AGENTS, { query: 'rILEY' })).body as typeof body;
    assert.deepEqual(
      q.agents.map((x) => x.agentName),
      server.data.agents.filter((x) => x.agentName.toLowerCase().includes('riley')).map((x) => x.agentName),
    );
    assert.equal(q.total, 1);
    assert.equal(((await get(server, AGENTS, { query: 'no such agent' })).body as typeof body).total, 0);

    const p1 = (await get(server, AGENTS, { pageSize: 4, page: 1 })).body as typeof body;
    const p2 = (await get(server, AGENTS, { pageSize: 4, page: 2 })).body as typeof body;
    assert.deepEqual([...p1.agents, ...p2.agents].map((x) => x.id), server.data.agents.map((x) => x.id));
    assert.equal(p2.page, 2);
  });

  it('serves a page of 50 quickly', async () => {
    const t = performance.now();
    for (let i = 0; i < 20; i++) assert.equal((await get(server, CALL_LOGS, { page: i + 1, pageSize: 50, actionType: 'SMS' })).status, 200);
    const perPage = (performance.now() - t) / 20;
    assert.ok(perPage < 500, `${perPage.toFixed(1)} ms per page`);
  });
});
