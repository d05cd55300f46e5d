// The Filter Calls answers → FilterState → API filter and words, and the call-row wording.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  answersToFilterState,
  describeFilter,
  filterStateToApi,
  isFilterActive,
  parseContactIds,
  validateFilterState,
} from '../../src/services/filterState';
import { callOutcome, describeActions, formatDuration } from '../../src/views/format';
import { setDisplayLocale } from '../../src/shared/locale';

/** Spaces of any kind as one plain space (Intl writes thin ones around a range's dash). */
const plain = (s: string) => s.replace(/\s+/g, ' ');

const names = (id: string) => (id === 'agent-1' ? 'Booking Bot' : undefined);
const NOW = Date.UTC(2026, 2, 10, 18, 0, 0); // 2026-03-10 13:00 in Chicago

describe('answersToFilterState', () => {
  it('keeps what was kept or skipped and replaces what was set', () => {
    const current = { agentId: 'agent-1', callType: 'LIVE' as const, dateRange: { preset: 'last7' } };
    const next = answersToFilterState(current, {
      agent: { keep: true },
      contactIds: { set: 'c1, c2  c1' },
      actionTypes: { set: ['CALL_TRANSFER', 'SMS'] },
      // callType, dateRange, sort skipped
    });
    assert.deepEqual(next, { agentId: 'agent-1', contactIds: ['c1', 'c2'], callType: 'LIVE', actionTypes: ['CALL_TRANSFER', 'SMS'], dateRange: { preset: 'last7' } });
  });

  it('clears steps answered with "all" or left empty', () => {
    const current = { agentId: 'agent-1', contactIds: ['c1'], actionTypes: ['SMS'], sortBy: 'duration' as const, sort: 'descend' as const };
    const next = answersToFilterState(current, { agent: { clear: true }, contactIds: { set: '  ' }, actionTypes: { set: [] }, sort: { clear: true } });
    assert.deepEqual(next, {});
    assert.equal(isFilterActive(next), false);
  });

  it('stores newest-first as no sort, and keeps other orders', () => {
    assert.deepEqual(answersToFilterState({}, { sort: { set: { sortBy: 'createdAt', sort: 'descend' } } }), {});
    assert.deepEqual(answersToFilterState({}, { sort: { set: { sortBy: 'duration', sort: 'ascend' } } }), { sortBy: 'duration', sort: 'ascend' });
  });

  it('refuses bad input', () => {
    assert.throws(() => answersToFilterState({}, { contactIds: { set: 'ok, <script>' } }), /not a contact id/);
    assert.throws(() => answersToFilterState({}, { dateRange: { set: { from: '2026-03-09', to: '2026-03-08' } } }), /before the start/);
    assert.throws(() => answersToFilterState({}, { timeZone: { set: 'Mars/Base' } }), /Unknown time zone/);
  });
});

describe('a time zone without a date range', () => {
  it('is not kept: the filter is not active, describes and filters nothing', () => {
    const next = answersToFilterState({}, { timeZone: { set: 'Asia/Kolkata' }, dateRange: { keep: true } });
    assert.deepEqual(next, {});
    assert.equal(isFilterActive(next), false);
    assert.equal(isFilterActive({ timeZone: 'Asia/Kolkata' }), false, 'a stored one from before is not active either');
    assert.deepEqual(validateFilterState({ timeZone: 'Asia/Kolkata', callType: 'LIVE' }), { callType: 'LIVE' });
    // With a range it is what the range means.
    const ranged = answersToFilterState({}, { timeZone: { set: 'Asia/Kolkata' }, dateRange: { set: { preset: 'today' } } });
    assert.deepEqual(ranged, { dateRange: { preset: 'today' }, timeZone: 'Asia/Kolkata' });
    assert.match(describeFilter(ranged, 'UTC', names), /today \(Asia\/Kolkata\)/);
  });
});

describe('validateFilterState', () => {
  it('accepts a full filter and refuses unknown values', () => {
    const full = { agentId: 'a', contactIds: ['c'], callType: 'TRIAL', actionTypes: ['CALL_TRANSFER'], dateRange: { from: '2026-03-01', to: '2026-03-08' }, timeZone: 'Asia/Kolkata', sortBy: 'duration', sort: 'ascend' };
    assert.deepEqual(validateFilterState(full), full);
    assert.throws(() => validateFilterState({ callType: 'live' }), /callType/);
    assert.throws(() => validateFilterState({ dateRange: { preset: 'lastYear' } }), /Unknown date range/);
    assert.throws(() => validateFilterState({ dateRange: { from: '2026-02-30', to: '2026-03-01' } }), /not a date/);
    assert.throws(() => validateFilterState({ actionTypes: 'SMS' }), /actionTypes/);
    assert.throws(() => validateFilterState('x'), /object/);
  });
});

