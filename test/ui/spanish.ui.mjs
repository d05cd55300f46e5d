// The extension in a VS Code whose display language is Spanish (its own workbench, with a stub
// language pack registered by the harness): the welcome view, the tree (dates, durations and
// counts in Spanish), the Filter Calls QuickPick, the call panel, a notification and the analytics
// dashboard (its tooltips, units, dates and hours; chart labels that never overlap nor are cut
// off, however long the Spanish words; the banner with the store off; no English phrase left).
// Saves the README's Spanish screenshots (es-*.png).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../harness/lib.mjs';
import { dayRangeWords, pickCustomRange, plain, spanishWorkbench } from './helpers.mjs';
import { checkAxisLabels } from './axisLabels.mjs';

const SIDEBAR = '.part.sidebar';

describe('Spanish display language (UI)', function () {
  this.timeout(150_000);
  let ui;

  before(async function () {
    this.timeout(240_000);
    ui = await spanishWorkbench();
    await ui.openViewContainer();
  });

  afterEach(async function () {
    await ui.screenshotIfFailed(this.currentTest, 'es');
  });

  after(async function () {
    await ui?.stop();
  });

  /** A notification's text, from the notification center (this second window's toasts may not show). */
  async function notification(pattern) {
    await ui.runCommand('Notifications: Show Notifications');
    const item = ui.page.locator('.notifications-center .notification-list-item').filter({ hasText: pattern }).first();
    await item.waitFor({ state: 'visible', timeout: 20_000 });
    const text = ((await item.textContent()) ?? '').trim();
    await ui.runCommand('Notifications: Hide Notifications').catch(() => undefined);
    return text;
  }

  it('the welcome view speaks Spanish, with its buttons', async function () {
    const welcome = ui.page.locator(`${SIDEBAR} .welcome-view-content`).first();
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await welcome.textContent()) ?? '', /Explora los agentes de voz con IA de tu subcuenta/);
    const buttons = await welcome.locator('.monaco-button').allTextContents();
    assert.ok(buttons.some((b) => /Configurar token de API/.test(b)), buttons.join('|'));
    assert.ok(buttons.some((b) => /Probar con datos de ejemplo/.test(b)), buttons.join('|'));
    // The view's own name comes from package.nls.es.json.
    assert.match((await ui.sidebar().textContent()) ?? '', /Agentes y llamadas/i);
    await ui.screenshot('es-welcome', ui.page.locator(SIDEBAR));
  });

  it('the tree: agents, an agent\'s calls with Spanish dates, and "Cargar más"', async function () {
    await ui.runCommand('Voice AI: Configurar token de API');
    await ui.quickInput(ui.api.token);
    await ui.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 20_000 });
    await ui.waitForTreeRow(/^Todas las llamadas/, { timeout: 30_000 });
    assert.match(await notification(/Token de API guardado/), /Token de API guardado en SecretStorage para la ubicación/);
    // The sample agent that speaks Spanish.
    await ui.expandTreeRow(/^Sofía \(Reservas\)/);
    const more = await ui.waitForTreeRow(/^Cargar más \(10 de /, { timeout: 30_000 });
    assert.ok(await more.isVisible());
    const rows = await ui.treeRows();
    const calls = rows.filter((r) => r.level === 2 && !/^Cargar más/.test(r.text));
    assert.ok(calls.length > 0, JSON.stringify(rows));
    // "8 mar, 15:05" (es; "8 mar 2025, 15:05" in an earlier year) rather than "Mar 8, 3:05 PM"; durations "3 min 02 s".
    for (const c of calls) assert.match(c.text, /\d{1,2} [a-z]{3,4}\.?( \d{4})?, \d{1,2}:\d{2}/, c.text);
    assert.ok(calls.some((c) => /\d+ min \d{2} s|\d+ s\b/.test(c.text)), calls.map((c) => c.text).join('\n'));
    await ui.screenshot('es-tree', ui.page.locator(SIDEBAR));
  });

  it('Filter Calls asks in Spanish', async function () {
    await ui.runCommand('Voice AI: Filtrar llamadas');
    await ui.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Voice AI: Filtrar llamadas' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const items = await ui.quickPickItems();
    assert.ok(items.some((i) => /Dejar como está/.test(i)), items.join('|'));
    assert.ok(items.includes('Todos los agentes'), items.join('|'));
    assert.match((await ui.page.locator('.quick-input-widget input').getAttribute('placeholder')) ?? '', /¿Qué agente\?/);
    await ui.screenshot('es-filter', ui.page.locator('.quick-input-widget'));
    await ui.page.keyboard.press('Escape');
  });

  it('the call panel: headings, fields and buttons in Spanish', async function () {
    const rows = await ui.treeRows();
    const call = rows.find((r) => r.level === 2 && !/^Cargar más/.test(r.text));
    assert.ok(call);
    await ui.clickTreeRow(call.text.split(' · ')[0]);
    const frame = ui.webview();
    await frame.locator('#timeline .section-title').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal((await frame.locator('#summary .section-title').textContent())?.trim(), 'Resumen');
    assert.equal((await frame.locator('#timeline .section-title').textContent())?.trim(), 'Acciones ejecutadas');
    assert.equal((await frame.locator('#transcript .section-title').textContent())?.trim(), 'Transcripción');
    assert.equal((await frame.locator('dt', { hasText: 'Duración' }).count()) > 0, true);
    assert.ok((await frame.locator('.toolbar').first().textContent())?.includes('Exportar esta llamada'));
    assert.equal(await frame.locator('html').getAttribute('lang'), 'es');
    await ui.screenshot('es-panel');
    await ui.closeAllEditors();
  });

  it('the dashboard: tooltips, units and dates in Spanish', async function () {
    await ui.runCommand('Voice AI: Mostrar analíticas');
    const frame = ui.webview();
    await frame.locator('main[aria-busy="false"] #heatmap .heatmap').waitFor({ state: 'visible', timeout: 60_000 });
    // Calls per day: above the busiest day's bar, its date and total in Spanish.
    const values = JSON.parse((await frame.locator('#per-day').getAttribute('data-values')) ?? '{}');
    const totals = values.days.map((_, i) => values.agents.reduce((n, a) => n + a.perDay[i], 0));
    const i = totals.indexOf(Math.max(...totals));
    const over = frame.locator('#per-day .u-over');
    const box = await over.boundingBox();
    await over.hover({ position: { x: ((i + 0.5) / values.days.length) * box.width, y: 3 } });
    const tip = frame.locator('#per-day .chart-tooltip:not([hidden])');
    await tip.waitFor({ state: 'visible', timeout: 10_000 });
    // "lun, 30 nov 2026", not "2026-11-30" nor "Mon, Nov 30, 2026".
    const head = ((await tip.locator('strong').textContent()) ?? '').trim();
    assert.match(head, /^[a-záéíóú]{2,4}\.?,? \d{1,2} (de )?[a-z]{3,5}\.? (de )?\d{4}$/, head);
    assert.equal((await tip.locator('.tooltip-total').textContent())?.trim(), `Total: ${totals[i].toLocaleString('es')} llamadas`);
    assert.ok(((await tip.textContent()) ?? '').includes('llamada'), 'each agent\'s line counts llamadas');
    // The duration chart: its first bucket's label and count with Spanish words.
    const durations = JSON.parse((await frame.locator('#duration').getAttribute('data-values')) ?? '{}');
    assert.equal(durations.buckets[0], 'menos de 30 s');
    assert.equal(durations.buckets.at(-1), '20 min o más');
    const dOver = frame.locator('#duration .u-over');
    const dBox = await dOver.boundingBox();
    await dOver.hover({ position: { x: (0.5 / durations.buckets.length) * dBox.width, y: dBox.height - 3 } });
    const dTip = frame.locator('#duration .chart-tooltip:not([hidden])');
    await dTip.waitFor({ state: 'visible', timeout: 10_000 });
    const n = durations.counts[0];
    assert.match((await dTip.textContent()) ?? '', new RegExp(`^menos de 30 s.*${n === 1 ? '1 llamada' : `${n.toLocaleString('es')} llamadas`}$`));
    // Figures: a rate with a decimal comma and the unit from the bundle; the heat map's cells in Spanish.
    assert.match((await frame.locator('dd[data-figure="Tasa de transferencia"]').textContent()) ?? '', /^\d+(,\d)? %$/);
    assert.match((await frame.locator('.heat-cell').first().getAttribute('title')) ?? '', /^lun\.?, 0?0:00: \d+ llamadas?$/);
    // The duration buckets ("de 10 min a 15 min") and the action types ("Extracción de datos
    // durante la llamada") under their bars: whole at this width, never overlapping nor cut off
    // down to a narrow panel.
    const types = (await frame.locator('#action-mix .legend-toggle').allTextContents()).map(plain);
    assert.ok(types.some((t) => t.length > 30), types.join('|'));
    await checkAxisLabels(ui, frame, ['per-day', 'duration', 'action-mix', 'latency'], { widths: [1100, 850, 640], full: { duration: durations.buckets, 'action-mix': types }, screenshots: 'es-axis' });
    // The README's picture: the charts with the longest Spanish labels, the durations' and the action mix's.
    await frame.locator('#duration').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await ui.page.mouse.move(1, 1);
    await ui.screenshot('es-analytics');
    // The heat map's hours as Spanish writes them.
    assert.deepEqual((await frame.locator('#heatmap .heat-hour').allTextContents()).map(plain).filter(Boolean), ['00:00', '03:00', '06:00', '09:00', '12:00', '15:00', '18:00', '21:00']);
    // The store is off in this workbench: the banner says so, in Spanish.
    assert.match(plain(await frame.locator('.banner').textContent()), /El almacén local de llamadas está desactivado/);
    // Custom dates: the title writes them as Spanish does ("3–9 mar 2026"), not 2026-03-03.
    const [from, to] = [values.days.at(-9), values.days.at(-3)];
    await pickCustomRange(frame, from, to, 'Aplicar');
    const words = dayRangeWords('es', from, to);
    const title = frame.locator('h1').filter({ hasNotText: 'últimos 30 días' });
    await title.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(plain(await title.textContent()), new RegExp(`^${words} \\(`));
    await ui.closeAllEditors();
  });

  it('a notification in Spanish, with its button', async function () {
    await ui.runCommand('Voice AI: Probar con datos de ejemplo');
    await ui.waitForTreeRow(/^Datos de ejemplo: agentes y llamadas inventados/, { timeout: 30_000 });
    await ui.runCommand('Notifications: Show Notifications');
    const item = ui.page.locator('.notifications-center .notification-list-item').filter({ hasText: /mostrando datos de ejemplo desde un servidor local/ }).first();
    await item.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match((await item.textContent()) ?? '', /Detener datos de ejemplo/);
    await ui.screenshot('es-notification');
    await ui.runCommand('Notifications: Hide Notifications').catch(() => undefined);
  });

  it('the dashboard: no English phrase of its words is left, in its text, tables, aria-labels or titles', async function () {
    await ui.runCommand('Voice AI: Mostrar analíticas');
    const frame = ui.webview();
    await frame.locator('main[aria-busy="false"] #heatmap .heatmap').waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal((await frame.locator('#per-day h2').textContent())?.trim(), 'Llamadas por día y agente');
    assert.equal((await frame.locator('.figures dt').first().textContent())?.trim(), 'Llamadas');
    // Every table shown too (their captions and headers), as a screen reader would read them.
    // (A clicked toggle is renamed "Mostrar como gráfico": always the first one left.)
    const toggles = frame.getByRole('button', { name: 'Mostrar como tabla' });
    for (let left = await toggles.count(); left > 0; left--) await toggles.first().click();
    await frame.locator('#heatmap table').waitFor({ state: 'visible', timeout: 10_000 });
    // The phrases the panel sends (src/panels/analytics/strings.ts), read in English from the source.
    const english = [...fs.readFileSync(path.join(ROOT, 'src/panels/analytics/strings.ts'), 'utf8').matchAll(/l10n\.t\((['"])(.+?)\1\)/g)]
      .map((m) => m[2].replace(/\\'/g, "'"))
      .filter((t) => / /.test(t) && !/\{\d\}/.test(t));
    assert.ok(english.length > 20, `${english.length} phrases read from strings.ts`);
    const shown = await frame
      .locator('body')
      .evaluate((b) => [b.innerText, ...[...b.querySelectorAll('[aria-label],[title]')].map((e) => `${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('title') ?? ''}`)].join('\n'));
    assert.deepEqual(english.filter((t) => shown.includes(t)), []);
    await ui.closeAllEditors();
  });
});
