// The range of an analytics query in its zone: its civil days and the local hours the heat map
// counts in, as exact instants. Days come from zones.ts (DST days are 23 or 25 hours long, a
// skipped midnight starts the day at the jump); hours are found from the zone's offsets (Intl),
// so that half-hour zones and the repeated hour of a fall-back night count right.
import { addDays, civilDateAt, formatCivilDate, isDatePreset, parseCivilDate, presetDays, startOfDay, zoneOffsetMs, type CivilDate } from '../zones';
import type { AnalyticsQuery, ResolvedQuery } from '../../shared/analytics';

const HOUR_MS = 3_600_000;
const QUARTER_MS = 900_000;

/** A local hour of one civil day: [start, next bucket's start). */
export interface HourBuckets {
  /** Unix ms at which each bucket starts, ascending; bucket i ends where i+1 starts (the last at endMs). */
  readonly starts: Float64Array;
  readonly day: Int32Array;
  /** 0 = Monday … 6 = Sunday. */
  readonly weekday: Uint8Array;
  readonly hour: Uint8Array;
}

export interface Calendar {
  readonly query: ResolvedQuery;
  readonly days: readonly string[];
  /** Unix ms at which each day starts, plus one entry for the day after the last. */
  readonly dayStarts: readonly number[];
  readonly hours: HourBuckets;
}

function weekdayOf(date: CivilDate): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

function rangeDays(query: AnalyticsQuery, now: number): { from: CivilDate; to: CivilDate } {
  const range = query.range;
  if ('preset' in range) {
    if (!isDatePreset(range.preset)) throw new Error(`Unknown date range "${String(range.preset)}".`);
    return presetDays(range.preset, query.timeZone, now);
  }
  const from = parseCivilDate(range.from);
  const to = parseCivilDate(range.to);
  if (!from || !to) throw new Error(`"${!from ? range.from : range.to}" is not a date: use YYYY-MM-DD, e.g. 2026-03-08.`);
  if (formatCivilDate(from) > formatCivilDate(to)) throw new Error(`The end date ${range.to} is before the start date ${range.from}.`);
  return { from, to };
}

/** Longest range a report covers (days), so that a typo such as 1026-… cannot ask for millennia. */
export const MAX_RANGE_DAYS = 3700;

/** Resolves a query at `now` (presets end today in the zone). Throws with a clear message for a bad range or zone. */
export function calendarOf(query: AnalyticsQuery, now: number): Calendar {
  const { from, to } = rangeDays(query, now);
  const days: string[] = [];
  const dayStarts: number[] = [];
  const hourStarts: number[] = [];
  const hourDay: number[] = [];
  const hourWeekday: number[] = [];
  const hourOfDay: number[] = [];
  for (let d = from; formatCivilDate(d) <= formatCivilDate(to); d = addDays(d, 1)) {
    if (days.length >= MAX_RANGE_DAYS) throw new Error(`A report covers at most ${MAX_RANGE_DAYS} days.`);
    days.push(formatCivilDate(d));
    dayStarts.push(startOfDay(query.timeZone, d));
  }
  dayStarts.push(startOfDay(query.timeZone, addDays(to, 1)));
  for (let i = 0; i < days.length; i++) {
    const start = dayStarts[i];
    const end = dayStarts[i + 1];
    const weekday = weekdayOf(parseCivilDate(days[i]) as CivilDate);
    const push = (at: number, hour: number) => {
      hourStarts.push(at);
      hourDay.push(i);
      hourWeekday.push(weekday);
      hourOfDay.push(hour);
    };
    if (end - start === 24 * HOUR_MS && zoneOffsetMs(query.timeZone, start) === zoneOffsetMs(query.timeZone, end - 1)) {
      // No transition in the day (nearly every day): local hours are whole hours from midnight.
      for (let h = 0; h < 24; h++) push(start + h * HOUR_MS, h);
      continue;
    }
    // A transition day: walk it by quarter hours (offsets change on quarter-hour instants) and
    // open a bucket wherever the wall-clock hour changes; a repeated hour gets a second bucket.
    let lastWall = Number.NaN;
    for (let t = start; t < end; t += QUARTER_MS) {
      const wall = t + zoneOffsetMs(query.timeZone, t);
      const hour = Math.floor((((wall % 86_400_000) + 86_400_000) % 86_400_000) / HOUR_MS);
      // A new hour, or the clock turned back (the repeated hour starts again).
      if (!(wall === lastWall + QUARTER_MS && Math.floor(wall / HOUR_MS) === Math.floor(lastWall / HOUR_MS))) push(t, hour);
      lastWall = wall;
    }
  }
  return {
    query: {
      timeZone: query.timeZone,
      agentId: query.agentId,
      from: days[0],
      to: days[days.length - 1],
      startMs: dayStarts[0],
      endMs: dayStarts[days.length] - 1,
    },
    days,
    dayStarts,
    hours: {
      starts: Float64Array.from(hourStarts),
      day: Int32Array.from(hourDay),
      weekday: Uint8Array.from(hourWeekday),
      hour: Uint8Array.from(hourOfDay),
    },
  };
}

/** The bucket an instant falls in (binary search), -1 outside the range. */
export function bucketOf(hours: HourBuckets, endMs: number, at: number): number {
  const s = hours.starts;
  if (s.length === 0 || at < s[0] || at > endMs) return -1;
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Today's civil date in a zone, for the dashboard's defaults. */
export function todayIn(timeZone: string, now: number): string {
  return formatCivilDate(civilDateAt(timeZone, now));
}
