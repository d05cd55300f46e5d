// The report from the local store with SQL aggregates: nothing is parsed, only counted. The
// range's days and local hours (calendar.ts) go in as JSON lists of [start, end) instants, so the
// zone's DST rules stay in one place; the store's indexes do the rest (calls by agent and
// created_at with what each call led to as 0/1 columns, an action by type and created_at with its
// latency). A call's agent counts as deleted when the store's agent list (kept by the sync) does
// not hold it as current, as the API path does.
// Measured on 100,000 calls (bench: analytics100kMs): a sum of a 0/1 column costs a third of a sum
// of an expression over the action mask, and the latencies cross as one string parsed by hand.
import type { AnalyticsReport } from '../../shared/analytics';
import type { CallStore } from '../store/types';
import type { Calendar } from './calendar';
import { emptyDaily, finishReport, percentile, type AgentInfo, type Aggregates } from './report';

type Row = Readonly<Record<string, string | number | null>>;

/** [start, end) instants as a JSON list, read by json_each in the queries. */
function ranges(starts: ArrayLike<number>, endMs: number): string {
  const out: [number, number][] = [];
  for (let i = 0; i < starts.length; i++) out.push([starts[i], i + 1 < starts.length ? starts[i + 1] : endMs + 1]);
  return JSON.stringify(out);
}

function num(v: string | number | null | undefined): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

