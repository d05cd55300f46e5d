// A list's `total` is typed only as `number` by the spec: a fraction or a negative number is
// spec-valid. Such an answer keeps its items and its total counts as unknown; paging then goes
// on until a page comes short (client and export engine), against the real local API server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AgentsResponseSchema, CallLogsResponseSchema } from '../../../src/api/schemas';
import { VoiceAiClient } from '../../../src/api/client';
import { exportCallLogsToString } from '../../../src/api/export';
import { startApiServer, type ApiServer } from '../../api-server/server';
import { agent, callLog } from './fixtures';

const ODD_TOTALS = [2.5, -1, -0.5, 1e-9];

describe('a list total that is not a count', () => {
  it('keeps every call log and agent, with the total unknown', () => {
    for (const total of ODD_TOTALS) {
      const calls = CallLogsResponseSchema.safeParse({ total, page: 1, pageSize: 2, callLogs: [callLog('a'), callLog('b')] });
      assert.ok(calls.success, `total ${total}: ${JSON.stringify(calls.error?.issues)}`);
      assert.equal(calls.data.total, undefined);
      assert.deepEqual(calls.data.callLogs.map((c) => c.id), ['a', 'b']);
      const agents = AgentsResponseSchema.safeParse({ total, agents: [agent('x')] });
      assert.ok(agents.success, `total ${total}`);
      assert.equal(agents.data.total, undefined);
      assert.equal(agents.data.agents.length, 1);
    }
    assert.equal(CallLogsResponseSchema.parse({ total: 7, callLogs: [] }).total, 7);
    assert.equal(CallLogsResponseSchema.safeParse({ total: '7', callLogs: [] }).success, false, 'not a number at all is still refused');
  });

  describe('paging against the local API server', () => {
    let server: ApiServer;
    let client: VoiceAiClient;
    before(async () => {
      server = await startApiServer({ port: 0, rateLimit: false, calls: 130 });
      client = new VoiceAiClient({ baseUrl: server.baseUrl, token: server.token, locationId: server.locationId, rateLimit: false });
    });
    after(async () => {
      await client.close();
      await server.stop();
    });

    it('iterateCallLogs reads on until a short page', async () => {
      server.setFaults({ listTotal: 12.5 });
      server.clearRequests();
      const ids: string[] = [];
      for await (const call of client.iterateCallLogs({ pageSize: 50 }, { concurrency: 1 })) ids.push(call.id);
      assert.equal(ids.length, 130);
      assert.equal(new Set(ids).size, 130);
      assert.equal(server.requests.length, 3, '50 + 50 + 30: the short third page ends it');
    });

    it('listAgents reads every agent', async () => {
      server.setFaults({ listTotal: -1 });
      const agents = await client.listAgents();
      assert.equal(agents.length, server.data.agents.length);
    });

    it('the export engine exports every call', async () => {
      server.setFaults({ listTotal: 0.5 });
      const { text, result } = await exportCallLogsToString({
        pager: client,
        source: { baseUrl: server.baseUrl, locationId: server.locationId, apiVersion: '2021-07-28' },
        filter: {},
        timeZone: 'UTC',
      });
      assert.equal(result.count, 130);
      assert.equal((JSON.parse(text) as { callLogs: unknown[] }).callLogs.length, 130);
    });

    it('the export engine ends when a full page brings nothing new (a server that ignores the page)', async () => {
      server.setFaults({ listTotal: 0.5, samePage: true });
      server.clearRequests();
      const { result } = await exportCallLogsToString({
        pager: client,
        source: { baseUrl: server.baseUrl, locationId: server.locationId, apiVersion: '2021-07-28' },
        filter: {},
        timeZone: 'UTC',
        signal: AbortSignal.timeout(20_000),
      });
      assert.equal(result.count, 50, 'page 1 once');
      assert.equal(result.duplicatesSkipped, 50, 'page 2 was page 1 again');
      assert.equal(server.requests.length, 2);
    });
  });
});
