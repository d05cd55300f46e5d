import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiServer } from '../../api-server/server';
import { AGENTS, CALL_LOGS, NOW, get, start } from './helpers';

describe('api server: query validation', () => {
  let server: ApiServer;
  before(async () => {
    server = await start({ calls: 200 });
  });
  after(() => server.stop());

  const unprocessable = (messages: string[]) => ({ statusCode: 422, message: messages, error: 'Unprocessable Entity' });
  const withoutTrace = (body: unknown) => {
    const { traceId: _t, ...rest } = body as Record<string, unknown>;
    return rest;
  };

  it('422 "pageSize cannot exceed 50" for pageSize over 50 (both list endpoints)', async () => {
    for (const path of [CALL_LOGS, AGENTS]) {
      const a = await get(server, path, { pageSize: 51 });
      assert.equal(a.status, 422, path);
      assert.deepEqual(withoutTrace(a.body), unprocessable(['pageSize cannot exceed 50']));
    }
    assert.equal((await get(server, CALL_LOGS, { pageSize: 50 })).status, 200);
  });

  it('422 "property <name> should not exist" for unknown parameters, all messages together', async () => {
    const a = await get(server, CALL_LOGS, { limit: 5, pageSize: 99 });
    assert.equal(a.status, 422);
    assert.deepEqual(withoutTrace(a.body), unprocessable(['property limit should not exist', 'pageSize cannot exceed 50']));
    const b = await get(server, `${CALL_LOGS}/${server.data.callLogs[0].id}`, { agentId: 'x' });
    assert.equal(b.status, 422);
    assert.deepEqual(withoutTrace(b.body), unprocessable(['property agentId should not exist']));
    const c = await get(server, AGENTS, { name: 'x' });
    assert.deepEqual(withoutTrace(c.body), unprocessable(['property name should not exist']));
  });

  it('422 for bad numbers and pages out of range', async () => {
    const cases: [string, Record<string, string | number>, string][] = [
      [CALL_LOGS, { page: 0 }, 'page must not be less than 1'],
      [CALL_LOGS, { pageSize: 0 }, 'pageSize must not be less than 1'],
      [CALL_LOGS, { page: 'two' }, 'page must be a number conforming to the specified constraints'],
      [CALL_LOGS, { pageSize: 2.5 }, 'pageSize must be an integer number'],
      [AGENTS, { page: 5001 }, 'page must not be greater than 5000'],
      [CALL_LOGS, { startDate: 'yesterday', endDate: NOW }, 'startDate must be a number conforming to the specified constraints'],
    ];
    for (const [path, query, message] of cases) {
      const a = await get(server, path, query);
      assert.equal(a.status, 422, JSON.stringify(query));
      assert.deepEqual((a.body as { message: string[] }).message, [message]);
    }
    assert.equal((await get(server, AGENTS, { page: 5000 })).status, 200);
  });

  it('422 for bad enum values', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ callType: 'live' }, /^callType must be one of the following values: LIVE, TRIAL$/],
      [{ sortBy: 'name' }, /^sortBy must be one of the following values: duration, createdAt$/],
      [{ sortBy: 'duration', sort: 'up' }, /^sort must be one of the following values: ascend, descend$/],
      [{ actionType: 'SMS,TELEPORT' }, /^each value in actionType must be one of the following values: CALL_TRANSFER/],
    ];
    for (const [query, message] of cases) {
      const a = await get(server, CALL_LOGS, query);
      assert.equal(a.status, 422, JSON.stringify(query));
      const messages = (a.body as { message: string[] }).message;
      assert.equal(messages.length, 1);
      assert.match(messages[0], message);
    }
  });

  it('400 for a half date range and for start >= end', async () => {
    const half = await get(server, CALL_LOGS, { startDate: NOW - 1000 });
    assert.equal(half.status, 400);
    assert.equal((half.body as { message: string }).message, 'startDate and endDate must be provided together');
    assert.equal((await get(server, CALL_LOGS, { endDate: NOW })).status, 400);
    const reversed = await get(server, CALL_LOGS, { startDate: NOW, endDate: NOW - 1 });
    assert.equal(reversed.status, 400);
    assert.equal((reversed.body as { message: string }).message, 'startDate must be less than endDate');
    assert.equal((await get(server, CALL_LOGS, { startDate: NOW, endDate: NOW })).status, 400);
  });

  it('422 for a repeated parameter', async () => {
    const url = `${server.baseUrl}${CALL_LOGS}?locationId=${server.locationId}&page=1&page=2`;
    const res = await fetch(url, { headers: { Authorization: `Bearer ${server.token}`, Version: '2021-07-28' } });
    assert.equal(res.status, 422);
    assert.deepEqual(((await res.json()) as { message: string[] }).message, ['page must be a single value']);
  });

  it('treats empty filter values as absent and ignores sort without sortBy', async () => {
    const plain = await get(server, CALL_LOGS, { pageSize: 5 });
    const empty = await get(server, CALL_LOGS, { pageSize: 5, agentId: '', contactId: '', actionType: '', sort: 'ascend' });
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body, plain.body);
  });
});
