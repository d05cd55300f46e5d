// The figures of an analytics report from aggregates, and those aggregates from call logs read
// one by one (the API path; the store computes the same aggregates with SQL, storeReport.ts).
// No vscode import: unit-tested under Node and reused by the assistant's call-stats tool.
import { actionLatencyMs, callOutcome } from '../../api/callOutcome';
import type { CallLog } from '../../api/schemas';
import { DURATION_BUCKETS_S, type ActionTypeFigures, type AgentSeries, type AnalyticsReport, type DailyFigures, type Totals } from '../../shared/analytics';
import { bucketOf, type Calendar } from './calendar';

/** What both paths count; finishReport turns it into the report. */
export interface Aggregates {
  readonly totals: Omit<Totals, 'durationMedian' | 'durationP90'>;
  /** duration (s) -> calls with it. */
  readonly durations: ReadonlyMap<number, number>;
  /** Calls per hour bucket of the calendar (every agent's): the heat map. */
  readonly perBucket: ArrayLike<number>;
  /** agentId -> calls and figures per day of the calendar. */
  readonly perAgentDay: ReadonlyMap<string, DailyCounts>;
  readonly actionTypes: readonly ActionTypeFigures[];
}

export type DailyCounts = { readonly [K in keyof DailyFigures | 'calls']: ArrayLike<number> };

export interface AgentInfo {
  readonly name?: string;
  readonly deleted: boolean;
}

/** Nearest-rank percentile of ascending values: the value at rank ceil(p·n). */
export function percentile(sorted: ArrayLike<number>, p: number): number | undefined {
  const n = sorted.length;
  if (n === 0) return undefined;
  return sorted[Math.min(n, Math.max(1, Math.ceil(p * n))) - 1];
}

/** The same over value -> count, values taken in ascending order. */
function percentileOfCounts(sortedValues: readonly number[], counts: ReadonlyMap<number, number>, n: number, p: number): number | undefined {
  if (n === 0) return undefined;
  const rank = Math.min(n, Math.max(1, Math.ceil(p * n)));
  let seen = 0;
  for (const v of sortedValues) {
    seen += counts.get(v) ?? 0;
    if (seen >= rank) return v;
  }
  return undefined;
}

/** The duration histogram's bucket for a duration in seconds. */
export function durationBucket(seconds: number): number {
  let i = 0;
  while (i < DURATION_BUCKETS_S.length && seconds >= DURATION_BUCKETS_S[i]) i++;
  return i;
}

export function finishReport(
  calendar: Calendar,
  aggregates: Aggregates,
  agentInfo: (agentId: string) => AgentInfo | undefined,
  source: AnalyticsReport['source'],
  computeMs: number,
): AnalyticsReport {
  const { hours, days } = calendar;
  const values = [...aggregates.durations.keys()].sort((a, b) => a - b);
  const n = aggregates.totals.calls;
  const histogram = new Array<number>(DURATION_BUCKETS_S.length + 1).fill(0);
  for (const v of values) histogram[durationBucket(v)] += aggregates.durations.get(v) ?? 0;

  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (let b = 0; b < aggregates.perBucket.length; b++) heatmap[hours.weekday[b]][hours.hour[b]] += aggregates.perBucket[b];
  const agents: AgentSeries[] = [];
  for (const [agentId, d] of aggregates.perAgentDay) {
    const perDay = Array.from(d.calls);
    const calls = perDay.reduce((a, b) => a + b, 0);
    if (calls === 0) continue;
    const info = agentInfo(agentId);
    const daily: DailyFigures = {
      trialCalls: Array.from(d.trialCalls),
      durationTotal: Array.from(d.durationTotal),
      callsWithAction: Array.from(d.callsWithAction),
      transferred: Array.from(d.transferred),
      booked: Array.from(d.booked),
    };
    agents.push({ agentId, name: info?.name, deleted: info?.deleted ?? false, perDay, daily, calls });
  }
  agents.sort((a, b) => b.calls - a.calls || a.agentId.localeCompare(b.agentId));

  return {
    query: calendar.query,
    totals: {
      ...aggregates.totals,
      durationMedian: percentileOfCounts(values, aggregates.durations, n, 0.5),
      durationP90: percentileOfCounts(values, aggregates.durations, n, 0.9),
    },
    days,
    agents,
    durationHistogram: histogram,
    actionTypes: [...aggregates.actionTypes].sort((a, b) => b.actions - a.actions || a.type.localeCompare(b.type)),
    heatmap,
    source,
    computeMs,
  };
}

