// The analytics dashboard as a user sees it in the real workbench, with the sample server's
// data: opened from the palette, every chart drawn, the "Show as table" alternative holding the
// numbers the chart was drawn from (and those of the raw data, counted here), a click on a day
// that filters the tree to that day (on an agent's part of the bar: that day and agent), the same
// slices from the tables by keyboard, the action mix's legend (toggles, funnels), custom dates
// and the heat map's hours as the display language writes them, chart labels that never overlap
// nor are cut off at any panel width, the banner with the local store off, the dashboard back
// after a window reload with its range, and screenshots in the light and dark themes.
import * as assert from 'node:assert/strict';
import { UI_TIME_ZONE, dayRangeWords, pickCustomRange, plain, workbench } from './helpers.mjs';
import { checkAxisLabels } from './axisLabels.mjs';

const SIDEBAR = '.part.sidebar';
const CHARTS = ['per-day', 'duration', 'action-mix', 'latency', 'heatmap'];

/** A civil day as the dashboard writes it in English (the workbench's display language). */
function longDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat('en', { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A civil day as the tree's filter line and the dashboard's title write it in English ("Mar 3, 2026"). */
const filterDay = (day) => dayRangeWords('en', day, day);

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
    await ui.showAgents();
  });

  afterEach(async function () {
    await ui.screenshotIfFailed(this.currentTest, 'analytics');
    // Each test opens a dashboard of its own: one left open would be re-rendered by the next
    // test's Show Analytics while that test already clicks in it.
    await ui.closeAllEditors().catch(() => undefined);
  });

  after(async function () {
    await ui.runCommand('Voice AI: Clear Filter').catch(() => undefined);
    await ui.closeAllEditors().catch(() => undefined);
    await ui.runCommand('Preferences: Color Theme').catch(() => undefined);
    await ui.quickInput('Dark Modern', { submit: false }).catch(() => undefined);
    await ui.pickQuickItem('Dark Modern').catch(() => undefined);
  });

  /** In the page: whether the workbench's stored state (IndexedDB, vscode-web-state-db-*) holds `text`. */
  async function persistedInWorkbench(text) {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('vscode-web-state-db-'));
    for (const name of names) {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        if (!db.objectStoreNames.contains('ItemTable')) continue;
        const values = await new Promise((resolve, reject) => {
          const all = db.transaction('ItemTable', 'readonly').objectStore('ItemTable').getAll();
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error);
        });
        if (values.some((v) => typeof v === 'string' && v.includes(text))) return true;
      } finally {
        db.close();
      }
    }
    return false;
  }

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
    // The heat map's hours as English writes them, every third hour.
    assert.deepEqual((await frame.locator('#heatmap .heat-hour').allTextContents()).map(plain).filter(Boolean), ['12 AM', '3 AM', '6 AM', '9 AM', '12 PM', '3 PM', '6 PM', '9 PM']);

    // Calls per day: the table as a screen reader reads it, against the chart's data and the raw calls.
    const values = JSON.parse((await frame.locator('#per-day').getAttribute('data-values')) ?? '{}');
    await frame.locator('#per-day').getByRole('button', { name: 'Show as table' }).click();
    const table = frame.locator('#per-day table');
    await table.waitFor({ state: 'visible' });
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
    assert.equal(rows.length, values.days.length);
    const raw = callsPerDay(ui.api.data.callLogs, UI_TIME_ZONE);
    rows.forEach((cells, i) => {
      assert.equal(cells[0], longDay(values.days[i]));
      const perAgent = values.agents.map((a) => a.perDay[i]);
      assert.deepEqual(cells.slice(1, -1).map((c) => Number(c.replace(/\D/g, ''))), perAgent, `day ${cells[0]}`);
      assert.equal(Number(cells.at(-1).replace(/\D/g, '')), raw.get(values.days[i]) ?? 0, `day ${cells[0]} against the raw calls`);
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

  /** The per-day chart's data and its busiest day (index, total), and where that day's bar stands. */
  async function busiestDay(frame) {
    const values = JSON.parse((await frame.locator('#per-day').getAttribute('data-values')) ?? '{}');
    const totals = values.days.map((_, i) => values.agents.reduce((n, a) => n + a.perDay[i], 0));
    const i = totals.indexOf(Math.max(...totals));
    const over = frame.locator('#per-day .u-over');
    const box = await over.boundingBox();
    assert.ok(box, 'the chart has a plotting area');
    // The x scale spans [-0.5, n - 0.5]; the y scale [0, 1.08 × the highest bar].
    const x = ((i + 0.5) / values.days.length) * box.width;
    const y = (v) => box.height * (1 - v / (Math.max(...totals) * 1.08));
    return { values, totals, i, over, box, x, y };
  }

  /** The filter line of the tree, once it reads `pattern`. */
  async function filterLine(pattern) {
    const line = ui.page.locator(`${SIDEBAR} .message`, { hasText: pattern }).first();
    await line.waitFor({ state: 'visible', timeout: 20_000 });
    return ((await line.textContent()) ?? '').trim();
  }

  /** The agents listed at the tree's top level (not "All calls"). */
  async function agentRoots() {
    return (await ui.treeRows()).filter((r) => r.level === 1 && !/^All calls/.test(r.text)).map((r) => r.text);
  }

  it('a click above a day\'s bar filters the tree to that day (all agents)', async function () {
    await ui.runCommand('Voice AI: Clear Filter');
    await ui.runCommand('Voice AI: Show Analytics');
    const frame = await dashboard();
    const { values, totals, i, over, x, y } = await busiestDay(frame);
    // Just above the bar: the tooltip marks the day's total as what a click takes.
    await over.hover({ position: { x, y: y(totals[i] * 1.04) } });
    await frame.locator('#per-day .chart-tooltip:not([hidden])').waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await frame.locator('#per-day .chart-tooltip').textContent()) ?? '', new RegExp(longDay(values.days[i])));
    assert.equal((await frame.locator('#per-day .chart-tooltip .tooltip-active').textContent())?.trim(), `Total: ${totals[i].toLocaleString('en')} calls`);
    await over.click({ position: { x, y: y(totals[i] * 1.04) } });
    const day = values.days[i];
    // The day as English writes it ("Mar 3, 2026"), not 2026-03-03.
    await ui.page.locator(`${SIDEBAR} .message`, { hasText: `Filter: ${filterDay(day)} (${UI_TIME_ZONE})` }).first().waitFor({ state: 'visible', timeout: 20_000 });
    // The tree lists that day's calls: "All calls" ends with "Load more (10 of N)", N counted from the raw calls.
    const raw = callsPerDay(ui.api.data.callLogs, UI_TIME_ZONE).get(day);
    assert.ok(raw > 10, `the busiest day has more calls than one page (${raw})`);
    const all = (await ui.treeRows()).find((r) => /^All calls/.test(r.text));
    if (all && !all.expanded) await ui.clickTreeRow(/^All calls/);
    await ui.waitForTreeRow(new RegExp(`Load more \\(\\d+ of ${raw}\\)`), { timeout: 30_000 });
    assert.ok((await agentRoots()).length > 1, 'every agent stays listed');

    // The same from the day's label under the plot (drawn on the chart's canvas, below the bars).
    await ui.runCommand('Voice AI: Clear Filter');
    await ui.page.locator(`${SIDEBAR} .message`, { hasText: 'Filter:' }).first().waitFor({ state: 'hidden', timeout: 20_000 });
    const overBox = await over.boundingBox();
    await ui.page.mouse.click(overBox.x + x, overBox.y + overBox.height + 8);
    await filterLine(`Filter: ${filterDay(day)} (${UI_TIME_ZONE})`);
    assert.ok((await agentRoots()).length > 1, 'every agent stays listed');
    await ui.runCommand('Voice AI: Clear Filter');
  });

  it('a click on an agent\'s part of a day\'s bar filters the tree to that day and agent', async function () {
    await ui.runCommand('Voice AI: Clear Filter');
    await ui.runCommand('Voice AI: Show Analytics');
    const frame = await dashboard();
    const { values, i, over, x, y } = await busiestDay(frame);
    // The agent with the most calls that day among those with a plain name (names carry hostile test strings).
    const names = new Map(ui.api.data.allAgents.map((a) => [a.id, a.agentName]));
    const plain = values.agents
      .map((a, k) => ({ k, n: a.perDay[i], name: names.get(a.id), deleted: ui.api.data.deletedAgentIds.has(a.id) }))
      .filter((a) => a.name && !a.deleted && /^[A-Za-z][\w ]+/.test(a.name) && a.n > 0);
    assert.ok(plain.length > 0, 'an agent with a plain name has calls that day');
    const { k, name } = plain.sort((a, b) => b.n - a.n)[0];
    // Its part of the stacked bar: above the agents drawn after it, below its own top.
    const top = values.agents.slice(k).reduce((n, a) => n + a.perDay[i], 0);
    const below = top - values.agents[k].perDay[i];
    const position = { x, y: y((top + below) / 2) };
    await over.hover({ position });
    const active = frame.locator('#per-day .chart-tooltip:not([hidden]) .tooltip-active');
    await active.waitFor({ state: 'visible', timeout: 10_000 });
    const n = values.agents[k].perDay[i];
    assert.equal((await active.textContent())?.trim(), `${name}: ${n === 1 ? '1 call' : `${n.toLocaleString('en')} calls`}`, 'the tooltip marks the agent under the pointer');
    await over.click({ position });
    const day = values.days[i];
    const line = await filterLine(`${filterDay(day)} (${UI_TIME_ZONE})`);
    assert.ok(line.includes(`${name} · ${filterDay(day)}`), line);
    // The tree narrows its agents to that one.
    await ui.page.waitForFunction(
      (want) => {
        const rows = [...document.querySelectorAll('.part.sidebar .monaco-list-row[aria-level="1"]')].map((r) => r.textContent ?? '');
        const agents = rows.filter((t) => !/^\s*All calls/.test(t));
        return agents.length === 1 && agents[0].includes(want);
      },
      name,
      { timeout: 20_000 },
    );
    await ui.runCommand('Voice AI: Clear Filter');
  });

  it('from the tables by keyboard: an agent, a day of an agent, an action type', async function () {
    await ui.runCommand('Voice AI: Clear Filter');
    await ui.runCommand('Voice AI: Show Analytics');
    const frame = await dashboard();
    const { values, i } = await busiestDay(frame);
    const names = new Map(ui.api.data.allAgents.map((a) => [a.id, a.agentName]));
    // How the filter line names the first agent (a deleted one by its id).
    const firstId = values.agents[0].id;
    const first = ui.api.data.deletedAgentIds.has(firstId) ? `agent ${firstId}` : names.get(firstId);
    // "Show as table" with Enter, then Tab: the first agent's column heading, a button.
    await frame.locator('#per-day .table-toggle').press('Enter');
    await frame.locator('#per-day table').waitFor({ state: 'visible' });
    await ui.page.keyboard.press('Tab');
    const focused = frame.locator('#per-day thead button:focus');
    await focused.waitFor({ state: 'attached', timeout: 5_000 });
    assert.match((await focused.getAttribute('aria-label')) ?? '', /^Show .+'s calls in the tree$/);
    await ui.page.keyboard.press('Enter');
    const agentLine = await filterLine(/last 30 days \(/);
    assert.ok(agentLine.includes(first), `${agentLine} names ${first}`);

    // A day's count of an agent: that agent's calls of that day.
    await ui.runCommand('Voice AI: Clear Filter');
    const k = values.agents.findIndex((a) => a.perDay[i] > 0 && !ui.api.data.deletedAgentIds.has(a.id) && /^[A-Za-z][\w ]+/.test(names.get(a.id) ?? ''));
    assert.ok(k >= 0, 'a plain-named agent has calls on the busiest day');
    const cell = frame.locator('#per-day tbody tr').nth(i).locator('td').nth(k).locator('button');
    assert.equal((await cell.textContent())?.trim(), values.agents[k].perDay[i].toLocaleString('en'));
    await cell.press('Enter');
    const dayLine = await filterLine(`${filterDay(values.days[i])} (${UI_TIME_ZONE})`);
    assert.ok(dayLine.includes(`${names.get(values.agents[k].id)} · ${filterDay(values.days[i])}`), dayLine);

    // An action type: its row's button in the action mix's table.
    await ui.runCommand('Voice AI: Clear Filter');
    await frame.locator('#action-mix .table-toggle').press('Enter');
    const typeButton = frame.locator('#action-mix tbody th button').first();
    const label = ((await typeButton.textContent()) ?? '').trim();
    await typeButton.press('Enter');
    // The filter says the type's word ("Call transfer" -> "transfers").
    const word = label.split(' ').at(-1).toLowerCase();
    const typeLine = await filterLine(new RegExp(`${word}.* · last 30 days`, 'i'));
    assert.ok(!typeLine.includes(first), typeLine);
    await ui.runCommand('Voice AI: Clear Filter');
  });

  it('the charts\' labels never overlap nor are cut off, from a wide panel to a narrow one', async function () {
    await ui.runCommand('Voice AI: Clear Filter');
    await ui.runCommand('Voice AI: Show Analytics');
    const frame = await dashboard();
    const { buckets } = JSON.parse((await frame.locator('#duration').getAttribute('data-values')) ?? '{}');
    const types = (await frame.locator('#action-mix .legend-toggle').allTextContents()).map(plain);
    await checkAxisLabels(ui, frame, ['per-day', 'duration', 'action-mix', 'latency'], { widths: [1100, 850, 640], full: { duration: buckets, 'action-mix': types }, screenshots: 'analytics-axis' });
    await ui.closeAllEditors();
  });

  it('the action mix\'s legend hides and shows a type\'s bar, and its funnel filters the tree to that type', async function () {
    await ui.runCommand('Voice AI: Clear Filter');
    await ui.runCommand('Voice AI: Show Analytics');
    const frame = await dashboard();
    const mix = frame.locator('#action-mix');
    const frameHandle = await (await mix.elementHandle()).ownerFrame();
    const toggles = mix.locator('.legend-toggle');
    const n = await toggles.count();
    assert.ok(n >= 2, `${n} action types`);
    // Each type's own colour: the registry gives both extractions blue, the chart tells them apart.
    const colours = await mix.locator('.legend-toggle .swatch').evaluateAll((swatches) => swatches.map((e) => getComputedStyle(e).backgroundColor));
    assert.equal(new Set(colours).size, colours.length, `every key a colour of its own: ${colours.join(' | ')}`);
    // Until the canvas's pixel just above the plot's bottom, in the middle of category i, has
    // that alpha (255: its bar is drawn there; 0: nothing is).
    const bar = (i, alpha) =>
      frameHandle.waitForFunction(
        (args) => {
          const root = document.querySelector('#action-mix');
          const canvas = root.querySelector('canvas');
          const cb = canvas.getBoundingClientRect();
          const ob = root.querySelector('.u-over').getBoundingClientRect();
          const ratio = canvas.width / cb.width;
          const x = (ob.left - cb.left + ((args.i + 0.5) / args.n) * ob.width) * ratio;
          const y = (ob.bottom - cb.top - 3) * ratio;
          return canvas.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1).data[3] === args.alpha;
        },
        { i, n, alpha },
        { timeout: 10_000 },
      );
    // The busiest type (first) is drawn: its bar covers the bottom of its category.
    await bar(0, 255);
    await bar(1, 255);
    const first = toggles.first();
    assert.equal(await first.getAttribute('aria-pressed'), 'true');
    await first.click();
    assert.equal(await first.getAttribute('aria-pressed'), 'false');
    await bar(0, 0);
    await bar(1, 255);
    await first.press('Enter');
    assert.equal(await first.getAttribute('aria-pressed'), 'true');
    await bar(0, 255);
    // The funnel beside the type: the tree's filter narrows to calls with that type.
    const label = plain(await first.textContent());
    await mix.getByRole('button', { name: `Show the calls with ${label} in the tree` }).click();
    const word = label.split(' ').at(-1).toLowerCase();
    const line = await filterLine(new RegExp(`Filter: .*${word}.* · last 30 days`, 'i'));
    assert.ok(!/ · .* · .* · /.test(line), `only the type and the range: ${line}`);
    await ui.runCommand('Voice AI: Clear Filter');
    await ui.closeAllEditors();
  });

  it('custom dates read as dates of the display language in the title and the tree\'s filter', async function () {
    await ui.runCommand('Voice AI: Clear Filter');
    await ui.runCommand('Voice AI: Show Analytics');
    let frame = await dashboard();
    const { days } = JSON.parse((await frame.locator('#per-day').getAttribute('data-values')) ?? '{}');
    const [from, to] = [days.at(-9), days.at(-3)];
    await pickCustomRange(frame, from, to, 'Apply');
    const words = dayRangeWords('en', from, to);
    await frame.locator('h1', { hasText: UI_TIME_ZONE }).filter({ hasNotText: 'last 30 days' }).waitFor({ state: 'visible', timeout: 60_000 });
    frame = await dashboard();
    const title = plain(await frame.locator('h1').textContent());
    assert.equal(title, `${words} (${UI_TIME_ZONE}) · all agents`);
    // A day's date under the chart: the tree's filter line writes it as English does.
    const over = frame.locator('#per-day .u-over');
    const box = await over.boundingBox();
    await ui.page.mouse.click(box.x + (0.5 / 7) * box.width, box.y + box.height + 8);
    const line = plain(await filterLine(`(${UI_TIME_ZONE})`));
    assert.equal(line, `Filter: ${filterDay(from)} (${UI_TIME_ZONE})`);
    await ui.runCommand('Voice AI: Clear Filter');
    await ui.closeAllEditors();
  });

  it('with the local store off, the banner says so and opens the setting', async function () {
    await ui.runCommand('Voice AI: Show Analytics');
    const frame = await dashboard();
    const banner = frame.locator('.banner');
    await banner.waitFor({ state: 'visible' });
    const text = plain(await banner.textContent());
    assert.match(text, /The local call store is off: the figures were read from the API \(\d[\d,]* calls\)\./, text);
    assert.ok(!/not in the local store/.test(text), text);
    await banner.getByRole('button', { name: 'Open Settings' }).click();
    await ui.page.locator('.settings-editor [data-key="voiceAi.store.enabled"]').first().waitFor({ state: 'visible', timeout: 20_000 });
    await ui.closeAllEditors();
  });

  it('after a window reload (or a browser refresh) the dashboard is back, with its range and every chart', async function () {
    await ui.runCommand('Voice AI: Clear Filter');
    await ui.runCommand('Voice AI: Show Analytics');
    let frame = await dashboard();
    await frame.locator('select').selectOption('last7');
    await frame.locator('h1', { hasText: `last 7 days (${UI_TIME_ZONE})` }).waitFor({ state: 'visible', timeout: 60_000 });
    await frame.locator('main[aria-busy="false"] #per-day canvas').first().waitFor({ state: 'visible', timeout: 60_000 });
    const before = JSON.parse((await frame.locator('#per-day').getAttribute('data-values')) ?? '{}');
    assert.equal(before.days.length, 7);
    // Developer: Reload Window, as a user reloads (the workbench saves its editors' state first).
    const reloaded = ui.page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 90_000 });
    await ui.page.keyboard.press('Escape');
    await ui.page.keyboard.press('F1');
    await ui.quickInput('>Developer: Reload Window', { submit: false });
    await ui.pickQuickItem('Developer: Reload Window');
    await reloaded;
    await ui.waitUntilReady();
    frame = await dashboard(90_000);
    assert.match((await frame.locator('h1').textContent()) ?? '', new RegExp(`last 7 days \\(${UI_TIME_ZONE}\\)`));
    assert.equal(await frame.locator('select').inputValue(), 'last7');
    for (const id of CHARTS) assert.ok(await frame.locator(`#${id}`).isVisible(), `${id} shown`);
    assert.equal(await frame.locator('.chart canvas').count(), 4, 'the four bar charts drawn');
    const after = JSON.parse((await frame.locator('#per-day').getAttribute('data-values')) ?? '{}');
    assert.deepEqual(after.days, before.days);

    // A browser refresh (code-server, vscode.dev) right after a change of range: the same.
    await frame.locator('select').selectOption('yesterday');
    await frame.locator('h1', { hasText: `yesterday (${UI_TIME_ZONE})` }).waitFor({ state: 'visible', timeout: 60_000 });
    await frame.locator('main[aria-busy="false"] #heatmap .heatmap').waitFor({ state: 'visible', timeout: 60_000 });
    // The range is kept in workspace state at once; the workbench writes that to the browser's storage
    // (IndexedDB) a moment later, and a refresh within that moment loses it, as it would any state.
    await ui.page.waitForFunction(persistedInWorkbench, '"range":"yesterday"', { timeout: 30_000, polling: 250 });
    await ui.reload();
    frame = await dashboard(90_000);
    assert.match((await frame.locator('h1').textContent()) ?? '', new RegExp(`yesterday \\(${UI_TIME_ZONE}\\)`));
    assert.equal(await frame.locator('select').inputValue(), 'yesterday');
    await ui.closeAllEditors();
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
