// The dashboard's report read from the API's pages: the analytics computation
// (src/services/analytics) over every call of the range, for a host without a local store.
import type { VoiceAiClient } from '../api/client';
import type { Agent } from '../api/schemas';
import type { AnalyticsQuery, AnalyticsReport } from '../shared/analytics';
import { calendarOf, reportFilter, reportFromCallLogs } from '../services/analytics';

export async function reportFromApi(client: VoiceAiClient, agents: readonly Agent[], query: AnalyticsQuery, signal?: AbortSignal): Promise<AnalyticsReport> {
  const now = Date.now();
  const calendar = calendarOf(query, now);
  const names = new Map(agents.map((a) => [a.id, a.agentName]));
  const calls = client.iterateCallLogs(reportFilter(calendar), { signal });
  async function* pages() {
    for await (const call of calls) yield [call];
  }
  return reportFromCallLogs(calendar, now, pages(), (id) => (names.has(id) ? { name: names.get(id), deleted: false } : undefined));
}
