// The extension in a VS Code whose display language is Spanish (its own workbench, with a stub
// language pack registered by the harness): the welcome view, the tree (dates, durations and
// counts in Spanish), the Filter Calls QuickPick, the call panel and a notification. Saves the
// README's Spanish screenshots (es-*.png).
import * as assert from 'node:assert/strict';
import { spanishWorkbench } from './helpers.mjs';

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
    // "8 mar 2026, 15:05" (es) rather than "Mar 8, 2026, 3:05 PM"; durations "3 min 02 s".
    for (const c of calls) assert.match(c.text, /\d{1,2} [a-z]{3,4}\.? \d{4}/, c.text);
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
});
