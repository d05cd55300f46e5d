// Zone math for the date filter: exact Unix ms bounds of civil days in IANA zones, DST days
// (23/25 h, and Lord Howe's 30-minute shift), half- and quarter-hour offsets, presets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  civilDateAt,
  civilRangeToMs,
  dayLengthHours,
  formatCallTime,
  formatCallTimeInFull,
  isValidTimeZone,
  parseCivilDate,
  presetDays,
  presetToMs,
  startOfDay,
  validateCustomRange,
  zoneOffsetMs,
  type CivilDate,
} from '../../src/services/zones';

const d = (year: number, month: number, day: number): CivilDate => ({ year, month, day });
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

describe('startOfDay', () => {
  it('is local midnight in ordinary days', () => {
    assert.equal(iso(startOfDay('America/Chicago', d(2026, 1, 15))), '2026-01-15T06:00:00.000Z');
    assert.equal(iso(startOfDay('America/Chicago', d(2026, 7, 4))), '2026-07-04T05:00:00.000Z');
    assert.equal(iso(startOfDay('UTC', d(2026, 7, 4))), '2026-07-04T00:00:00.000Z');
    assert.equal(iso(startOfDay('Europe/Berlin', d(2026, 12, 31))), '2026-12-30T23:00:00.000Z');
    assert.equal(iso(startOfDay('Pacific/Kiritimati', d(2026, 1, 1))), '2025-12-31T10:00:00.000Z');
  });

  it('handles half-hour and 45-minute offsets', () => {
    assert.equal(iso(startOfDay('Asia/Kolkata', d(2026, 3, 8))), '2026-03-07T18:30:00.000Z');
    assert.equal(iso(startOfDay('Asia/Kathmandu', d(2026, 3, 8))), '2026-03-07T18:15:00.000Z');
    assert.equal(iso(startOfDay('Australia/Adelaide', d(2026, 1, 10))), '2026-01-09T13:30:00.000Z');
    assert.equal(zoneOffsetMs('Asia/Kolkata', Date.UTC(2026, 5, 1)), 5.5 * HOUR);
    assert.equal(zoneOffsetMs('Asia/Kathmandu', Date.UTC(2026, 5, 1)), 5.75 * HOUR);
  });

  it('gives every day of a year a start whose local date is that day, and one second before it the day before', () => {
    for (const zone of ['America/Chicago', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham']) {
      let date = d(2026, 1, 1);
      for (let i = 0; i < 365; i++, date = addDays(date, 1)) {
        const start = startOfDay(zone, date);
        assert.deepEqual(civilDateAt(zone, start), date, `${zone} ${JSON.stringify(date)}`);
        assert.deepEqual(civilDateAt(zone, start - 1000), addDays(date, -1), `${zone} ${JSON.stringify(date)} - 1 s`);
      }
    }
  });
});

describe('DST days', () => {
  it('America/Chicago: 2026-03-08 has 23 hours and 2026-11-01 has 25', () => {
    assert.equal(dayLengthHours('America/Chicago', d(2026, 3, 8)), 23);
    assert.equal(dayLengthHours('America/Chicago', d(2026, 11, 1)), 25);
    assert.equal(dayLengthHours('America/Chicago', d(2026, 3, 9)), 24);
    const spring = civilRangeToMs('America/Chicago', d(2026, 3, 8), d(2026, 3, 8));
    assert.equal(iso(spring.startDate), '2026-03-08T06:00:00.000Z');
    assert.equal(iso(spring.endDate), '2026-03-09T04:59:59.999Z');
    const fall = civilRangeToMs('America/Chicago', d(2026, 11, 1), d(2026, 11, 1));
    assert.equal(iso(fall.startDate), '2026-11-01T05:00:00.000Z');
    assert.equal(iso(fall.endDate), '2026-11-02T05:59:59.999Z');
  });

  it('Europe/London: 2026-03-29 has 23 hours and 2026-10-25 has 25', () => {
    assert.equal(dayLengthHours('Europe/London', d(2026, 3, 29)), 23);
    assert.equal(dayLengthHours('Europe/London', d(2026, 10, 25)), 25);
  });

  it('Southern hemisphere and 30-minute DST shifts', () => {
    // Sydney leaves DST on the first Sunday of April, enters on the first Sunday of October.
    assert.equal(dayLengthHours('Australia/Sydney', d(2026, 4, 5)), 25);
    assert.equal(dayLengthHours('Australia/Sydney', d(2026, 10, 4)), 23);
    // Lord Howe Island moves its clocks by half an hour.
    assert.equal(dayLengthHours('Australia/Lord_Howe', d(2026, 4, 5)), 24.5);
    assert.equal(dayLengthHours('Australia/Lord_Howe', d(2026, 10, 4)), 23.5);
  });

  it('zones without DST have 24-hour days all year', () => {
    for (const zone of ['Asia/Kolkata', 'Asia/Kathmandu', 'UTC', 'America/Phoenix']) {
      assert.equal(dayLengthHours(zone, d(2026, 3, 8)), 24, zone);
      assert.equal(dayLengthHours(zone, d(2026, 11, 1)), 24, zone);
    }
  });

  it('a multi-day range across a transition is exact', () => {
    const r = civilRangeToMs('America/Chicago', d(2026, 3, 1), d(2026, 3, 14));
    assert.equal(r.endDate + 1 - r.startDate, (14 * 24 - 1) * HOUR);
    const k = civilRangeToMs('Asia/Kolkata', d(2026, 3, 1), d(2026, 3, 14));
    assert.equal(k.endDate + 1 - k.startDate, 14 * 24 * HOUR);
  });
});

describe('presets', () => {
  // 2026-03-10 03:00 UTC is still March 9 in Chicago (22:00) but March 10 in Kolkata (08:30).
  const now = Date.UTC(2026, 2, 10, 3, 0, 0);

  it('take "today" in the chosen zone, not in UTC', () => {
    assert.deepEqual(presetDays('today', 'America/Chicago', now), { from: d(2026, 3, 9), to: d(2026, 3, 9) });
    assert.deepEqual(presetDays('today', 'Asia/Kolkata', now), { from: d(2026, 3, 10), to: d(2026, 3, 10) });
    assert.equal(iso(presetToMs('today', 'Asia/Kolkata', now).startDate), '2026-03-09T18:30:00.000Z');
  });

  it('yesterday, last 7 and 30 days, this month', () => {
    const zone = 'America/Chicago';
    assert.deepEqual(presetDays('yesterday', zone, now), { from: d(2026, 3, 8), to: d(2026, 3, 8) });
    assert.deepEqual(presetDays('last7', zone, now), { from: d(2026, 3, 3), to: d(2026, 3, 9) });
    assert.deepEqual(presetDays('last30', zone, now), { from: d(2026, 2, 8), to: d(2026, 3, 9) });
    assert.deepEqual(presetDays('thisMonth', zone, now), { from: d(2026, 3, 1), to: d(2026, 3, 9) });
    // Yesterday is the 23-hour DST day.
    const y = presetToMs('yesterday', zone, now);
    assert.equal(y.endDate + 1 - y.startDate, 23 * HOUR);
    const w = presetToMs('last7', zone, now);
    assert.equal(iso(w.startDate), '2026-03-03T06:00:00.000Z');
    assert.equal(iso(w.endDate), '2026-03-10T04:59:59.999Z');
    assert.ok(w.startDate <= now && now <= w.endDate);
  });

  it('"this month" on the first of the month is that single day', () => {
    const first = Date.UTC(2026, 10, 1, 12);
    assert.deepEqual(presetDays('thisMonth', 'America/Chicago', first), { from: d(2026, 11, 1), to: d(2026, 11, 1) });
  });
});

describe('input checks', () => {
  it('parses strict YYYY-MM-DD dates only', () => {
    assert.deepEqual(parseCivilDate('2028-02-29'), d(2028, 2, 29));
    assert.deepEqual(parseCivilDate(' 2026-03-08 '), d(2026, 3, 8));
    for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-3-8', '08/03/2026', '', 'yesterday', '2026-03-08T00:00']) {
      assert.equal(parseCivilDate(bad), undefined, bad);
    }
  });

  it('refuses a bad date and a range that ends before it starts', () => {
    assert.equal(validateCustomRange('2026-03-01', '2026-03-08'), undefined);
    assert.equal(validateCustomRange('2026-03-08', '2026-03-08'), undefined);
    assert.match(validateCustomRange('2026-03-09', '2026-03-08') ?? '', /before the start/);
    assert.match(validateCustomRange('2026-02-30', '2026-03-08') ?? '', /not a date/);
    assert.match(validateCustomRange('2026-03-01', 'soon') ?? '', /not a date/);
  });

  it('knows IANA zones from unknown ones', () => {
    for (const zone of ['America/Chicago', 'Asia/Kolkata', 'Asia/Kathmandu', 'UTC', 'Europe/Kyiv']) {
      assert.equal(isValidTimeZone(zone), true, zone);
    }
    for (const zone of ['Mars/Olympus_Mons', 'America/Chicagoo', '', ' ', 'GMT+25']) {
      assert.equal(isValidTimeZone(zone), false, zone);
    }
  });
});

