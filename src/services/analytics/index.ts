// Call analytics: the figures of a date range (and optionally one agent), from the local store
// when it covers the range, else from the API's pages. A service of its own so that the
// dashboard, the CSV export and the assistant's call-stats tool (issue 15) share one computation.
import type { CallLog } from '../../api/schemas';
import type { AnalyticsQuery, AnalyticsReport } from '../../shared/analytics';
import { isDatePreset } from '../zones';
import { calendarOf, type Calendar } from './calendar';
import { finishReport, ReportBuilder, type AgentInfo } from './report';

export { calendarOf, type Calendar } from './calendar';
export type { AgentInfo } from './report';

/** The report from call logs read one page at a time (e.g. the API's pages); calls outside the range are skipped. */
export async function reportFromCallLogs(
  query: AnalyticsQuery | Calendar,
  now: number,
  pages: AsyncIterable<readonly CallLog[]> | Iterable<readonly CallLog[]>,
  agentInfo: (agentId: string) => AgentInfo | undefined,
): Promise<AnalyticsReport> {
  const calendar = 'range' in query ? calendarOf(query, now) : query;
  const builder = new ReportBuilder(calendar, (id) => agentInfo(id)?.deleted === true);
  const started = performance.now();
  for await (const page of pages) for (const call of page) builder.add(call);
  return finishReport(calendar, builder.aggregates(), agentInfo, 'api', performance.now() - started);
}

/** The API filter for a report's calls: the range's exact bounds and the agent. */
export function reportFilter(calendar: Calendar): { agentId?: string; startDate: number; endDate: number } {
  const q = calendar.query;
  return { ...(q.agentId !== undefined ? { agentId: q.agentId } : {}), startDate: q.startMs, endDate: q.endMs };
}

/** Agents as the API lists them: one missing from the list was deleted (the API hides deleted agents). */
export function agentInfoFrom(agents: readonly { readonly id: string; readonly agentName: string }[] | undefined): (agentId: string) => AgentInfo | undefined {
  if (!agents) return () => undefined;
  const byId = new Map(agents.map((a) => [a.id, a.agentName]));
  return (id) => (byId.has(id) ? { name: byId.get(id), deleted: false } : { deleted: true });
}

/**
 * The dashboard's query for the tree's filter: its date range (last 30 days without one) in its
 * zone, and `agentId` (a context menu's agent) or the filter's agent.
 */
export function queryFromFilter(
  state: { readonly agentId?: string; readonly dateRange?: AnalyticsQuery['range'] | { readonly preset: string }; readonly timeZone?: string },
  timeZone: string,
  agentId?: string,
): AnalyticsQuery {
  const range = state.dateRange && ('from' in state.dateRange || isDatePreset(state.dateRange.preset)) ? (state.dateRange as AnalyticsQuery['range']) : { preset: 'last30' as const };
  const agent = agentId ?? state.agentId;
  return { range, timeZone: state.timeZone ?? timeZone, ...(agent ? { agentId: agent } : {}) };
}