export function emptyDaily(days: number): { [K in keyof DailyCounts]: number[] } {
  const zeros = () => new Array<number>(days).fill(0);
  return { calls: zeros(), trialCalls: zeros(), durationTotal: zeros(), callsWithAction: zeros(), transferred: zeros(), booked: zeros() };
}

/** Counts call logs one at a time (those outside the calendar's range or of another agent are skipped). */
export class ReportBuilder {
  private calls = 0;
  private trial = 0;
  private durationTotal = 0;
  private withAction = 0;
  private transferred = 0;
  private booked = 0;
  private extractionCalls = 0;
  private extractionWithValue = 0;
  private deletedAgentCalls = 0;
  private readonly durations = new Map<number, number>();
  private readonly perBucket: Int32Array;
  private readonly perAgentDay = new Map<string, ReturnType<typeof emptyDaily>>();
  private readonly types = new Map<string, { actions: number; calls: number; latencies: number[] }>();

  constructor(
    private readonly calendar: Calendar,
    private readonly isDeletedAgent: (agentId: string) => boolean = () => false,
  ) {
    this.perBucket = new Int32Array(calendar.hours.starts.length);
  }

  add(call: CallLog): void {
    const q = this.calendar.query;
    if (q.agentId !== undefined && call.agentId !== q.agentId) return;
    const at = Date.parse(call.createdAt);
    const bucket = bucketOf(this.calendar.hours, q.endMs, at);
    if (bucket < 0) return;
    this.calls++;
    if (call.trialCall) this.trial++;
    this.durationTotal += call.duration;
    this.durations.set(call.duration, (this.durations.get(call.duration) ?? 0) + 1);
    this.perBucket[bucket]++;
    let daily = this.perAgentDay.get(call.agentId);
    if (!daily) {
      daily = emptyDaily(this.calendar.days.length);
      this.perAgentDay.set(call.agentId, daily);
    }
    const day = this.calendar.hours.day[bucket];
    daily.calls[day]++;
    if (call.trialCall) daily.trialCalls[day]++;
    daily.durationTotal[day] += call.duration;
    if (call.isAgentDeleted || this.isDeletedAgent(call.agentId)) this.deletedAgentCalls++;

    const outcome = callOutcome(call);
    if (outcome.withAction) {
      this.withAction++;
      daily.callsWithAction[day]++;
    }
    const seen = new Set<string>();
    for (const action of call.executedCallActions) {
      let t = this.types.get(action.actionType);
      if (!t) {
        t = { actions: 0, calls: 0, latencies: [] };
        this.types.set(action.actionType, t);
      }
      t.actions++;
      if (!seen.has(action.actionType)) t.calls++;
      seen.add(action.actionType);
      const latency = actionLatencyMs(action);
      if (latency !== undefined) t.latencies.push(latency);
    }
    if (outcome.transferred) {
      this.transferred++;
      daily.transferred[day]++;
    }
    if (outcome.booked) {
      this.booked++;
      daily.booked[day]++;
    }
    if (outcome.extraction) this.extractionCalls++;
    if (outcome.extractionWithValue) this.extractionWithValue++;
  }

  aggregates(): Aggregates {
    return {
      totals: {
        calls: this.calls,
        liveCalls: this.calls - this.trial,
        trialCalls: this.trial,
        durationTotal: this.durationTotal,
        callsWithAction: this.withAction,
        transferred: this.transferred,
        booked: this.booked,
        extractionCalls: this.extractionCalls,
        extractionWithValue: this.extractionWithValue,
        deletedAgentCalls: this.deletedAgentCalls,
      },
      durations: this.durations,
      perBucket: this.perBucket,
      perAgentDay: this.perAgentDay,
      actionTypes: [...this.types].map(([type, t]) => {
        const sorted = Float64Array.from(t.latencies).sort();
        return {
          type,
          actions: t.actions,
          calls: t.calls,
          timed: sorted.length,
          latencyMedianMs: percentile(sorted, 0.5),
          latencyP95Ms: percentile(sorted, 0.95),
        };
      }),
    };
  }
}
