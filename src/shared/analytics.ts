// The call analytics as data: what is asked (AnalyticsQuery) and what comes back
// (AnalyticsReport), plus the messages between the dashboard and its webview. Used by the
// analytics service, the dashboard on both sides and (issue 15) the assistant's call-stats tool,
// so it stays free of `vscode`, Node and DOM APIs.
import type { ChartColor } from './actionTypes';

/** The webview panel type of the dashboard. */
export const ANALYTICS_VIEW_TYPE = 'voiceAi.analytics';

/** A date range as the filter has it: a preset, or custom civil dates (YYYY-MM-DD, both inclusive). */
export type AnalyticsRange =
  | { readonly preset: 'today' | 'yesterday' | 'last7' | 'last30' | 'thisMonth' }
  | { readonly from: string; readonly to: string };

export interface AnalyticsQuery {
  readonly range: AnalyticsRange;
  /** IANA zone the range's days, the per-day counts and the heat map are meant in. */
  readonly timeZone: string;
  /** One agent's calls only; every agent's when absent. */
  readonly agentId?: string;
}

/** The query with its days resolved: exact instants, DST days 23 or 25 hours long. */
export interface ResolvedQuery {
  readonly timeZone: string;
  readonly agentId?: string;
  /** First and last civil day, YYYY-MM-DD. */
  readonly from: string;
  readonly to: string;
  /** Unix ms, both inclusive (as the call-logs endpoint takes them). */
  readonly startMs: number;
  readonly endMs: number;
}

/** Percentiles are nearest-rank: the value at rank ceil(p·n) of the sorted values (the median is p = 0.5). */
export interface Totals {
  readonly calls: number;
  readonly liveCalls: number;
  readonly trialCalls: number;
  /** Seconds. */
  readonly durationTotal: number;
  /** Seconds; undefined without calls. */
  readonly durationMedian?: number;
  readonly durationP90?: number;
  /** Calls with at least one executed action. */
  readonly callsWithAction: number;
  /** Calls with an executed CALL_TRANSFER or agentTransferOccurred: true (the tree's "transferred"). */
  readonly transferred: number;
  /** Calls with an executed APPOINTMENT_BOOKING. */
  readonly booked: number;
  /** Calls that ran a data extraction (DATA_EXTRACTION or IN_CALL_DATA_EXTRACTION). */
  readonly extractionCalls: number;
  /** Of those, calls whose extractedData holds at least one value (not null, not ""). */
  readonly extractionWithValue: number;
  /** Calls of agents deleted since (isAgentDeleted, or an agent the store knows as deleted). */
  readonly deletedAgentCalls: number;
}

export interface AgentSeries {
  readonly agentId: string;
  /** The agent's name when known; the UI says "deleted agent" / shows the id otherwise. */
  readonly name?: string;
  readonly deleted: boolean;
  /** Calls per day, aligned with AnalyticsReport.days. */
  readonly perDay: readonly number[];
  /** More per day (aligned with days): for the CSV's day × agent rows. */
  readonly daily: DailyFigures;
  readonly calls: number;
}

export interface DailyFigures {
  readonly trialCalls: readonly number[];
  /** Seconds. */
  readonly durationTotal: readonly number[];
  readonly callsWithAction: readonly number[];
  readonly transferred: readonly number[];
  readonly booked: readonly number[];
}

export interface ActionTypeFigures {
  /** The API's actionType (a type this version does not know is kept as is). */
  readonly type: string;
  /** Executed actions of the type. */
  readonly actions: number;
  /** Calls with at least one action of the type. */
  readonly calls: number;
  /** Actions with both times and executedAt >= triggerReceivedAt. */
  readonly timed: number;
  /** Trigger received -> executed, ms; undefined when none is timed. */
  readonly latencyMedianMs?: number;
  readonly latencyP95Ms?: number;
}

/** Upper bounds (seconds, exclusive) of the duration histogram's buckets; the last bucket is open. */
export const DURATION_BUCKETS_S = [30, 60, 120, 180, 300, 600, 900, 1200] as const;

