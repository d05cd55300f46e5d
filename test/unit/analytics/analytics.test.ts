// The analytics figures against an independent computation over the sample server's call logs:
// DST days (spring forward and fall back), a half-hour zone, a deleted agent's calls, presets;
// and the API path over HTTP from the local server.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { VoiceAiClient } from '../../../src/api/client';
import { callLogPages, type PagingSummary } from '../../../src/api/exportPaging';
import { CallLogSchema, type CallLog } from '../../../src/api/schemas';
import { calendarOf, reportFilter, reportFromCallLogs } from '../../../src/services/analytics';
import { SampleData, type SampleCallLog } from '../../api-server/data';
import { startApiServer, type ApiServer } from '../../api-server/server';
import { assertReport } from './assertReport';
import { expectedFigures, localParts } from './expected';

function sample(now: number, calls = 6000): { raw: SampleCallLog[]; parsed: CallLog[]; data: SampleData } {
  const data = new SampleData({ seed: 7, calls, now, locationId: 'loc1' });
  const raw = data.allCallLogs();
  return { raw, parsed: raw.map((c) => CallLogSchema.parse(c)), data };
}

const names = (data: SampleData) => (id: string) => {
  const agent = data.allAgents.find((a) => a.id === id);
  return agent && { name: agent.agentName, deleted: data.deletedAgentIds.has(id) };
};

describe('analytics figures', () => {
  it('spring forward (America/Chicago, 2026-03-08 has 23 hours): every figure as computed from the raw calls', async () => {
    const { raw, parsed, data } = sample(Date.UTC(2026, 2, 20, 15));
    const query = { range: { from: '2026-03-01', to: '2026-03-15' }, timeZone: 'America/Chicago' };
    const report = await reportFromCallLogs(query, data.now, [parsed], names(data));
    assert.equal(report.days.length, 15);
    assert.equal(report.query.endMs - report.query.startMs + 1, (15 * 24 - 1) * 3_600_000, 'the range is 359 hours long');
    assertReport(report, expectedFigures(raw, 'America/Chicago', '2026-03-01', '2026-03-15'), 'spring forward');
    // 02:00–03:00 does not exist on that Sunday: nothing can be counted in it.
    const sundays2am = raw.filter((c) => localParts('America/Chicago')(Date.parse(c.createdAt)).day === '2026-03-08');
    assert.ok(sundays2am.length > 0, 'calls on the DST day');
    const dst = report.days.indexOf('2026-03-08');
    assert.equal(report.agents.reduce((n, a) => n + a.perDay[dst], 0), sundays2am.length);
  });

  it('fall back (America/New_York, 2026-11-01 has 25 hours; 1 AM counts both hours) and a deleted agent shown as deleted', async () => {
    const { raw, parsed, data } = sample(Date.UTC(2026, 10, 15, 15));
    const query = { range: { from: '2026-10-25', to: '2026-11-07' }, timeZone: 'America/New_York' };
    const report = await reportFromCallLogs(query, data.now, [parsed], names(data));
    const expected = expectedFigures(raw, 'America/New_York', '2026-10-25', '2026-11-07');
    assertReport(report, expected, 'fall back');
    assert.ok(report.totals.deletedAgentCalls > 0, 'calls of the deleted agent are in the range');
    const deleted = report.agents.filter((a) => a.deleted).map((a) => a.agentId);
    assert.deepEqual(deleted, [...data.deletedAgentIds]);
    const calendar = calendarOf(query, data.now);
    const oneAm = [...calendar.hours.hour.keys()].filter((i) => calendar.days[calendar.hours.day[i]] === '2026-11-01' && calendar.hours.hour[i] === 1);
    assert.equal(oneAm.length, 2, 'two buckets for the repeated hour');
  });

  it('a half-hour zone (Asia/Kolkata) and one agent: the deleted agent, all of whose calls count as deleted', async () => {
    const { raw, parsed, data } = sample(Date.UTC(2026, 5, 1, 12));
    const agentId = [...data.deletedAgentIds][0];
    const query = { range: { from: '2026-04-01', to: '2026-05-31' }, timeZone: 'Asia/Kolkata', agentId };
    const report = await reportFromCallLogs(query, data.now, [parsed], names(data));
    assertReport(report, expectedFigures(raw, 'Asia/Kolkata', '2026-04-01', '2026-05-31', agentId), 'Kolkata, one agent');
    assert.equal(report.totals.deletedAgentCalls, report.totals.calls);
    assert.deepEqual(report.agents.map((a) => a.agentId), [agentId]);
  });

  it('a preset (last 30 days, Europe/Paris) ends today in the zone; calls of no range give no rates', async () => {
    const now = Date.UTC(2026, 2, 30, 0, 30); // already 30 March in Paris, 29 March in UTC: the Paris DST day is inside
    const { raw, parsed, data } = sample(now);
    const report = await reportFromCallLogs({ range: { preset: 'last30' }, timeZone: 'Europe/Paris' }, now, [parsed], names(data));
    assert.equal(report.query.to, '2026-03-30');
    assert.equal(report.query.from, '2026-03-01');
    assertReport(report, expectedFigures(raw, 'Europe/Paris', '2026-03-01', '2026-03-30'), 'last 30 days');
    const empty = await reportFromCallLogs({ range: { from: '2020-01-01', to: '2020-01-02' }, timeZone: 'UTC' }, now, [parsed], names(data));
    assert.equal(empty.totals.calls, 0);
    assert.equal(empty.totals.durationMedian, undefined);
    assert.deepEqual(empty.agents, []);
  });

  it('a bad range says what is wrong', () => {
    assert.throws(() => calendarOf({ range: { from: '2026-03-10', to: '2026-03-01' }, timeZone: 'UTC' }, Date.now()), /before the start date/);
    assert.throws(() => calendarOf({ range: { from: '2026-02-30', to: '2026-03-01' }, timeZone: 'UTC' }, Date.now()), /is not a date/);
  });
});

describe('analytics from the API', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer({ port: 0, rateLimit: false });
  });
  after(async () => {
    await server.stop();
  });

  it('pages of the local server (the range\'s exact bounds) give the same figures as the raw data', async () => {
    const client = new VoiceAiClient({ baseUrl: server.baseUrl, token: server.token, locationId: server.locationId, rateLimit: false });
    try {
      const today = localParts('America/Chicago')(server.sample.now).day;
      const from = localParts('America/Chicago')(server.sample.now - 40 * 86_400_000).day;
      const query = { range: { from, to: today }, timeZone: 'America/Chicago' };
      const calendar = calendarOf(query, server.sample.now);
      const summary: PagingSummary = { count: 0, firstServerTotal: undefined, lastServerTotal: undefined, totalChangedBetweenPages: false, duplicatesSkipped: 0 };
      const pages = callLogPages({ pager: client, filter: reportFilter(calendar) }, summary);
      const report = await reportFromCallLogs(calendar, server.sample.now, pages, names(server.sample));
      assertReport(report, expectedFigures(server.data.callLogs, 'America/Chicago', from, today), 'API');
      assert.equal(summary.count, report.totals.calls, 'the API was asked for the range only');
    } finally {
      await client.close();
    }
  });
});
