// Server text in notifications, as a user sees it: a server (or a proxy) that answers with a
// `[label](command:…)` message must not get a clickable command link into the notification.
import * as assert from 'node:assert/strict';
import { workbench } from './helpers.mjs';

const PLANTED = '[Re-enter your token](command:voiceAi.clearToken)';

describe('messages (UI)', function () {
  this.timeout(120_000);
  let ui;

  before(async function () {
    this.timeout(180_000);
    ui = await workbench();
    await ui.showAgents();
  });

  afterEach(async function () {
    await ui.screenshotIfFailed(this.currentTest, 'messages');
    ui.api.setFaults({});
  });

  after(async function () {
    await ui.clearNotifications().catch(() => undefined);
    await ui.runCommand('Notifications: Hide Notifications').catch(() => undefined);
    await ui.runCommand('Voice AI: Clear API Token').catch(() => undefined);
  });

  it('a hostile error message shows as text: no link forms in the notification', async function () {
    await ui.clearNotifications();
    ui.api.setFaults({ errorRate: 1, errorStatus: 401, errorMessage: `Session expired. ${PLANTED}`, pathPrefix: '/voice-ai/agents' });
    await ui.runCommand('Voice AI: Refresh');
    await ui.page.locator('.part.sidebar .welcome-view-content', { hasText: 'refused the token' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // Toasts may go straight to the notification center (a busy or unfocused window): read it there.
    await ui.runCommand('Notifications: Show Notifications');
    const toast = ui.page.locator('.notifications-center .notification-list-item').filter({ hasText: /Loading agents failed/ }).first();
    await toast.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match((await toast.textContent()) ?? '', /Re-enter your token/, 'the words are shown');
    const links = await toast.locator('.notification-list-item-message a').evaluateAll((els) => els.map((e) => `${e.textContent} -> ${e.getAttribute('href') ?? ''}`));
    assert.deepEqual(links, [], 'no link in the message');
    await ui.screenshot('messages-hostile-notification', toast);
  });
});
