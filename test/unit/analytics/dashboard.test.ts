// The dashboard's pure parts: which agent's segment of a stacked day bar a click hits, and the
// state its webview saves for the window reload (checked when it comes back: it is input).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseDashboardMessage, parseDashboardState, stackedSeriesAt } from '../../../src/shared/analytics';

describe('dashboard: the segment of a stacked bar', () => {
  // Three agents with 5, 3 and 2 calls that day: drawn as bars of 10, 5 and 2 (each agent's on
  // top of the later ones). Agent 0 shows in (5, 10], agent 1 in (2, 5], agent 2 in [0, 2].
  const stacked = [10, 5, 2];

  it('a value inside a segment names its series', () => {
    assert.equal(stackedSeriesAt(stacked, 9.5), 0);
    assert.equal(stackedSeriesAt(stacked, 5.5), 0);
    assert.equal(stackedSeriesAt(stacked, 4.9), 1);
    assert.equal(stackedSeriesAt(stacked, 2.1), 1);
    assert.equal(stackedSeriesAt(stacked, 1), 2);
    assert.equal(stackedSeriesAt(stacked, 0), 2);
  });

  it('above the bar (its total) or below zero: no series, the whole day', () => {
    assert.equal(stackedSeriesAt(stacked, 10.01), undefined);
    assert.equal(stackedSeriesAt(stacked, 50), undefined);
    assert.equal(stackedSeriesAt(stacked, -1), undefined);
    assert.equal(stackedSeriesAt(stacked, Number.NaN), undefined);
    assert.equal(stackedSeriesAt([0, 0, 0], 0), undefined, 'a day without calls has no segment');
  });

  it('an agent without calls that day (an empty segment) is never hit', () => {
    // Agent 1 has 0 calls: its top equals agent 2's.
    assert.equal(stackedSeriesAt([6, 2, 2], 2), 2);
    assert.equal(stackedSeriesAt([6, 2, 2], 1), 2);
    assert.equal(stackedSeriesAt([6, 2, 2], 3), 0);
  });

  it('hidden series (toggled off in the legend, null) are skipped', () => {
    // Agent 0 hidden: the bar is agent 1 (3) over agent 2 (2).
    assert.equal(stackedSeriesAt([null, 5, 2], 4), 1);
    assert.equal(stackedSeriesAt([null, 5, 2], 6), undefined);
    assert.equal(stackedSeriesAt([10, null, 2], 4), 0);
  });
});

describe('dashboard: the saved state', () => {
  it('keeps a preset or custom dates, and the agent', () => {
    assert.deepEqual(parseDashboardState({ range: { preset: 'last7' } }), { range: { preset: 'last7' } });
    assert.deepEqual(parseDashboardState({ range: { from: '2026-03-01', to: '2026-03-31' }, agentId: 'agent_01' }), {
      range: { from: '2026-03-01', to: '2026-03-31' },
      agentId: 'agent_01',
    });
  });

  it('drops what it does not know and refuses a state it cannot use', () => {
    assert.deepEqual(parseDashboardState({ range: { preset: 'today' }, token: 'secret', extra: 1 }), { range: { preset: 'today' } });
    for (const bad of [undefined, null, 'last7', {}, { range: { preset: 'lastYear' } }, { range: { from: '2026-3-1', to: '2026-03-31' } }, { range: { preset: 'today' }, agentId: '<img>' }, { range: { preset: 'today' }, agentId: 7 }]) {
      assert.equal(parseDashboardState(bad), undefined, JSON.stringify(bad));
    }
  });

  it('a click on a day with an agent reaches the extension as that slice', () => {
    assert.deepEqual(parseDashboardMessage({ type: 'filter', slice: { kind: 'day', day: '2026-03-08', agentId: 'agent_01' } }), {
      type: 'filter',
      slice: { kind: 'day', day: '2026-03-08', agentId: 'agent_01' },
    });
    assert.equal(parseDashboardMessage({ type: 'filter', slice: { kind: 'day', day: '2026-03-08', agentId: 'a b' } }), undefined);
  });

  it('the banner\'s button for the store\'s setting reaches the extension, with nothing else', () => {
    assert.deepEqual(parseDashboardMessage({ type: 'storeSetting', setting: 'http.proxy' }), { type: 'storeSetting' });
    assert.equal(parseDashboardMessage({ type: 'openSetting' }), undefined);
  });
});
