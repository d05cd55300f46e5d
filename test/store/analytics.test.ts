// The analytics figures from the store's SQL aggregates against an independent computation over
// the sample server's raw calls (test/unit/analytics/expected.ts), and equal to the API path's:
// a fall-back DST range, a half-hour zone with the deleted agent's calls, an empty range.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { VoiceAiClient } from '../../src/api/client';
import type { CallLog } from '../../src/api/schemas';
import type { SqliteCallStore } from '../../src/services/store/callStore';
import { agentInfoFrom, calendarOf, reportFromCallLogs } from '../../src/services/analytics';
import { reportFromStore } from '../../src/services/analytics/storeReport';
import { AnalyticsService } from '../../src/services/analytics/service';
import type { AnalyticsQuery } from '../../src/shared/analytics';
import type { ApiServer } from '../api-server/server';
import { assertReport } from '../unit/analytics/assertReport';
import { expectedFigures } from '../unit/analytics/expected';
import { clientFor, filledStore, NOW, scratch, startServer } from './helpers';

describe('analytics from the store', () => {
  let server: ApiServer;
  let client: VoiceAiClient;
  let folder: ReturnType<typeof scratch>;
  let store: SqliteCallStore;
  let everything: CallLog[];

  before(async () => {
    server = await startServer({ calls: 3000 });
    client = clientFor(server);
    folder = scratch();
    ({ store, callLogs: everything } = await filledStore(path.join(folder.dir, 'analytics.sqlite'), server, client));
  });
  after(async () => {
    store.close();
    await client.close();
    await server.stop();
    folder.remove();
  });

  const cases: Array<[string, AnalyticsQuery, string, string]> = [
    ['fall back in New York', { range: { from: '2026-10-25', to: '2026-11-07' }, timeZone: 'America/New_York' }, '2026-10-25', '2026-11-07'],
    ['the last 30 days in Chicago', { range: { preset: 'last30' }, timeZone: 'America/Chicago' }, '2026-10-22', '2026-11-20'],
  ];
  for (const [label, query, from, to] of cases) {
    it(`${label}: every figure as computed from the raw calls, and as the API path computes it`, async () => {
      const calendar = calendarOf(query, NOW);
      assert.deepEqual([calendar.query.from, calendar.query.to], [from, to]);
      const report = reportFromStore(store, calendar);
      assert.equal(report.source, 'store');
      assertReport(report, expectedFigures(server.data.callLogs, query.timeZone, from, to), label);
      const api = await reportFromCallLogs(calendar, NOW, [everything], agentInfoFrom(server.data.agents));
      assert.deepEqual({ ...report, source: 'api', computeMs: 0 }, { ...api, computeMs: 0 });
    });
  }

  it("one agent in a half-hour zone: the deleted agent's calls all count as deleted", () => {
    const agentId = [...server.data.deletedAgentIds][0];
    const query: AnalyticsQuery = { range: { from: '2026-09-01', to: '2026-11-20' }, timeZone: 'Asia/Kolkata', agentId };
    const report = reportFromStore(store, calendarOf(query, NOW));
    assertReport(report, expectedFigures(server.data.callLogs, 'Asia/Kolkata', '2026-09-01', '2026-11-20', agentId), 'Kolkata');
    assert.equal(report.totals.deletedAgentCalls, report.totals.calls);
    assert.deepEqual(report.agents.map((a) => [a.agentId, a.deleted]), [[agentId, true]]);
  });

  it('a range without calls gives zeros and no rates', () => {
    const report = reportFromStore(store, calendarOf({ range: { from: '2020-01-01', to: '2020-01-31' }, timeZone: 'UTC' }, NOW));
    assert.equal(report.totals.calls, 0);
    assert.equal(report.totals.durationMedian, undefined);
    assert.deepEqual(report.agents, []);
    assert.deepEqual(report.actionTypes, []);
  });
});

describe('the analytics service: store or API', () => {
  let server: ApiServer;
  let client: VoiceAiClient;
  let folder: ReturnType<typeof scratch>;
  let store: SqliteCallStore;

  before(async () => {
    server = await startServer({ calls: 600 });
    client = clientFor(server);
    folder = scratch();
    ({ store } = await filledStore(path.join(folder.dir, 'service.sqlite'), server, client));
  });
  after(async () => {
    store.close();
    await client.close();
    await server.stop();
    folder.remove();
  });

  it('answers from the store when it covers the range (no call-log request), from the API otherwise (with the sync time)', async () => {
    const query: AnalyticsQuery = { range: { from: '2026-10-01', to: '2026-11-20' }, timeZone: 'America/Chicago' };
    let covers = true;
    const service = new AnalyticsService({ getClient: async () => client }, { list: () => client.listAgents() }, { covering: () => (covers ? store : undefined) });
    server.clearRequests();
    const fromStore = await service.report(query, { now: NOW });
    assert.equal(fromStore.covered, true);
    assert.equal(fromStore.report.source, 'store');
    assert.equal(server.requests.filter((r) => r.path.endsWith('/call-logs')).length, 0, 'no call-log request');
    covers = false;
    const fromApi = await service.report(query, { now: NOW });
    assert.equal(fromApi.covered, false);
    assert.equal(fromApi.report.source, 'api');
    assert.ok(server.requests.some((r) => r.path.endsWith('/call-logs')));
    assert.equal(fromApi.minimumSyncSeconds, 0, 'no rate limit on this server: nothing to wait');
    assert.deepEqual({ ...fromStore.report, source: 'api', computeMs: 0 }, { ...fromApi.report, computeMs: 0 });
  });
});
