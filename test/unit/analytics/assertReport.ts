// Compares a report with the independently computed figures.
import { strict as assert } from 'node:assert';
import type { AnalyticsReport } from '../../../src/shared/analytics';
import type { Expected } from './expected';

export function assertReport(report: AnalyticsReport, e: Expected, label: string): void {
  const t = report.totals;
  assert.ok(e.calls > 0, `${label}: the range has calls`);
  assert.deepEqual(
    {
      calls: t.calls, live: t.liveCalls, trial: t.trialCalls, durationTotal: t.durationTotal, median: t.durationMedian, p90: t.durationP90,
      withAction: t.callsWithAction, transferred: t.transferred, booked: t.booked, extractionCalls: t.extractionCalls,
      extractionWithValue: t.extractionWithValue, deletedAgentCalls: t.deletedAgentCalls,
    },
    {
      calls: e.calls, live: e.live, trial: e.trial, durationTotal: e.durationTotal, median: e.median, p90: e.p90,
      withAction: e.withAction, transferred: e.transferred, booked: e.booked, extractionCalls: e.extractionCalls,
      extractionWithValue: e.extractionWithValue, deletedAgentCalls: e.deletedAgentCalls,
    },
    `${label}: totals`,
  );
  const perAgentDay = new Map(
    report.agents.map((a) => [a.agentId, new Map(report.days.map((d, i) => [d, a.perDay[i]] as const).filter(([, n]) => n > 0))] as const),
  );
  assert.deepEqual(perAgentDay, e.perAgentDay, `${label}: calls per day and agent`);
  const detail = new Map(
    report.agents.map((a) => [
      a.agentId,
      new Map(
        report.days
          .map((d, i) => [d, [a.daily.trialCalls[i], a.daily.durationTotal[i], a.daily.callsWithAction[i], a.daily.transferred[i], a.daily.booked[i]]] as const)
          .filter(([, , ], i) => a.perDay[i] > 0),
      ),
    ] as const),
  );
  assert.deepEqual(detail, e.perAgentDayDetail, `${label}: figures per day and agent`);
  assert.deepEqual([...report.durationHistogram], e.histogram, `${label}: duration histogram`);
  assert.deepEqual(
    new Map(report.actionTypes.map((a) => [a.type, [a.actions, a.calls, a.timed, a.latencyMedianMs, a.latencyP95Ms]] as const)),
    e.types,
    `${label}: action mix and latency`,
  );
  assert.deepEqual(report.heatmap.map((r) => [...r]), e.heatmap, `${label}: weekday × hour`);
}