describe('formatCallTime', () => {
  const t = '2026-03-08T20:05:00.000Z';
  const nextYear = Date.parse('2027-06-01T12:00:00Z');
  const sameYear = Date.parse('2026-11-30T12:00:00Z');

  it('shows the instant in the chosen zone', () => {
    assert.equal(formatCallTime(t, 'America/Chicago', 'en-US', nextYear), 'Mar 8, 2026, 3:05 PM');
    assert.equal(formatCallTime(t, 'Asia/Kolkata', 'en-US', nextYear), 'Mar 9, 2026, 1:35 AM');
    assert.equal(formatCallTime('not a date', 'UTC', 'en-US', nextYear), 'not a date');
  });

  it('leaves the year out in the current year, so that a narrow sidebar keeps the time', () => {
    assert.equal(formatCallTime(t, 'America/Chicago', 'en-US', sameYear), 'Mar 8, 3:05 PM');
    assert.equal(formatCallTime(t, 'America/Chicago', 'es', sameYear), '8 mar, 15:05');
    assert.equal(formatCallTime(t, 'America/Chicago', 'es', nextYear), '8 mar 2026, 15:05');
  });

  it('in full (tooltips) always with the year', () => {
    assert.equal(formatCallTimeInFull(t, 'America/Chicago', 'en-US'), 'Mar 8, 2026, 3:05 PM');
    assert.equal(formatCallTimeInFull(t, 'America/Chicago', 'es'), '8 mar 2026, 15:05');
    assert.equal(formatCallTimeInFull('', 'UTC', 'en-US'), 'unknown time');
  });

  it('takes "this year" in the chosen zone: New Year in UTC is still the old year in Chicago', () => {
    const newYearUtc = Date.parse('2027-01-01T03:00:00Z');
    // 9 PM on Dec 31, 2026 in Chicago: a call that evening has no year there, but has one in UTC.
    assert.equal(formatCallTime('2026-12-31T20:00:00Z', 'America/Chicago', 'en-US', newYearUtc), 'Dec 31, 2:00 PM');
    assert.equal(formatCallTime('2026-12-31T20:00:00Z', 'UTC', 'en-US', newYearUtc), 'Dec 31, 2026, 8:00 PM');
  });
});
