import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiServer } from '../../api-server/server';
import { SAMPLE_LOCATION_ID, SAMPLE_TOKEN, SUPPORTED_VERSIONS } from '../../api-server/server';
import { AGENTS, CALL_LOGS, get, start } from './helpers';

describe('api server: auth, Version header, routing', () => {
  let server: ApiServer;
  before(async () => {
    server = await start();
  });
  after(() => server.stop());

  it('uses the sample token and location by default and binds to 127.0.0.1', () => {
    assert.equal(server.token, SAMPLE_TOKEN);
    assert.equal(server.locationId, SAMPLE_LOCATION_ID);
    assert.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers 401 with the documented body without a token', async () => {
    const a = await get(server, CALL_LOGS, {}, { token: null });
    assert.equal(a.status, 401);
    assert.deepEqual(a.body, { statusCode: 401, message: 'Invalid token: access token is invalid', error: 'Unauthorized' });
  });

  it('answers 401 for a wrong token and for a non-bearer scheme', async () => {
    const wrong = await get(server, AGENTS, {}, { token: 'pit-wrong' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, { statusCode: 401, message: 'Invalid token: access token is invalid', error: 'Unauthorized' });
    const basic = await get(server, AGENTS, {}, { token: null, headers: { Authorization: `Basic ${server.token}` } });
    assert.equal(basic.status, 401);
  });

  it('accepts a token set by option', async () => {
    const other = await start({ token: 'pit-custom', locationId: 'loc-custom', calls: 20 });
    try {
      assert.equal((await get(other, AGENTS, {}, { token: 'pit-custom' })).status, 200);
      assert.equal((await get(other, AGENTS, {}, { token: SAMPLE_TOKEN })).status, 401);
    } finally {
      await other.stop();
    }
  });

  it('answers 401 for a missing scope and for an agency token', async () => {
    const other = await start({ calls: 20, scopes: ['voice-ai-agents.readonly'], agencyToken: 'agency-token' });
    try {
      assert.equal((await get(other, AGENTS)).status, 200);
      const calls = await get(other, CALL_LOGS);
      assert.equal(calls.status, 401);
      assert.equal((calls.body as { message: string }).message, 'The token is not authorized for this scope.');
      const agency = await get(other, AGENTS, {}, { token: 'agency-token' });
      assert.equal(agency.status, 401);
      assert.equal((agency.body as { message: string }).message, "Token's user type mismatch!");
    } finally {
      await other.stop();
    }
  });

  it('answers 403 for another location and for a missing locationId', async () => {
    const other = await get(server, CALL_LOGS, { locationId: 'someoneElsesLocation' });
    assert.equal(other.status, 403);
    const body = other.body as Record<string, unknown>;
    assert.equal(body.statusCode, 403);
    assert.equal(body.message, 'The token does not have access to this location.');
    assert.equal(body.error, 'Forbidden');
    assert.equal(typeof body.traceId, 'string');
    const missing = await get(server, AGENTS, {}, { noLocation: true });
    assert.equal(missing.status, 403);
  });

  it('answers 401 "version header was not found." without a Version header', async () => {
    const a = await get(server, CALL_LOGS, {}, { version: null });
    assert.equal(a.status, 401);
    assert.equal((a.body as { message: string }).message, 'version header was not found.');
  });

  it('accepts every supported Version value', async () => {
    assert.deepEqual([...SUPPORTED_VERSIONS].sort(), ['2021-04-15', '2021-07-28', '2023-02-21', 'legacy', 'v3']);
    for (const version of SUPPORTED_VERSIONS) {
      const a = await get(server, CALL_LOGS, { pageSize: 1 }, { version });
      assert.equal(a.status, 200, version);
    }
  });

  it('answers 400 for an unknown Version value', async () => {
    const a = await get(server, AGENTS, {}, { version: '2099-01-01' });
    assert.equal(a.status, 400);
    assert.equal((a.body as { statusCode: number }).statusCode, 400);
    assert.match((a.body as { message: string }).message, /2099-01-01/);
  });

  it('ignores unknown request headers', async () => {
    const a = await get(server, AGENTS, {}, { headers: { 'X-Whatever': 'yes', 'User-Agent': 'test/1.0', Channel: 'OAUTH' } });
    assert.equal(a.status, 200);
  });

  it('answers 404 for unknown routes and methods', async () => {
    const a = await get(server, '/voice-ai/nothing');
    assert.equal(a.status, 404);
    const res = await fetch(`${server.baseUrl}${AGENTS}?locationId=${server.locationId}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, Version: '2021-07-28' },
    });
    assert.equal(res.status, 404);
    await res.arrayBuffer();
  });

  it('answers 404 for an unknown call id and agent id, with a traceId', async () => {
    const call = await get(server, `${CALL_LOGS}/000000000000000000000000`);
    assert.equal(call.status, 404);
    assert.equal((call.body as { statusCode: number }).statusCode, 404);
    assert.equal(typeof (call.body as { traceId: unknown }).traceId, 'string');
    const agent = await get(server, `${AGENTS}/nope`);
    assert.equal(agent.status, 404);
  });

  it('answers 404 for the deleted agent, whose calls remain readable', async () => {
    const [deletedId] = [...server.data.deletedAgentIds];
    assert.ok(deletedId);
    assert.equal((await get(server, `${AGENTS}/${deletedId}`)).status, 404);
    const calls = await get(server, CALL_LOGS, { agentId: deletedId, pageSize: 50 });
    const body = calls.body as { total: number; callLogs: { isAgentDeleted: boolean; id: string }[] };
    assert.ok(body.total > 0);
    assert.ok(body.callLogs.every((c) => c.isAgentDeleted));
    assert.equal((await get(server, `${CALL_LOGS}/${body.callLogs[0].id}`)).status, 200);
  });

  it('serves a call and an agent by id (path segments URL-decoded)', async () => {
    const call = server.data.callLogs[3];
    const a = await get(server, `${CALL_LOGS}/${encodeURIComponent(call.id)}`);
    assert.equal(a.status, 200);
    assert.deepEqual(a.body, JSON.parse(JSON.stringify(call)));
    const agent = server.data.agents[1];
    const b = await get(server, `${AGENTS}/${agent.id}`);
    assert.equal(b.status, 200);
    assert.deepEqual(b.body, JSON.parse(JSON.stringify(agent)));
  });

  it('records requests without the Authorization header', async () => {
    server.clearRequests();
    await get(server, AGENTS, { query: 'riley' });
    await get(server, AGENTS, {}, { token: 'bad' });
    assert.equal(server.requests.length, 2);
    const [first, second] = server.requests;
    assert.equal(first.method, 'GET');
    assert.equal(first.path, AGENTS);
    assert.deepEqual(first.query, { locationId: server.locationId, query: 'riley' });
    assert.equal(first.status, 200);
    assert.equal(first.version, '2021-07-28');
    assert.ok(Math.abs(first.at - Date.now()) < 10_000);
    assert.equal(second.status, 401);
    assert.ok(!JSON.stringify(server.requests).includes(server.token));
    assert.ok(!JSON.stringify(server.requests).includes('bad'));
  });
});
