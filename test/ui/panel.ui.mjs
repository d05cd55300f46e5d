// The call panel as a user sees it in the real workbench: opened by clicking a call in the
// tree and from the palette, read straight from the webview's DOM (hostile strings show as
// text, nothing injected, no dialog), keyboard reachable, its buttons talk to the extension,
// restored with its UI state after a reload, and screenshots in light, dark and both
// high-contrast themes.
import * as assert from 'node:assert/strict';
import { UI_TIME_ZONE, workbench } from './helpers.mjs';

// Labels of the theme picker (the settings ids are "Default Dark Modern", "Default Light
// Modern", "Default High Contrast", "Default High Contrast Light").
const THEMES = [
  ['Dark Modern', 'dark'],
  ['Light Modern', 'light'],
  ['Dark High Contrast', 'hc-dark'],
  ['Light High Contrast', 'hc-light'],
];

describe('call panel (UI)', function () {
  this.timeout(150_000);
  let ui;
  const dialogs = [];

  before(async function () {
    this.timeout(240_000);
    ui = await workbench();
    ui.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss().catch(() => undefined);
    });
    await ui.showAgents();
  });

  afterEach(async function () {
    await ui.screenshotIfFailed(this.currentTest, 'panel');
    await ui.page.keyboard.press('Escape').catch(() => undefined);
    await ui.closeAllEditors().catch(() => undefined);
  });

  after(async function () {
    await ui.runCommand('Preferences: Color Theme').catch(() => undefined);
    await ui.quickInput('Dark Modern', { submit: false }).catch(() => undefined);
    await ui.pickQuickItem('Dark Modern').catch(() => undefined);
    await ui.runCommand('Voice AI: Clear API Token').catch(() => undefined);
  });

  /** The webview's content frame, once the call is rendered (no loading view left). */
  async function panelFrame(timeout = 30_000) {
    const frame = ui.webview();
    await frame.locator('main[aria-busy="false"] .section-header, main[aria-busy="false"] .error-view').first().waitFor({ state: 'visible', timeout });
    return frame;
  }

  async function openByPalette(callId) {
    await ui.runCommand('Voice AI: Open Call Details');
    await ui.quickInput(callId);
    return panelFrame();
  }

  it('opens a call by clicking it in the tree and shows its header, timeline and transcript', async function () {
    const rows = await ui.treeRows();
    const all = rows.find((r) => /^All calls/.test(r.text));
    assert.ok(all);
    if (!all.expanded) await ui.clickTreeRow(/^All calls/);
    await ui.waitForTreeRow(/Load more/, { timeout: 30_000 });
    const callRow = ui.page.locator('.part.sidebar .monaco-list-row[aria-level="2"]').filter({ hasText: '·' }).first();
    const rowTime = ((await callRow.locator('.label-name').first().textContent()) ?? '').split(' · ').at(-1)?.trim();
    assert.match(rowTime ?? '', /^[A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2}\s[AP]M$/, 'the row shows its time');
    await callRow.click();
    const frame = await panelFrame();
    const tab = ui.page.locator('.tabs-container .tab.active');
    // The tab writes the time as the row does ("Nov 30, 3:19 PM").
    assert.ok(((await tab.textContent()) ?? '').includes(` · ${rowTime}`), `the tab's title ends with the row's time ${rowTime}`);
    const callId = (await frame.locator('dd[data-field="Call ID"] .value').textContent())?.trim();
    const call = ui.api.data.callLogs.find((c) => c.id === callId);
    assert.ok(call, `the panel shows a real call id (${callId})`);
    assert.equal((await frame.locator('dd[data-field="Time zone"] .value').textContent())?.trim(), UI_TIME_ZONE);
    assert.equal(await frame.locator('li.action').count(), call.executedCallActions.length);
    assert.ok((await frame.locator('li.turn').count()) > 0);
    for (const name of ['Export This Call', 'Refresh', 'Copy Call ID']) {
      assert.ok(await frame.getByRole('button', { name, exact: true }).isVisible(), name);
    }
    // Copy Call ID reaches the clipboard: paste it into the command palette and read it back.
    await frame.getByRole('button', { name: 'Copy Call ID', exact: true }).click();
    await ui.page.locator('.statusbar', { hasText: 'Copied call ID' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await ui.page.keyboard.press('F1');
    const input = ui.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('');
    await input.press('Control+V');
    assert.equal(await input.inputValue(), callId);
    await ui.page.keyboard.press('Escape');
  });

  it('renders hostile strings from the server as text: no element injected, no dialog', async function () {
    const img = '<img src=x onerror=alert(1)>';
    const script = '<script>alert("voice-ai-xss")</script>';
    const call = ui.api.data.callLogs[7];
    call.summary = `${img} ${script}`;
    call.transcript = `bot: ${script}\nhuman:${img}`;
    call.extractedData = { '"><svg onload=alert(2)>': img };
    call.executedCallActions = [
      { actionType: 'SMS', actionName: img, actionParameters: { messageBody: script, triggerPrompt: img, triggerMessage: 'ok' }, triggerReceivedAt: call.createdAt, executedAt: call.createdAt },
    ];
    dialogs.length = 0;
    const frame = await openByPalette(call.id);
    assert.equal((await frame.locator('p.summary').textContent())?.trim(), `${img} ${script}`);
    assert.equal((await frame.locator('li.turn .text').first().textContent())?.trim(), script);
    assert.equal((await frame.locator('li.action h3').textContent())?.trim(), img);
    assert.equal((await frame.locator('table.extracted tbody th').textContent())?.trim(), '"><svg onload=alert(2)>');
    assert.equal(await frame.locator('img').count(), 0, 'no img element');
    assert.equal(await frame.locator('main svg[onload], main [onerror]').count(), 0, 'no event-handler attribute');
    const scripts = await frame.locator('script').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    assert.ok(!scripts.some((s) => s.includes('voice-ai-xss')), 'no injected script');
    await ui.page.waitForTimeout(500);
    assert.deepEqual(dialogs, [], 'no dialog fired');
  });

  it('is usable with the keyboard: Tab reaches every button, with a visible focus', async function () {
    const call = ui.api.data.callLogs[8];
    const frame = await openByPalette(call.id);
    await frame.locator('h1.call-title').click();
    const reached = [];
    for (let i = 0; i < 14; i++) {
      await ui.page.keyboard.press('Tab');
      const focused = await frame.locator(':focus').evaluateAll((els) =>
        els.map((e) => ({ label: e.getAttribute('aria-label') || (e.textContent ?? '').trim(), outline: getComputedStyle(e).outlineStyle, tag: e.tagName })),
      );
      if (focused[0]) reached.push(focused[0]);
    }
    const labels = reached.map((r) => r.label);
    for (const name of ['Export This Call', 'Refresh', 'Copy Call ID', 'Copy call ID']) {
      assert.ok(labels.some((l) => l.includes(name)), `${name} reached by Tab: ${labels.join(' | ')}`);
    }
    assert.ok(labels.some((l) => /Summary/.test(l)), `section toggles reached by Tab: ${labels.join(' | ')}`);
    const toggle = reached.find((r) => r.tag === 'BUTTON' && /Summary/.test(r.label));
    assert.ok(toggle && toggle.outline !== 'none', 'section toggle shows a focus outline');
  });

  it('Refresh fetches the call again; Export This Call runs the export command', async function () {
    const call = ui.api.data.callLogs[9];
    const frame = await openByPalette(call.id);
    ui.api.clearRequests();
    await frame.getByRole('button', { name: 'Refresh', exact: true }).click();
    await ui.page.waitForFunction(() => true, undefined, { timeout: 1000 });
    const deadline = Date.now() + 10_000;
    while (!ui.api.requests.some((r) => r.path.endsWith(`/call-logs/${call.id}`)) && Date.now() < deadline) await ui.page.waitForTimeout(100);
    assert.ok(ui.api.requests.some((r) => r.path.endsWith(`/call-logs/${call.id}`)), 'Refresh re-fetched the call');
    await panelFrame();
    await frame.getByRole('button', { name: 'Export This Call', exact: true }).click();
    // The export command asks where to put the JSON.
    await ui.page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 10_000 });
    await ui.page.keyboard.press('Escape');
    const toasts = await ui.notifications();
    assert.ok(!toasts.some((t) => /not available/.test(t)), toasts.join(' | '));
  });

  it('comes back after a window reload with its content and collapsed sections', async function () {
    // A reload restarts the extension host, which takes minutes on a loaded machine.
    this.timeout(420_000);
    const call = ui.api.data.callLogs[10];
    const frame = await openByPalette(call.id);
    await frame.locator('#transcript-toggle').click();
    assert.equal(await frame.locator('#transcript-toggle').getAttribute('aria-expanded'), 'false');
    await ui.page.waitForTimeout(1000);
    ui.api.clearRequests();
    // Reload the way a user does, so that the workbench saves its editors (and the webview's
    // state) before it goes; a bare page reload may skip that save.
    await Promise.all([ui.page.waitForEvent('framenavigated', { predicate: (f) => f === ui.page.mainFrame(), timeout: 120_000 }), ui.runCommand('Developer: Reload Window')]);
    await ui.waitUntilReady(240_000);
    const restored = await panelFrame(300_000);
    assert.equal((await restored.locator('dd[data-field="Call ID"] .value').textContent())?.trim(), call.id);
    assert.equal(await restored.locator('#transcript-toggle').getAttribute('aria-expanded'), 'false', 'collapsed section stays collapsed');
    assert.equal(await restored.locator('#timeline-toggle').getAttribute('aria-expanded'), 'true');
    assert.ok(ui.api.requests.some((r) => r.path.endsWith(`/call-logs/${call.id}`)), 'the restored panel fetched the call by id');
  });

  it('looks right in light, dark and high-contrast themes (screenshots)', async function () {
    // A call with every kind of action, a transcript and extracted data.
    const call = ui.api.data.callLogs
      .filter((c) => c.fromNumber && c.summary && c.executedCallActions.length >= 3 && c.extractedData && Object.keys(c.extractedData).length > 1)
      .find((c) => !/[<>]/.test(`${c.summary}${c.transcript}${JSON.stringify(c.extractedData)}`));
    assert.ok(call, 'a rich call in the sample data');
    await openByPalette(call.id);
    const shots = [];
    for (const [theme, name] of THEMES) {
      await ui.runCommand('Preferences: Color Theme');
      await ui.quickInput(theme, { submit: false });
      await ui.pickQuickItem(theme);
      await ui.page.waitForTimeout(1500);
      const frame = await panelFrame();
      const bg = await frame.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
      shots.push([name, bg, await ui.screenshot(`panel-${name}`)]);
    }
    console.log(`      screenshots: ${shots.map(([n, bg, f]) => `${n} (${bg}) ${f}`).join('; ')}`);
    const backgrounds = new Set(shots.map(([, bg]) => bg));
    assert.ok(backgrounds.size >= 3, `themes change the panel's colours: ${[...backgrounds].join(', ')}`);
  });
});