export interface AnalyticsReport {
  readonly query: ResolvedQuery;
  readonly totals: Totals;
  /** Every civil day of the range, YYYY-MM-DD. */
  readonly days: readonly string[];
  /** Agents with calls in the range, most calls first. */
  readonly agents: readonly AgentSeries[];
  /** counts[i]: calls with DURATION_BUCKETS_S[i-1] <= duration < DURATION_BUCKETS_S[i]; the last: >= the last bound. */
  readonly durationHistogram: readonly number[];
  /** By executed actions, most first. */
  readonly actionTypes: readonly ActionTypeFigures[];
  /** heatmap[weekday][hour]: weekday 0 = Monday … 6 = Sunday, hour 0–23, both in the zone. */
  readonly heatmap: readonly (readonly number[])[];
  /** Where the figures come from. */
  readonly source: 'store' | 'api';
  /** Time to compute the figures (ms), from the first call read to the report. */
  readonly computeMs: number;
}

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** `part / whole` or undefined when whole is 0 (a rate of nothing is not 0 %). */
export function share(part: number, whole: number): number | undefined {
  return whole > 0 ? part / whole : undefined;
}

// ---- Dashboard messages --------------------------------------------------------------------

/** Words for the webview: the extension localizes them (vscode.l10n), the webview inserts them as text. */
export const DASHBOARD_STRING_KEYS = [
  'calls', 'live', 'trial', 'durationTotal', 'durationMedian', 'durationP90', 'withAction', 'transferRate', 'bookingRate',
  'extractionValue', 'deletedAgentCalls', 'perDay', 'durationChart', 'actionMix', 'actionLatency', 'heatmap',
  'showTable', 'showChart', 'day', 'agent', 'total', 'duration', 'actionType', 'actions', 'callsWithType', 'median', 'p95',
  'weekday', 'hour', 'exportCsv', 'exportJsonl', 'range', 'from', 'to', 'apply', 'custom', 'today', 'yesterday', 'last7',
  'last30', 'thisMonth', 'filterDay', 'filterAgent', 'filterType', 'noCalls', 'deletedAgent', 'legend', 'ofCalls',
  'ofExtraction', 'clickHint', 'sync', 'filterDayAgent', 'seconds', 'secondsUnit', 'minutesSecondsUnit', 'hoursMinutesUnit',
  'minutesUnit', 'percentUnit', 'callsOne', 'callsMany', 'actionsOne', 'actionsMany', 'tooltipTotal', 'below', 'atLeast', 'between',
  'heatCell', 'clickHintDay',
] as const;
export type DashboardStringKey = (typeof DASHBOARD_STRING_KEYS)[number];
export type DashboardStrings = Readonly<Record<DashboardStringKey, string>>;

export interface ActionTypeStyle {
  readonly label: string;
  readonly color?: ChartColor;
}

/** How the store stands for the range: the dashboard offers to sync when it does not cover it. */
export interface CoverageNote {
  readonly covered: boolean;
  /** Words for the banner, e.g. "These days are not synced yet…". */
  readonly message?: string;
  /** Label of the button that starts a sync; absent when there is nothing to offer. */
  readonly syncLabel?: string;
  /** Label of the button that opens the store's setting (the store is off). */
  readonly settingLabel?: string;
}

export interface DashboardModel {
  readonly report: AnalyticsReport;
  /** "last 30 days (America/Chicago) · all agents", for the heading. */
  readonly title: string;
  /** The range as chosen (a preset or custom dates), for the range picker. */
  readonly range: AnalyticsRange;
  readonly actionStyles: Readonly<Record<string, ActionTypeStyle>>;
  readonly coverage: CoverageNote;
  readonly strings: DashboardStrings;
  /** Ties the webview's `drawn` report to this model. */
  readonly seq: number;
}

export type DashboardToWebview =
  | { readonly type: 'loading'; readonly message: string }
  | { readonly type: 'model'; readonly model: DashboardModel }
  | { readonly type: 'error'; readonly message: string };

/** What a click in a chart narrows the tree's filter to. */
export type DashboardSlice =
  | { readonly kind: 'day'; readonly day: string; readonly agentId?: string }
  | { readonly kind: 'agent'; readonly agentId: string }
  | { readonly kind: 'actionType'; readonly actionType: string };

