// The analytics dashboard as a user sees it in the real workbench, with the sample server's
// data: opened from the palette, every chart drawn, the "Show as table" alternative holding the
// numbers the chart was drawn from (and those of the raw data, counted here), a click on a day
// that filters the tree to that day, and screenshots in the light and dark themes.
import * as assert from 'node:assert/strict';
import { UI_TIME_ZONE, workbench } from './helpers.mjs';

const SIDEBAR = '.part.sidebar';
const CHARTS = ['per-day', 'duration', 'action-mix', 'latency', 'heatmap'];

/** Calls per local day in the zone, counted from the raw call logs (independent of the extension). */
function callsPerDay(callLogs, timeZone) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const out = new Map();
  for (const c of callLogs) {
    const day = f.format(new Date(c.createdAt));
    out.set(day, (out.get(day) ?? 0) + 1);
  }
  return out;
}

describe('analytics dashboard (UI)', function () {
  this.timeout(150_000);
  let ui;

  before(async function () {
    this.timeout(240_000);
    ui = await workbench();
    await ui.openViewContainer();
    await ui.setToken(ui.api.token);
    await ui.waitForTreeRow(/^All calls/, { timeout: 30_000 });
  });

  afterEach(async function () {
    await ui.screenshotIfFailed(this.currentTest, 'analytics');
  });

  after(async function () {
    await ui.runCommand('Voice AI: Clear Filter').catch(() => undefined);
    await ui.closeAllEditors().catch(() => undefined);
    await ui.runCommand('Preferences: Color Theme').catch(() => undefined);
    await ui.quickInput('Dark Modern', { submit: false }).catch(() => undefined);
    await ui.pickQuickItem('Dark Modern').catch(() => undefined);
  });

  async function dashboard(timeout = 60_000) {
    const frame = ui.webview();
    await frame.locator('main[aria-busy="false"] #heatmap .heatmap').waitFor({ state: 'visible', timeout });
    return frame;
  }

  it('opens from the palette with every chart, and each table holds the chart\'s numbers', async function () {
    await ui.runCommand('Voice AI: Clear Filter');
    await ui.runCommand('Voice AI: Show Analytics');
    const frame = await dashboard();
    for (const id of CHARTS) {
      assert.ok(await frame.locator(`#${id}`).isVisible(), `${id} shown`);
      if (id !== 'heatmap') assert.ok((await frame.locator(`#${id} canvas`).count()) > 0, `${id} drawn on a canvas`);
    }
    assert.match((await frame.locator('h1').textContent()) ?? '', new RegExp(`last 30 days \\(${UI_TIME_ZONE}\\)`));

    // Calls per day: the table as a screen reader reads it, against the chart's data and the raw calls.
    const values = JSON.parse((await frame.locator('#per-day').getAttribute('data-values')) ?? '{}');
    await frame.locator('#per-day').getByRole('button', { name: 'Show as table' }).click();
    const table = frame.locator('#per-day table');
    await table.waitFor({ state: 'visible' });
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
    assert.equal(rows.length, values.days.length);
    const raw = callsPerDay(ui.api.data.callLogs, UI_TIME_ZONE);
    rows.forEach((cells, i) => {
      assert.equal(cells[0], values.days[i]);
      const perAgent = values.agents.map((a) => a.perDay[i]);
      assert.deepEqual(cells.slice(1, -1).map((c) => Number(c.replace(/\D/g, ''))), perAgent, `day ${cells[0]}`);
      assert.equal(Number(cells.at(-1).replace(/\D/g, '')), raw.get(cells[0]) ?? 0, `day ${cells[0]} against the raw calls`);
    });
    const total = rows.reduce((n, cells) => n + Number(cells.at(-1).replace(/\D/g, '')), 0);
    assert.equal((await frame.locator('dd[data-figure="Calls"]').textContent())?.replace(/\D/g, ''), String(total));

    // The heat map's table against its data.
    const heat = JSON.parse((await frame.locator('#heatmap').getAttribute('data-values')) ?? '{}');
    await frame.locator('#heatmap').getByRole('button', { name: 'Show as table' }).click();
    const heatRows = await frame.locator('#heatmap table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(1).map((c) => Number((c.textContent ?? '').replace(/\D/g, '')))));
    assert.deepEqual(heatRows, heat.heatmap);
    assert.equal(heat.heatmap.flat().reduce((a, b) => a + b, 0), total);

    // Action mix: the table against the chart's data.
    const mix = JSON.parse((await frame.locator('#action-mix').getAttribute('data-values')) ?? '{}');
    await frame.locator('#action-mix').getByRole('button', { name: 'Show as table' }).click();
    const mixRows = await frame.locator('#action-mix table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(1).map((c) => Number((c.textContent ?? '').replace(/\D/g, '')))));
    assert.deepEqual(mixRows, mix.types.map((t) => [t.actions, t.calls]));
  });

  it('a click on a day in the chart filters the tree to that day', async function () {
    await ui.runCommand('Voice AI: Show Analytics');
    const frame = await dashboard();
    const values = JSON.parse((await frame.locator('#per-day').getAttribute('data-values')) ?? '{}');
    // The busiest day, and where its bar stands: the x scale spans [-0.5, n - 0.5].
    const totals = values.days.map((_, i) => values.agents.reduce((n, a) => n + a.perDay[i], 0));
    const i = totals.indexOf(Math.max(...totals));
    const over = frame.locator('#per-day .u-over');
    const box = await over.boundingBox();
    assert.ok(box, 'the chart has a plotting area');
    await over.hover({ position: { x: ((i + 0.5) / values.days.length) * box.width, y: box.height - 4 } });
    await frame.locator('#per-day .chart-tooltip:not([hidden])').waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await frame.locator('#per-day .chart-tooltip').textContent()) ?? '', new RegExp(values.days[i]));
    await over.click({ position: { x: ((i + 0.5) / values.days.length) * box.width, y: box.height - 4 } });
    const day = values.days[i];
    await ui.page.locator(`${SIDEBAR} .message`, { hasText: `Filter: ${day} (${UI_TIME_ZONE})` }).first().waitFor({ state: 'visible', timeout: 20_000 });
    // The tree lists that day's calls: "All calls" ends with "Load more (10 of N)", N counted from the raw calls.
    const raw = callsPerDay(ui.api.data.callLogs, UI_TIME_ZONE).get(day);
    assert.ok(raw > 10, `the busiest day has more calls than one page (${raw})`);
    const all = (await ui.treeRows()).find((r) => /^All calls/.test(r.text));
    if (all && !all.expanded) await ui.clickTreeRow(/^All calls/);
    await ui.waitForTreeRow(new RegExp(`Load more \\(\\d+ of ${raw}\\)`), { timeout: 30_000 });
    await ui.runCommand('Voice AI: Clear Filter');
  });

  it('screenshots in the light and dark themes', async function () {
    await ui.runCommand('Voice AI: Show Analytics');
    // Focus settles in the webview once it has loaded (taking it later would close the palette).
    await (await dashboard()).locator('h1').click();
    for (const [label, name] of [['Light Modern', 'light'], ['Dark Modern', 'dark']]) {
      await ui.runCommand('Preferences: Color Theme');
      await ui.quickInput(label, { submit: false });
      await ui.pickQuickItem(label);
      const frame = ui.webview();
      // The charts redraw in the theme's colours when VS Code changes the body's class.
      await frame.locator(`body.vscode-${name}`).waitFor({ state: 'attached', timeout: 20_000 });
      await frame.locator('main[aria-busy="false"] #heatmap .heatmap').waitFor({ state: 'visible' });
      await ui.screenshot(`analytics-${name}`);
    }
  });
});
