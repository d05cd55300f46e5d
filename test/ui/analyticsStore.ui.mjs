// The analytics dashboard with the local call store on (the other UI files run with it off): a
// range the store does not hold yet (its first sync cancelled part-way) is read from the API and
// the dashboard says so, offering Sync now; once synced, opening the dashboard costs no call-logs
// request at all (the local API server counts every request it answers).
import * as assert from 'node:assert/strict';
import { UI_TIME_ZONE, workbench } from './helpers.mjs';

const STORE_OFF = { 'voiceAi.store.enabled': false, 'voiceAi.watch.intervalSeconds': 0 };
const CALL_LOGS = '/voice-ai/dashboard/call-logs';

/** Calls of the last 30 days in the zone (today included), counted from the raw call logs. */
function callsInLast30Days(callLogs, timeZone) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const today = f.format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1, d - 29)).toISOString().slice(0, 10);
  return callLogs.filter((c) => {
    const day = f.format(new Date(c.createdAt));
    return day >= first && day <= today;
  }).length;
}

describe('analytics dashboard from the local store (UI)', function () {
  this.timeout(240_000);
  let ui;

  before(async function () {
    ui = await workbench();
  });

  afterEach(async function () {
    await ui.screenshotIfFailed(this.currentTest, 'analytics-store');
  });

  after(async function () {
    ui.api.setFaults({});
    await ui.closeAllEditors().catch(() => undefined);
    await ui.runCommand('Voice AI: Clear Local Data').catch(() => undefined);
    await ui.page.keyboard.press('Enter').catch(() => undefined); // the confirmation's default button
    // Back to the harness' settings; a reload makes the next files' window read them.
    ui.setSettings(STORE_OFF);
    await ui.reload().catch(() => undefined);
  });

  const dashboard = async (timeout = 90_000) => {
    const frame = ui.webview();
    await frame.locator('main[aria-busy="false"] #heatmap .heatmap').waitFor({ state: 'visible', timeout });
    return frame;
  };
  const callLogRequests = () => ui.api.requests.filter((r) => r.path.startsWith(CALL_LOGS));

  it('a range not synced yet says so and offers Sync now; once synced the dashboard asks the API nothing', async function () {
    // The token first (its check is a call-logs request), then the store on, read at a reload.
    await ui.openViewContainer();
    await ui.setToken(ui.api.token);
    await ui.runCommand('Voice AI: Clear Filter');
    // The first sync crawls so that it stops after its first page: every call-logs answer comes 10 s
    // late, so the 24 pages it asks for next (at once) are still on their way when it is cancelled.
    ui.api.setFaults({ latencyMs: 10_000, pathPrefix: CALL_LOGS });
    ui.setSettings({ 'voiceAi.store.enabled': true, 'voiceAi.watch.intervalSeconds': 600 });
    await ui.reload();
    await ui.openViewContainer();
    await ui.page.locator('.part.sidebar .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
    // Joins the sync at start if it began already.
    await ui.runCommand('Voice AI: Sync Now');
    // The sync has stored its first page(s), newest first: then it is cancelled.
    await ui.page.locator('.statusbar', { hasText: /Storing calls [1-9]/ }).first().waitFor({ state: 'visible', timeout: 90_000 });
    await ui.runCommand('Voice AI: Cancel Sync');
    await ui.page.locator('.statusbar', { hasText: /Storing calls/ }).first().waitFor({ state: 'hidden', timeout: 30_000 });
    ui.api.setFaults({});

    // Last 30 days: the store holds only the newest calls, so the figures come from the API, and the dashboard says so.
    ui.api.clearRequests();
    await ui.runCommand('Voice AI: Show Analytics');
    let frame = await dashboard();
    assert.match((await frame.locator('h1').textContent()) ?? '', new RegExp(`last 30 days \\(${UI_TIME_ZONE}\\)`));
    const banner = frame.locator('.banner');
    await banner.waitFor({ state: 'visible' });
    assert.match((await banner.textContent()) ?? '', /These days are not in the local store: the figures were read from the API/);
    assert.ok(callLogRequests().length > 0, 'the figures came from the API');
    const raw = callsInLast30Days(ui.api.data.callLogs, UI_TIME_ZONE);
    assert.equal((await frame.locator('dd[data-figure="Calls"]').textContent())?.replace(/\D/g, ''), String(raw));
    await ui.screenshot('analytics-store-not-synced', ui.page.locator('.editor-group-container').first());

    // Sync now: the store fills, and the dashboard reads its figures again from it (the banner goes).
    await banner.getByRole('button', { name: 'Sync now' }).click();
    await frame.locator('.banner').waitFor({ state: 'detached', timeout: 150_000 });
    await dashboard();

    // Opened again: computed from the store, not a single call-logs request.
    await ui.closeAllEditors();
    ui.api.clearRequests();
    await ui.runCommand('Voice AI: Show Analytics');
    frame = await dashboard();
    assert.equal(await frame.locator('.banner').count(), 0, 'no "not synced" banner');
    assert.equal((await frame.locator('dd[data-figure="Calls"]').textContent())?.replace(/\D/g, ''), String(raw));
    assert.equal(await frame.locator('.chart canvas').count(), 4, 'the four bar charts drawn');
    // A request started by the opening would be answered within this (the server records answers).
    await ui.page.waitForTimeout(1500);
    assert.deepEqual(
      callLogRequests().map((r) => r.path),
      [],
      'no call-logs request while the dashboard opens from the store',
    );
    await ui.closeAllEditors();
  });
});
