// The dashboard's exports read back: the JSON Lines file holds every call of the range as the
// server sent it (same ids, same values), and the CSV parses (RFC 4180, with a parser written
// here) into one row per day and agent holding the figures counted from the raw calls.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { VoiceAiClient } from '../../../src/api/client';
import { exportCallLogsToJsonLines, writeTextAtomically } from '../../../src/api/export';
import { callLogPages, type PagingSummary } from '../../../src/api/exportPaging';
import { agentInfoFrom, calendarOf, reportFilter, reportFromCallLogs } from '../../../src/services/analytics';
import { CSV_COLUMNS, reportCsvLines } from '../../../src/services/analytics/csv';
import type { AnalyticsReport } from '../../../src/shared/analytics';
import { startApiServer, type ApiServer } from '../../api-server/server';
import { expectedFigures, localParts } from './expected';

/** RFC 4180: fields split by commas, records by CRLF; quoted fields may hold both, "" is a quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      assert.notEqual(ch, '\n', 'a bare LF outside quotes');
      field += ch;
    }
  }
  assert.equal(field, '', 'the last record ends with CRLF');
  return rows;
}

describe('analytics exports', () => {
  let server: ApiServer;
  let client: VoiceAiClient;
  let dir: string;
  const zone = 'America/Chicago';
  let from: string;
  let to: string;

  before(async () => {
    server = await startApiServer({ port: 0, rateLimit: false });
    client = new VoiceAiClient({ baseUrl: server.baseUrl, token: server.token, locationId: server.locationId, rateLimit: false });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vai-analytics-export-'));
    to = localParts(zone)(server.sample.now).day;
    from = localParts(zone)(server.sample.now - 20 * 86_400_000).day;
  });
  after(async () => {
    await client.close();
    await server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('JSON Lines: one call log per line, exactly as the server sent it, every call of the range', async () => {
    const calendar = calendarOf({ range: { from, to }, timeZone: zone }, server.sample.now);
    const summary: PagingSummary = { count: 0, firstServerTotal: undefined, lastServerTotal: undefined, totalChangedBetweenPages: false, duplicatesSkipped: 0 };
    const file = path.join(dir, 'calls.jsonl');
    const result = await exportCallLogsToJsonLines(callLogPages({ pager: client, filter: reportFilter(calendar) }, summary), file);
    const text = await fs.readFile(file, 'utf8');
    assert.ok(text.endsWith('\n'));
    const lines = text.slice(0, -1).split('\n').map((l) => JSON.parse(l) as { id: string });
    const day = localParts(zone);
    const expected = server.data.callLogs.filter((c) => {
      const d = day(Date.parse(c.createdAt)).day;
      return d >= from && d <= to;
    });
    assert.ok(expected.length > 100);
    assert.equal(result.count, expected.length);
    const byId = new Map(expected.map((c) => [c.id, c]));
    assert.deepEqual(new Set(lines.map((l) => l.id)), new Set(byId.keys()), 'the same ids');
    for (const line of lines) assert.deepEqual(line, JSON.parse(JSON.stringify(byId.get(line.id))), `call ${line.id} as the server sent it`);
    assert.deepEqual(await fs.readdir(dir), ['calls.jsonl'], 'no temporary file left');
  });

  it('CSV: a header and one row per day and agent, numbers as digits, the figures of the raw calls', async () => {
    const calendar = calendarOf({ range: { from, to }, timeZone: zone }, server.sample.now);
    const summary: PagingSummary = { count: 0, firstServerTotal: undefined, lastServerTotal: undefined, totalChangedBetweenPages: false, duplicatesSkipped: 0 };
    const report = await reportFromCallLogs(calendar, server.sample.now, callLogPages({ pager: client, filter: reportFilter(calendar) }, summary), agentInfoFrom(await client.listAgents()));
    const file = path.join(dir, 'analytics.csv');
    await writeTextAtomically(reportCsvLines(report), file);
    const rows = parseCsv(await fs.readFile(file, 'utf8'));
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    const body = rows.slice(1);
    assert.equal(body.length, report.days.length * report.agents.length);
    const e = expectedFigures(server.data.callLogs, zone, from, to);
    const names = new Map(server.data.allAgents.map((a) => [a.id, a.agentName]));
    for (const [date, timeZone, agentId, agentName, deleted, calls, live, trial, duration, acted, transferred, booked] of body) {
      assert.equal(timeZone, zone);
      const d = e.perAgentDayDetail.get(agentId)?.get(date) ?? [0, 0, 0, 0, 0];
      const n = e.perAgentDay.get(agentId)?.get(date) ?? 0;
      assert.deepEqual([calls, live, trial, duration, acted, transferred, booked].map(Number), [n, n - d[0], d[0], d[1], d[2], d[3], d[4]], `${date} ${agentId}`);
      for (const v of [calls, live, trial, duration, acted, transferred, booked]) assert.match(v, /^\d+(\.\d+)?$/, 'plain digits');
      const isDeleted = server.data.deletedAgentIds.has(agentId);
      assert.equal(deleted, String(isDeleted));
      // A name the CSV guarded against formulas starts with an apostrophe; otherwise it is the name.
      assert.equal(agentName.replace(/^'(?=[=+\-@\t\r])/, ''), isDeleted ? '' : names.get(agentId));
    }
  });

  it('CSV quoting: commas, quotes, line breaks and formula-looking names survive a round trip', () => {
    const name = 'Ana, "the" bot\nline 2';
    const report = {
      query: { timeZone: 'UTC', from: '2026-01-01', to: '2026-01-01', startMs: 0, endMs: 1 },
      days: ['2026-01-01'],
      agents: [
        { agentId: 'a1', name, deleted: false, perDay: [3], calls: 3, daily: { trialCalls: [1], durationTotal: [12.5], callsWithAction: [2], transferred: [1], booked: [0] } },
        { agentId: 'a2', name: '=HYPERLINK("x")', deleted: true, perDay: [1], calls: 1, daily: { trialCalls: [0], durationTotal: [1e21], callsWithAction: [0], transferred: [0], booked: [0] } },
      ],
    } as unknown as AnalyticsReport;
    const rows = parseCsv([...reportCsvLines(report)].flat().join(''));
    assert.deepEqual(rows[1], ['2026-01-01', 'UTC', 'a1', name, 'false', '3', '2', '1', '12.5', '2', '1', '0']);
    assert.equal(rows[2][3], `'=HYPERLINK("x")`);
    assert.equal(rows[2][8], '1000000000000000000000', 'no exponent');
  });
});
