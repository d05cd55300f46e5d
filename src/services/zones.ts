// Time-zone math for the call filter and for showing call times. Pure (no vscode import) so
// that it is unit-tested under plain Node. Offsets always come from Intl, never from tables:
// a civil day in an IANA zone can be 23, 24 or 25 hours long, and some zones have
// half- or quarter-hour offsets.
import * as l10n from '@vscode/l10n';
import { displayLocale } from '../shared/locale';

/** A civil (calendar) date, month 1-12. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Unix ms bounds, both inclusive, as the call-logs endpoint takes them. */
export interface MsRange {
  readonly startDate: number;
  readonly endDate: number;
}

export const DATE_PRESETS = ['today', 'yesterday', 'last7', 'last30', 'thisMonth'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

/** The range in a sentence: "last 7 days". */
export function presetLabel(preset: DatePreset): string {
  switch (preset) {
    case 'today':
      return l10n.t('today');
    case 'yesterday':
      return l10n.t('yesterday');
    case 'last7':
      return l10n.t('last 7 days');
    case 'last30':
      return l10n.t('last 30 days');
    case 'thisMonth':
      return l10n.t('this month');
  }
}

/** The range as a choice in a list: "Last 7 days". */
export function presetTitle(preset: DatePreset): string {
  switch (preset) {
    case 'today':
      return l10n.t('Today');
    case 'yesterday':
      return l10n.t('Yesterday');
    case 'last7':
      return l10n.t('Last 7 days');
    case 'last30':
      return l10n.t('Last 30 days');
    case 'thisMonth':
      return l10n.t('This month');
  }
}

export function isDatePreset(value: unknown): value is DatePreset {
  return typeof value === 'string' && (DATE_PRESETS as readonly string[]).includes(value);
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

/** Formats wall-clock parts in a zone; throws RangeError for an unknown zone. */
function wallFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatterCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatterCache.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') {
    return false;
  }
  try {
    wallFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone of this machine, or UTC if the runtime cannot tell. */
export function systemTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidTimeZone(zone) ? zone : 'UTC';
}

interface WallTime extends CivilDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallTime(timeZone: string, utcMs: number): WallTime {
  const parts = wallFormatter(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The zone's offset from UTC at an instant, in ms (e.g. -5 h for Chicago in summer). */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const w = wallTime(timeZone, utcMs);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  // Whole seconds: the formatter drops the milliseconds of utcMs.
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** The civil date in a zone at an instant. */
export function civilDateAt(timeZone: string, utcMs: number): CivilDate {
  const w = wallTime(timeZone, utcMs);
  return { year: w.year, month: w.month, day: w.day };
}

/** Adds days to a civil date (calendar arithmetic, no zone involved). */
export function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function compareCivil(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * The first instant of a civil day in a zone. Usually local midnight; where midnight is
 * skipped by a DST jump (e.g. America/Santiago), the instant the day actually begins.
 */
export function startOfDay(timeZone: string, date: CivilDate): number {
  const localAsUtc = Date.UTC(date.year, date.month - 1, date.day);
  // Offsets on both sides of any transition near this day.
  const offsets = new Set([
    zoneOffsetMs(timeZone, localAsUtc - 36 * 3_600_000),
    zoneOffsetMs(timeZone, localAsUtc),
    zoneOffsetMs(timeZone, localAsUtc + 36 * 3_600_000),
  ]);
  const candidates = [...offsets]
    .map((offset) => localAsUtc - offset)
    .filter((t) => {
      const w = wallTime(timeZone, t);
      return compareCivil(w, date) === 0 && w.hour === 0 && w.minute === 0 && w.second === 0;
    });
  if (candidates.length > 0) {
    // A repeated midnight (fall back at 00:00): the day starts at the first one.
    return Math.min(...candidates);
  }
  // Midnight does not exist: find the first instant whose local date is this day.
  let lo = localAsUtc - 36 * 3_600_000; // certainly the day before
  let hi = localAsUtc + 36 * 3_600_000; // certainly this day or later
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2 / 1000) * 1000;
    if (compareCivil(civilDateAt(timeZone, mid), date) >= 0) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
}

/** Inclusive Unix ms bounds of the civil days from..to in a zone. */
export function civilRangeToMs(timeZone: string, from: CivilDate, to: CivilDate): MsRange {
  return { startDate: startOfDay(timeZone, from), endDate: startOfDay(timeZone, addDays(to, 1)) - 1 };
}

/** Length of a civil day in a zone, in hours (23, 24 or 25 around DST; other values in rare zones). */
export function dayLengthHours(timeZone: string, date: CivilDate): number {
  return (startOfDay(timeZone, addDays(date, 1)) - startOfDay(timeZone, date)) / 3_600_000;
}

/** The civil days a preset covers in a zone at `now` (ranges end with today). */
export function presetDays(preset: DatePreset, timeZone: string, now: number): { from: CivilDate; to: CivilDate } {
  const today = civilDateAt(timeZone, now);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const y = addDays(today, -1);
      return { from: y, to: y };
    }
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'thisMonth':
      return { from: { year: today.year, month: today.month, day: 1 }, to: today };
  }
}

export function presetToMs(preset: DatePreset, timeZone: string, now: number): MsRange {
  const { from, to } = presetDays(preset, timeZone, now);
  return civilRangeToMs(timeZone, from, to);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict 'YYYY-MM-DD' date; undefined for anything else (including 2026-02-30). */
export function parseCivilDate(text: string): CivilDate | undefined {
  const m = DATE_RE.exec(text.trim());
  if (!m) {
    return undefined;
  }
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (date.year < 1970 || date.year > 9999 || date.month < 1 || date.month > 12 || date.day < 1) {
    return undefined;
  }
  const roundTrip = addDays(date, 0);
  return compareCivil(roundTrip, date) === 0 ? date : undefined;
}

export function formatCivilDate(date: CivilDate): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** Checks a custom from..to pair; returns a message for the input box, or undefined if fine. */
export function validateCustomRange(fromText: string, toText: string): string | undefined {
  const from = parseCivilDate(fromText);
  if (!from) {
    return l10n.t('"{0}" is not a date: use YYYY-MM-DD, e.g. 2026-03-08.', fromText);
  }
  const to = parseCivilDate(toText);
  if (!to) {
    return l10n.t('"{0}" is not a date: use YYYY-MM-DD, e.g. 2026-03-08.', toText);
  }
  if (compareCivil(from, to) > 0) {
    return l10n.t('The end date {0} is before the start date {1}.', toText, fromText);
  }
  return undefined;
}

const timeFormatterCache = new Map<string, Intl.DateTimeFormat>();

/**
 * A call's time for a row, a quick pick or a notification, in the chosen zone and the display
 * language: "Mar 8, 2:05 PM" ("8 mar, 14:05") in the current year of that zone, "Mar 8, 2025, 2:05 PM"
 * before it. The year would take room a narrow sidebar lacks, and cut off the time instead.
 */
export function formatCallTime(iso: string, timeZone: string, locale = displayLocale(), now = Date.now()): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    return iso || l10n.t('unknown time');
  }
  return callTimeFormatter(timeZone, locale, civilDateAt(timeZone, ms).year !== civilDateAt(timeZone, now).year).format(new Date(ms));
}

/** The same with the year always, where there is room for it (a tooltip): "Mar 8, 2026, 2:05 PM". */
export function formatCallTimeInFull(iso: string, timeZone: string, locale = displayLocale()): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso || l10n.t('unknown time') : callTimeFormatter(timeZone, locale, true).format(new Date(ms));
}

function callTimeFormatter(timeZone: string, locale: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withYear ? 'year' : 'no year'}`;
  let f = timeFormatterCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      locale,
      withYear ? { timeZone, dateStyle: 'medium', timeStyle: 'short' } : { timeZone, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
    );
    timeFormatterCache.set(key, f);
  }
  return f;
}
