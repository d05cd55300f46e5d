// The report from the local store with SQL aggregates: nothing is parsed, only counted. The
// range's days and local hours (calendar.ts) go in as JSON lists of [start, end) instants, so the
// zone's DST rules stay in one place; the store's indexes do the rest (calls by created_at or by
// agent and created_at, an executed action by its call). A call's agent counts as deleted when
// the store's agent list (kept by the sync) does not hold it as current, as the API path does.
import type { AnalyticsReport } from '../../shared/analytics';
import type { CallStore } from '../store/types';
import type { Calendar } from './calendar';
import { ACTION_TYPES } from '../../api/schemas';
import { actionMask } from '../store/localQuery';
import { emptyDaily, finishReport, percentile, type AgentInfo, type Aggregates } from './report';

type Row = Readonly<Record<string, string | number | null>>;

const bits = (...types: string[]) => actionMask(types);
// Flags from the call's action-type mask (no lookup per call); a transfer also by agentTransferOccurred.
const TRANSFERRED = `(c.agent_transfer = 1 OR (c.action_mask & ${bits('CALL_TRANSFER')}) != 0)`;
const BOOKED = `((c.action_mask & ${bits('APPOINTMENT_BOOKING')}) != 0)`;
// Calls with an action of each known type, from the mask: a count(DISTINCT) per type cost more than the rest.
const CALLS_WITH_TYPE = ACTION_TYPES.map((t) => `sum((c.action_mask & ${bits(t)}) != 0)`).join(', ');
const EXTRACTION = `((c.action_mask & ${bits('DATA_EXTRACTION', 'IN_CALL_DATA_EXTRACTION')}) != 0)`;

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
     SELECT r.i AS i, g.id AS agent, (SELECT json_array(count(*), sum(c.trial), sum(c.duration), sum(c.action_count > 0), sum(${TRANSFERRED}), sum(${BOOKED}),
         sum(${EXTRACTION}), sum(c.has_extracted_data AND ${EXTRACTION}), ${CALLS_WITH_TYPE})
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
  // Per action type: actions, calls, and the latencies as one list, sorted here (a sort in SQL
  // per percentile cost several times more). Every agent's: a range of actions_type_created per
  // type; one agent's: that agent's calls' actions.
  const LATENCY = 'CASE WHEN a.trigger_at IS NOT NULL AND a.executed_at >= a.trigger_at THEN a.executed_at - a.trigger_at END';
  const typeRows =
    q.agentId === undefined
      ? store
          .select(
            `WITH t AS (SELECT DISTINCT type FROM actions)
             SELECT t.type AS type, (SELECT json_array(count(*), group_concat(${LATENCY}))
               FROM actions a WHERE a.type = t.type AND a.created_at BETWEEN ? AND ?) AS v,
               -- Known types' calls come from the mask (below); a type this version does not know is counted here.
               CASE WHEN t.type IN (SELECT value FROM json_each(?)) THEN NULL
                 ELSE (SELECT count(DISTINCT a.call_rowid) FROM actions a WHERE a.type = t.type AND a.created_at BETWEEN ? AND ?) END AS calls
             FROM t`,
            [q.startMs, q.endMs, JSON.stringify(ACTION_TYPES), q.startMs, q.endMs],
          )
          .map((r) => {
            const [actions, latencies] = JSON.parse(String(r.v)) as [number, string | null];
            return { type: r.type, actions, calls: r.calls === null ? undefined : r.calls, latencies };
          })
          .filter((r) => r.actions > 0)
      : store.select(
          `SELECT a.type AS type, count(*) AS actions, count(DISTINCT a.call_rowid) AS calls, group_concat(${LATENCY}) AS latencies
           FROM calls c JOIN actions a ON a.call_rowid = c.rowid WHERE c.created_at BETWEEN ? AND ?${agentSql} GROUP BY a.type`,
          [q.startMs, q.endMs, ...agentParam],
        );
  const current = new Set(store.select('SELECT id FROM agents WHERE deleted = 0').map((r) => String(r.id)));

  const days = calendar.days.length;
  const perAgentDay = new Map<string, ReturnType<typeof emptyDaily>>();
  const perBucket = new Int32Array(calendar.hours.starts.length);
  const callsWithType = ACTION_TYPES.map(() => 0);
  const totals = { calls: 0, liveCalls: 0, trialCalls: 0, durationTotal: 0, callsWithAction: 0, transferred: 0, booked: 0, extractionCalls: 0, extractionWithValue: 0, deletedAgentCalls: 0 };
  for (const r of hourRows) perBucket[num(r.i)] = num(r.n);
  for (const r of dayRows) {
    const [n, trial, dur, acted, tr, bk, ex, exv, ...withType] = (JSON.parse(String(r.v)) as (number | null)[]).map((v) => v ?? 0);
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
    withType.forEach((k, t) => (callsWithType[t] += k));
  }
  totals.liveCalls = totals.calls - totals.trialCalls;
  const durations = new Map<number, number>(durationRows.map((r: Row) => [num(r.d), num(r.n)]));
  const aggregates: Aggregates = {
    totals,
    durations,
    perBucket,
    perAgentDay,
    actionTypes: typeRows.map((r) => {
      const text = typeof r.latencies === 'string' ? r.latencies : '';
      const sorted = Float64Array.from(text === '' ? [] : text.split(','), Number).sort();
      return {
        type: String(r.type),
        actions: num(r.actions),
        calls: r.calls !== undefined && r.calls !== null ? num(r.calls) : (callsWithType[(ACTION_TYPES as readonly string[]).indexOf(String(r.type))] ?? 0),
        timed: sorted.length,
        latencyMedianMs: percentile(sorted, 0.5),
        latencyP95Ms: percentile(sorted, 0.95),
      };
    }),
  };
  const names = new Map(store.agents().map((a) => [a.agent.id, a.agent.agentName]));
  const info = (id: string): AgentInfo => ({ name: names.get(id), deleted: !current.has(id) });
  return finishReport(calendar, aggregates, info, 'store', performance.now() - started);
}
