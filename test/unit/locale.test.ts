// Dates and hours in the display language: a range's custom dates (the tree's filter line, the
// dashboard's title) and the heat map's hours.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDayRange, formatHourOfDay, setDisplayLocale } from '../../src/shared/locale';

/** Spaces of any kind as one plain space (Intl writes narrow and thin ones). */
const plain = (s: string) => s.replace(/\s+/g, ' ');

function inLanguage(language: string, check: () => void): void {
  setDisplayLocale(language);
  try {
    check();
  } finally {
    setDisplayLocale('en');
  }
}

describe('formatDayRange', () => {
  it('a day and a range of days, in English and Spanish', () => {
    assert.equal(plain(formatDayRange('2026-03-08')), 'Mar 8, 2026');
    assert.equal(plain(formatDayRange('2026-03-01', '2026-03-08')), 'Mar 1 – 8, 2026');
    assert.equal(plain(formatDayRange('2026-02-25', '2026-03-08')), 'Feb 25 – Mar 8, 2026');
    inLanguage('es', () => {
      assert.equal(plain(formatDayRange('2026-03-08')), '8 mar 2026');
      assert.equal(plain(formatDayRange('2026-03-01', '2026-03-08')), '1–8 mar 2026');
      assert.equal(plain(formatDayRange('2025-12-25', '2026-01-08')), '25 dic 2025 – 8 ene 2026');
    });
  });

  it('the day itself, whatever the machine\'s zone (a civil day, not an instant)', () => {
    // Every zone's March 8 is March 8: nothing is converted.
    assert.equal(plain(formatDayRange('2026-03-08', '2026-03-08')), 'Mar 8, 2026');
    assert.equal(plain(formatDayRange('2026-11-01')), 'Nov 1, 2026');
  });

  it('a text that is not a date is kept as it is', () => {
    assert.equal(formatDayRange('soon'), 'soon');
    assert.equal(formatDayRange('2026-03-01', 'later'), '2026-03-01 – later');
  });
});

describe('formatHourOfDay', () => {
  it('a 12-hour clock in English, a 24-hour one in Spanish', () => {
    assert.deepEqual([0, 9, 12, 15].map((h) => plain(formatHourOfDay(h))), ['12 AM', '9 AM', '12 PM', '3 PM']);
    inLanguage('es', () => assert.deepEqual([0, 9, 12, 15].map(formatHourOfDay), ['00:00', '09:00', '12:00', '15:00']));
    inLanguage('de', () => assert.equal(formatHourOfDay(21), '21:00'));
  });
});