export type DashboardFromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'drawn'; readonly seq: number; readonly charts: number; readonly ms: number }
  | { readonly type: 'filter'; readonly slice: DashboardSlice }
  | { readonly type: 'range'; readonly range: AnalyticsRange }
  | { readonly type: 'sync' }
  | { readonly type: 'storeSetting' }
  | { readonly type: 'exportCsv' }
  | { readonly type: 'exportJsonl' };

/**
 * What the dashboard's webview keeps with setState, and what its serializer receives after a
 * window reload: the range as chosen and the agent. Never figures, names or the token.
 */
export interface DashboardWebviewState {
  readonly range: AnalyticsRange;
  readonly agentId?: string;
}

/** The saved state, checked (it comes back from the webview); undefined when unusable. */
export function parseDashboardState(value: unknown): DashboardWebviewState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Record<string, unknown>;
  const range = parseRange(s.range);
  if (!range) return undefined;
  if (s.agentId !== undefined && (typeof s.agentId !== 'string' || !ID_RE.test(s.agentId))) return undefined;
  return { range, ...(typeof s.agentId === 'string' ? { agentId: s.agentId } : {}) };
}

/**
 * Which series of a stacked bar holds `value` (a position on the y scale): `stacked[s]` is the
 * top of series s's bar (the sum of it and every visible series after it, as the chart draws
 * them), so series s shows between the next visible series' top and its own. Undefined above
 * the bar (its total) or below zero.
 */
export function stackedSeriesAt(stacked: readonly (number | null | undefined)[], value: number): number | undefined {
  if (!(value >= 0)) return undefined;
  let found: number | undefined;
  for (let s = 0; s < stacked.length; s++) {
    const top = stacked[s];
    if (top === null || top === undefined) continue;
    // The last series reaching the value: an empty segment (same top as the next) is passed over.
    if (top >= value && top > 0) found = s;
  }
  return found;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const TYPE_RE = /^[A-Z0-9_]{1,64}$/;
const ID_RE = /^[A-Za-z0-9_-]{1,128}$/;

/** Checks what the webview sends: it is a page that runs text from the API, so its messages are input. */
export function parseDashboardMessage(value: unknown): DashboardFromWebview | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'sync':
    case 'storeSetting':
    case 'exportCsv':
    case 'exportJsonl':
      return { type: m.type };
    case 'drawn':
      return typeof m.seq === 'number' && typeof m.charts === 'number' && typeof m.ms === 'number'
        ? { type: 'drawn', seq: m.seq, charts: m.charts, ms: m.ms }
        : undefined;
    case 'filter': {
      const s = m.slice as Record<string, unknown> | undefined;
      if (!s || typeof s !== 'object') return undefined;
      if (s.kind === 'day' && typeof s.day === 'string' && DAY_RE.test(s.day)) {
        if (s.agentId !== undefined && (typeof s.agentId !== 'string' || !ID_RE.test(s.agentId))) return undefined;
        return { type: 'filter', slice: { kind: 'day', day: s.day, agentId: s.agentId as string | undefined } };
      }
      if (s.kind === 'agent' && typeof s.agentId === 'string' && ID_RE.test(s.agentId)) return { type: 'filter', slice: { kind: 'agent', agentId: s.agentId } };
      if (s.kind === 'actionType' && typeof s.actionType === 'string' && TYPE_RE.test(s.actionType)) {
        return { type: 'filter', slice: { kind: 'actionType', actionType: s.actionType } };
      }
      return undefined;
    }
    case 'range': {
      const range = parseRange(m.range);
      return range ? { type: 'range', range } : undefined;
    }
    default:
      return undefined;
  }
}

function parseRange(value: unknown): AnalyticsRange | undefined {
  const r = value as Record<string, unknown> | undefined;
  if (!r || typeof r !== 'object') return undefined;
  if (typeof r.preset === 'string' && ['today', 'yesterday', 'last7', 'last30', 'thisMonth'].includes(r.preset)) {
    return { preset: r.preset as 'today' };
  }
  if (typeof r.from === 'string' && typeof r.to === 'string' && DAY_RE.test(r.from) && DAY_RE.test(r.to)) return { from: r.from, to: r.to };
  return undefined;
}
