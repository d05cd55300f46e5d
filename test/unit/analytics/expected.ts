// The analytics figures computed independently of src/services/analytics, straight from the
// sample server's raw call logs: local dates and hours from Intl's parts of each call (not from
// day boundaries), percentiles by sorting. Shared by the in-memory and the store tests.
import type { SampleCallLog } from '../../api-server/data';

export const BOUNDS_S = [30, 60, 120, 180, 300, 600, 900, 1200];

export interface Expected {
  calls: number;
  live: number;
  trial: number;
  durationTotal: number;
  median?: number;
  p90?: number;
  withAction: number;
  transferred: number;
  booked: number;
  extractionCalls: number;
  extractionWithValue: number;
  deletedAgentCalls: number;
  /** agentId -> day -> calls */
  perAgentDay: Map<string, Map<string, number>>;
  /** agentId -> day -> [trial, duration total, with action, transferred, booked] */
  perAgentDayDetail: Map<string, Map<string, number[]>>;
  histogram: number[];
  /** type -> [actions, calls, timed, median, p95] */
  types: Map<string, [number, number, number, number | undefined, number | undefined]>;
  heatmap: number[][];
}

function rank(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
}

const WEEKDAY: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

export function localParts(timeZone: string): (ms: number) => { day: string; hour: number; weekday: number } {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
  return (ms) => {
    const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), weekday: WEEKDAY[p.weekday] };
  };
}

/** Calls of `from`..`to` (civil days in the zone, inclusive), optionally of one agent. */
export function expectedFigures(calls: readonly SampleCallLog[], timeZone: string, from: string, to: string, agentId?: string): Expected {
  const parts = localParts(timeZone);
  const e: Expected = {
    calls: 0, live: 0, trial: 0, durationTotal: 0, withAction: 0, transferred: 0, booked: 0,
    extractionCalls: 0, extractionWithValue: 0, deletedAgentCalls: 0,
    perAgentDay: new Map(), perAgentDayDetail: new Map(), histogram: new Array(BOUNDS_S.length + 1).fill(0), types: new Map(),
    heatmap: Array.from({ length: 7 }, () => new Array(24).fill(0)),
  };
  const durations: number[] = [];
  const latencies = new Map<string, number[]>();
  const counts = new Map<string, [number, number]>();
  for (const c of calls) {
    if (agentId && c.agentId !== agentId) continue;
    const local = parts(Date.parse(c.createdAt));
    if (local.day < from || local.day > to) continue;
    e.calls++;
    if (c.trialCall) e.trial++;
    else e.live++;
    e.durationTotal += c.duration;
    durations.push(c.duration);
    e.histogram[BOUNDS_S.filter((b) => c.duration >= b).length]++;
    if (c.isAgentDeleted) e.deletedAgentCalls++;
    const byDay = e.perAgentDay.get(c.agentId) ?? new Map<string, number>();
    byDay.set(local.day, (byDay.get(local.day) ?? 0) + 1);
    e.perAgentDay.set(c.agentId, byDay);
    e.heatmap[local.weekday][local.hour]++;
    const types = c.executedCallActions.map((a) => a.actionType);
    const detail = e.perAgentDayDetail.get(c.agentId) ?? new Map<string, number[]>();
    const d = detail.get(local.day) ?? [0, 0, 0, 0, 0];
    d[0] += c.trialCall ? 1 : 0;
    d[1] += c.duration;
    d[2] += types.length > 0 ? 1 : 0;
    d[3] += types.includes('CALL_TRANSFER') || c.agentTransferOccurred === true ? 1 : 0;
    d[4] += types.includes('APPOINTMENT_BOOKING') ? 1 : 0;
    detail.set(local.day, d);
    e.perAgentDayDetail.set(c.agentId, detail);
    if (types.length > 0) e.withAction++;
    if (types.includes('CALL_TRANSFER') || c.agentTransferOccurred === true) e.transferred++;
    if (types.includes('APPOINTMENT_BOOKING')) e.booked++;
    if (types.includes('DATA_EXTRACTION') || types.includes('IN_CALL_DATA_EXTRACTION')) {
      e.extractionCalls++;
      const values = Object.values(c.extractedData ?? {});
      if (values.some((v) => v !== null && v !== undefined && v !== '')) e.extractionWithValue++;
    }
    for (const t of new Set(types)) {
      const k = counts.get(t) ?? [0, 0];
      k[1]++;
      counts.set(t, k);
    }
    for (const a of c.executedCallActions) {
      const k = counts.get(a.actionType) ?? [0, 0];
      k[0]++;
      counts.set(a.actionType, k);
      if (a.triggerReceivedAt && a.executedAt) {
        const ms = new Date(a.executedAt).getTime() - new Date(a.triggerReceivedAt).getTime();
        if (ms >= 0) latencies.set(a.actionType, [...(latencies.get(a.actionType) ?? []), ms]);
      }
    }
  }
  durations.sort((a, b) => a - b);
  e.median = rank(durations, 0.5);
  e.p90 = rank(durations, 0.9);
  for (const [t, [actions, callsWith]] of counts) {
    const l = (latencies.get(t) ?? []).sort((a, b) => a - b);
    e.types.set(t, [actions, callsWith, l.length, rank(l, 0.5), rank(l, 0.95)]);
  }
  return e;
}