export function reportFromStore(store: CallStore, calendar: Calendar): AnalyticsReport {
  const started = performance.now();
  const q = calendar.query;
  const agentSql = q.agentId !== undefined ? ' AND c.agent_id = ?' : '';
  const agentParam = q.agentId !== undefined ? [q.agentId] : [];
  const agents = q.agentId !== undefined ? [q.agentId] : store.select('SELECT DISTINCT agent_id AS id FROM calls').map((r) => String(r.id));
  const agentList = JSON.stringify(agents);
  const RANGES = `r AS (SELECT CAST(key AS INTEGER) AS i, json_extract(value, '$[0]') AS s, json_extract(value, '$[1]') AS e FROM json_each(?))`;
  // Each agent's days: one index range each (calls_agent_analytics covers every column read),
  // its sums as one JSON array. Subqueries rather than a GROUP BY, which sorted every call.
  const dayRows = store.select(
    `WITH ${RANGES}, g AS (SELECT value AS id FROM json_each(?))
     SELECT r.i AS i, g.id AS agent, (SELECT json_array(count(*), sum(c.trial), sum(c.duration), sum(c.with_action), sum(c.transferred), sum(c.booked),
         sum(c.extraction), sum(c.extraction_value))
       FROM calls c WHERE c.agent_id = g.id AND c.created_at >= r.s AND c.created_at < r.e) AS v
     FROM g CROSS JOIN r`,
    [ranges(calendar.dayStarts.slice(0, -1), q.endMs), agentList],
  );
  // Calls per local hour (the heat map): a count per hour from an index.
  const hourRows = store.select(
    `WITH ${RANGES} SELECT r.i AS i, (SELECT count(*) FROM calls c WHERE c.created_at >= r.s AND c.created_at < r.e${agentSql}) AS n FROM r`,
    [ranges(calendar.hours.starts, q.endMs), ...agentParam],
  );
  // Durations by value: the median, the 90th percentile and the histogram, exactly.
  // Every agent's: calls_duration (duration, created_at) read in duration order, no sort.
  const durationRows =
    q.agentId === undefined
      ? store.select('SELECT c.duration AS d, count(*) AS n FROM calls c INDEXED BY calls_duration WHERE c.created_at BETWEEN ? AND ? GROUP BY c.duration', [q.startMs, q.endMs])
      : store.select('SELECT c.duration AS d, count(*) AS n FROM calls c WHERE c.agent_id = ? AND c.created_at BETWEEN ? AND ? GROUP BY c.duration', [q.agentId, q.startMs, q.endMs]);
  // Per action type: actions, calls (a sum of first_of_type) and the latencies as one list,
  // sorted here (a sort in SQL per percentile cost several times more). Every agent's: a range of
  // actions_type_created per type; one agent's: that agent's calls' actions.
  const typeRows =
    q.agentId === undefined
      ? store.select(
          `WITH t AS (SELECT DISTINCT type FROM actions)
           SELECT t.type AS type, (SELECT json_array(count(*), sum(a.first_of_type), group_concat(a.latency))
             FROM actions a WHERE a.type = t.type AND a.created_at BETWEEN ? AND ?) AS v
           FROM t`,
          [q.startMs, q.endMs],
        )
      : store.select(
          `SELECT a.type AS type, json_array(count(*), sum(a.first_of_type), group_concat(a.latency)) AS v
           FROM calls c JOIN actions a ON a.call_rowid = c.rowid WHERE c.created_at BETWEEN ? AND ?${agentSql} GROUP BY a.type`,
          [q.startMs, q.endMs, ...agentParam],
        );
  const current = new Set(store.select('SELECT id FROM agents WHERE deleted = 0').map((r) => String(r.id)));

  const days = calendar.days.length;
  const perAgentDay = new Map<string, ReturnType<typeof emptyDaily>>();
  const perBucket = new Int32Array(calendar.hours.starts.length);
  const totals = { calls: 0, liveCalls: 0, trialCalls: 0, durationTotal: 0, callsWithAction: 0, transferred: 0, booked: 0, extractionCalls: 0, extractionWithValue: 0, deletedAgentCalls: 0 };
  for (const r of hourRows) perBucket[num(r.i)] = num(r.n);
  for (const r of dayRows) {
    const [n, trial, dur, acted, tr, bk, ex, exv] = (JSON.parse(String(r.v)) as (number | null)[]).map((v) => v ?? 0);
    if (n === 0) continue;
    const agent = String(r.agent);
    let d = perAgentDay.get(agent);
    if (!d) perAgentDay.set(agent, (d = emptyDaily(days)));
    const i = num(r.i);
    d.calls[i] += n;
    d.trialCalls[i] += trial;
    d.durationTotal[i] += dur;
    d.callsWithAction[i] += acted;
    d.transferred[i] += tr;
    d.booked[i] += bk;
    totals.calls += n;
    totals.trialCalls += trial;
    totals.durationTotal += dur;
    totals.callsWithAction += acted;
    totals.transferred += tr;
    totals.booked += bk;
    totals.extractionCalls += ex;
    totals.extractionWithValue += exv;
    if (!current.has(agent)) totals.deletedAgentCalls += n;
  }
  totals.liveCalls = totals.calls - totals.trialCalls;
  const durations = new Map<number, number>(durationRows.map((r: Row) => [num(r.d), num(r.n)]));
  const aggregates: Aggregates = {
    totals,
    durations,
    perBucket,
    perAgentDay,
    actionTypes: typeRows.flatMap((r) => {
      const [actions, calls, latencies] = JSON.parse(String(r.v)) as [number, number | null, string | null];
      if (actions === 0) return [];
      const sorted = parseLatencies(latencies ?? '').sort();
      return [{ type: String(r.type), actions, calls: calls ?? 0, timed: sorted.length, latencyMedianMs: percentile(sorted, 0.5), latencyP95Ms: percentile(sorted, 0.95) }];
    }),
  };
  const names = new Map(store.agents().map((a) => [a.agent.id, a.agent.agentName]));
  const info = (id: string): AgentInfo => ({ name: names.get(id), deleted: !current.has(id) });
  return finishReport(calendar, aggregates, info, 'store', performance.now() - started);
}

/**
 * group_concat's list of latencies (non-negative whole ms, callOutcome.ts) as numbers. By hand:
 * split(',') and Number over 160,000 values cost three times as much.
 */
export function parseLatencies(text: string): Float64Array {
  const out = new Float64Array(text.length === 0 ? 0 : (text.length >> 1) + 1);
  let n = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 /* , */) {
      out[n++] = value;
      value = 0;
    } else value = value * 10 + (c - 48);
  }
  if (text.length > 0) out[n++] = value;
  return out.subarray(0, n);
}
