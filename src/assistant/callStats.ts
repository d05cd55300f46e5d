// voiceAi_callStats: the analytics dashboard's figures (the same report, from the same service)
// for a date range and optionally one agent, as text.
import { DURATION_BUCKETS_S, WEEKDAYS, type AnalyticsRange, type AnalyticsReport } from '../shared/analytics';
import { actionTypeLabel } from '../shared/actionTypes';
import type { AssistantBackend } from './backend';
import { agentsById, resolveAgent } from './agents';
import { BUDGETS, CALL_STATS, SEARCH_CALLS } from './definitions';
import { dateRangeOf, inputObject, optionalString, timeZoneOf } from './input';
import { BudgetedText, count, durationText, oneLine, percent, quote } from './text';

export async function callStats(backend: AssistantBackend, raw: unknown, signal?: AbortSignal): Promise<string> {
  const input = inputObject(CALL_STATS, raw);
  const range = dateRangeOf(input) ?? { preset: 'last7' };
  const timeZone = timeZoneOf(input, backend.timeZone());
  const agentText = optionalString(input, 'agent', 200);
  const agents = await backend.agents(signal);
  const agentId = agentText !== undefined ? resolveAgent(agentText, agents) : undefined;
  const query: AnalyticsRange = 'preset' in range ? { preset: range.preset } : { from: range.from, to: range.to };
  const { report } = await backend.report({ range: query, timeZone, ...(agentId !== undefined ? { agentId } : {}) }, signal);
  return statsText(report, agentsById(agents));
}

function seconds(s: number | undefined): string {
  return s === undefined ? '—' : durationText(s);
}

function ms(value: number | undefined): string {
  if (value === undefined) return '—';
  return value < 1000 ? `${Math.round(value)} ms` : `${(Math.round(value / 100) / 10).toString()} s`;
}

function bucketLabel(i: number): string {
  const fmt = (s: number) => (s < 60 ? `${s}s` : `${s / 60}m`);
  if (i === 0) return `<${fmt(DURATION_BUCKETS_S[0])}`;
  if (i === DURATION_BUCKETS_S.length) return `≥${fmt(DURATION_BUCKETS_S[i - 1])}`;
  return `${fmt(DURATION_BUCKETS_S[i - 1])}–${fmt(DURATION_BUCKETS_S[i])}`;
}

export function statsText(report: AnalyticsReport, agents: ReadonlyMap<string, { agentName: string }>): string {
  const q = report.query;
  const t = report.totals;
  const out = new BudgetedText(BUDGETS[CALL_STATS], 300);
  const who = q.agentId !== undefined ? `agent ${agents.has(q.agentId) ? quote(agents.get(q.agentId)?.agentName ?? '', 60) : 'not in the current list'} (agent id ${q.agentId})` : 'all agents';
  const days = q.from === q.to ? q.from : `${q.from} to ${q.to}`;
  out.add(`Call figures for ${days} (${q.timeZone}), ${who}. Source: ${report.source === 'store' ? 'the local call store' : 'the Voice AI API'}.`);
  out.add(`Calls: ${count(t.calls)} (live ${count(t.liveCalls)}, trial ${count(t.trialCalls)}). Duration: total ${seconds(t.durationTotal)}, median ${seconds(t.durationMedian)}, 90th percentile ${seconds(t.durationP90)}.`);
  out.add(
    `With an action: ${count(t.callsWithAction)} (${percent(t.callsWithAction, t.calls)}). Transferred: ${count(t.transferred)} (${percent(t.transferred, t.calls)}). ` +
      `Appointment booked: ${count(t.booked)} (${percent(t.booked, t.calls)}). Data extraction ran in ${count(t.extractionCalls)} calls, ${count(t.extractionWithValue)} of them with a value (${percent(t.extractionWithValue, t.extractionCalls)}). ` +
      `Calls of deleted agents: ${count(t.deletedAgentCalls)}.`,
  );
  if (t.calls === 0) {
    out.end(`No calls in this range. ${SEARCH_CALLS} lists calls of other dates.`);
    return out.text();
  }
  const agentRows = report.agents.slice(0, 15).map((a) => `${a.name !== undefined ? quote(a.name, 50) : a.deleted ? 'a deleted agent' : 'unknown agent'} (${a.agentId}) ${count(a.calls)}`);
  out.add(`Calls per agent, most first: ${agentRows.join('; ')}${report.agents.length > 15 ? `; and ${report.agents.length - 15} more agents` : ''}.`);
  const byType = report.actionTypes.map(
    (a) => `${actionTypeLabel(a.type)} (${oneLine(a.type, 40)}): ${count(a.actions)} actions in ${count(a.calls)} calls, trigger to execution median ${ms(a.latencyMedianMs)}, p95 ${ms(a.latencyP95Ms)}`,
  );
  out.add(byType.length > 0 ? `Actions by type: ${byType.join('; ')}.` : 'Actions by type: none executed.');
  out.add(`Duration distribution: ${report.durationHistogram.map((n, i) => `${bucketLabel(i)} ${count(n)}`).join(', ')}.`);
  const perDay = report.days.map((day, i) => `${day.slice(5)} ${count(report.agents.reduce((sum, a) => sum + (a.perDay[i] ?? 0), 0))}`);
  if (!out.add(`Calls per day: ${perDay.join(', ')}.`)) out.add(`Calls per day: ${report.days.length} days; too many to list here, ask for a shorter range.`);
  const cells: { day: number; hour: number; n: number }[] = [];
  report.heatmap.forEach((hours, day) => hours.forEach((n, hour) => n > 0 && cells.push({ day, hour, n })));
  cells.sort((a, b) => b.n - a.n || a.day - b.day || a.hour - b.hour);
  out.add(`Busiest hours (${q.timeZone}): ${cells.slice(0, 5).map((c) => `${WEEKDAYS[c.day]} ${String(c.hour).padStart(2, '0')}:00 ${count(c.n)}`).join(', ')}.`);
  out.end(`The calls behind a figure: ${SEARCH_CALLS} with the same range (or from/to), timeZone${q.agentId !== undefined ? ', agent' : ''} and, e.g., actionTypes.`);
  return out.text();
}