describe('filterStateToApi', () => {
  it('maps every part and turns the range into Unix ms in the chosen zone', () => {
    const api = filterStateToApi(
      { agentId: 'agent-1', contactIds: ['c1'], callType: 'LIVE', actionTypes: ['CALL_TRANSFER'], dateRange: { preset: 'yesterday' }, sortBy: 'duration', sort: 'ascend' },
      'America/Chicago',
      NOW,
    );
    assert.deepEqual(api, {
      agentId: 'agent-1',
      contactIds: ['c1'],
      callType: 'LIVE',
      actionTypes: ['CALL_TRANSFER'],
      startDate: Date.UTC(2026, 2, 9, 5),
      endDate: Date.UTC(2026, 2, 10, 5) - 1,
      sortBy: 'duration',
      sort: 'ascend',
    });
  });

  it("uses the filter's own zone when it has one", () => {
    const api = filterStateToApi({ dateRange: { from: '2026-03-08', to: '2026-03-08' }, timeZone: 'Asia/Kathmandu' }, 'America/Chicago', NOW);
    assert.deepEqual(api, { startDate: Date.UTC(2026, 2, 7, 18, 15), endDate: Date.UTC(2026, 2, 8, 18, 15) - 1 });
  });

  it('is empty for no filter', () => {
    assert.deepEqual(filterStateToApi({}, 'UTC', NOW), {});
  });
});

describe('describeFilter', () => {
  it('says the filter in words', () => {
    assert.equal(
      describeFilter({ agentId: 'agent-1', actionTypes: ['CALL_TRANSFER'], dateRange: { preset: 'last7' } }, 'America/Chicago', names),
      'Booking Bot · transfers · last 7 days (America/Chicago)',
    );
    assert.equal(
      plain(describeFilter({ agentId: 'gone', callType: 'TRIAL', contactIds: ['a', 'b'], dateRange: { from: '2026-03-01', to: '2026-03-08' }, sortBy: 'duration', sort: 'descend' }, 'UTC', names)),
      'agent gone · trial calls · 2 contacts · Mar 1 – 8, 2026 (UTC) · longest first',
    );
    assert.equal(describeFilter({}, 'UTC', names), '');
  });

  it('writes custom dates as the display language does (ISO dates for a language model)', () => {
    const range = (from: string, to: string) => plain(describeFilter({ dateRange: { from, to }, timeZone: 'America/Chicago' }, 'UTC', names));
    assert.equal(range('2026-03-08', '2026-03-08'), 'Mar 8, 2026 (America/Chicago)');
    assert.equal(range('2025-12-25', '2026-01-08'), 'Dec 25, 2025 – Jan 8, 2026 (America/Chicago)');
    assert.equal(describeFilter({ dateRange: { from: '2026-03-01', to: '2026-03-08' } }, 'UTC', names, { isoDates: true }), '2026-03-01 – 2026-03-08 (UTC)');
    setDisplayLocale('es');
    try {
      assert.equal(range('2026-03-01', '2026-03-08'), '1–8 mar 2026 (America/Chicago)');
      assert.equal(range('2026-02-25', '2026-03-08'), '25 feb – 8 mar 2026 (America/Chicago)');
    } finally {
      setDisplayLocale('en');
    }
  });

  it('parses contact ids', () => {
    assert.deepEqual(parseContactIds('a,b c\n a'), { ids: ['a', 'b', 'c'] });
    assert.deepEqual(parseContactIds(''), { ids: [] });
  });
});

describe('call row wording', () => {
  it('formats durations', () => {
    assert.equal(formatDuration(182), '3m 02s');
    assert.equal(formatDuration(45), '45s');
    assert.equal(formatDuration(3849), '1h 04m 09s');
    assert.equal(formatDuration(undefined), '–');
  });

  it('lists what the agent did once each, unknown types readable', () => {
    const actions = [{ actionType: 'CALL_TRANSFER' }, { actionType: 'SMS' }, { actionType: 'CALL_TRANSFER' }, { actionType: 'NEW_THING' }, null];
    assert.equal(describeActions(actions), 'transfer, SMS, new thing');
    assert.equal(describeActions(undefined), '');
  });

  it('picks the outcome: transfer over booking over plain', () => {
    assert.equal(callOutcome({ executedCallActions: [{ actionType: 'APPOINTMENT_BOOKING' }, { actionType: 'CALL_TRANSFER' }] }), 'transferred');
    assert.equal(callOutcome({ executedCallActions: [{ actionType: 'APPOINTMENT_BOOKING' }] }), 'booked');
    assert.equal(callOutcome({ executedCallActions: [], agentTransferOccurred: true }), 'transferred');
    assert.equal(callOutcome({ executedCallActions: [{ actionType: 'SMS' }] }), 'plain');
  });
});
