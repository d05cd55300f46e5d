// VS Code conventions in the real workbench: Open Call Details lists the recent calls, filters
// them as one types and still opens a pasted id; Open Contact in CRM from a call's context menu
// opens the contact's page (VS Code hands the URL to the browser: Playwright sees the new page,
// answered by a route so that no request leaves the machine); the walkthrough's steps complete.
import * as assert from 'node:assert/strict';
import { workbench } from './helpers.mjs';

const CRM = 'https://crm.example.test';

describe('conventions (UI)', function () {
  this.timeout(120_000);
  let ui;

  before(async function () {
    this.timeout(180_000);
    ui = await workbench();
    await ui.openViewContainer();
    await ui.setToken(ui.api.token);
    await ui.waitForTreeRow(/^All calls/, { timeout: 30_000 });
  });

  afterEach(async function () {
    await ui.screenshotIfFailed(this.currentTest, 'conventions');
    await ui.page.keyboard.press('Escape');
  });

  after(async function () {
    await ui.closeAllEditors().catch(() => undefined);
    await ui.runCommand('Voice AI: Clear API Token').catch(() => undefined);
  });

  /** The newest calls of the first agent (alphabetically), as its rows show them. */
  function agentCalls() {
    const agent = [...ui.api.data.agents].sort((a, b) => a.agentName.localeCompare(b.agentName))[0];
    const calls = ui.api.data.callLogs.filter((c) => c.agentId === agent.id).sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    return { agent, calls };
  }

  it('Open Call Details lists the recent calls, filters them by caller number and opens a pasted id', async function () {
    await ui.runCommand('Voice AI: Open Call Details');
    const items = await ui.quickPickItems();
    assert.ok(items.length >= 5, items.join('|'));
    const { calls } = agentCalls();
    const withNumber = ui.api.data.callLogs.find((c) => c.fromNumber && items.some((i) => i.includes(c.fromNumber)));
    assert.ok(withNumber, 'a listed call with a caller number');
    await ui.quickInput(withNumber.fromNumber, { submit: false });
    await ui.page.waitForFunction(
      (n) => [...document.querySelectorAll('.quick-input-widget .monaco-list-row')].every((r) => (r.textContent ?? '').includes(n)),
      withNumber.fromNumber,
      { timeout: 10_000 },
    );
    await ui.screenshot('open-call-quickpick', ui.page.locator('.quick-input-widget'));
    const id = calls[calls.length - 1].id;
    await ui.quickInput(id, { submit: false });
    await ui.page.locator('.quick-input-widget .monaco-list-row', { hasText: `Open call ID ${id}` }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await ui.page.locator('.quick-input-widget input').press('Enter');
    const frame = ui.webview();
    await frame.locator('dd[data-field="Call ID"] .value', { hasText: id }).waitFor({ state: 'visible', timeout: 30_000 });
    await ui.closeAllEditors();
  });

  it('Open Contact in CRM opens the contact page under voiceAi.appUrl', async function () {
    await ui.setSettings({ 'voiceAi.appUrl': CRM });
    const context = ui.page.context();
    // What the browser asks for: the CRM cannot be reached from a test (the name does not resolve),
    // but the request for the contact's page is made, and seen here.
    const visited = [];
    let seen;
    const requested = new Promise((resolve) => (seen = resolve));
    const onRequest = (request) => {
      if (!request.url().startsWith(CRM)) return;
      visited.push(request.url());
      seen();
    };
    context.on('request', onRequest);
    const { agent, calls } = agentCalls();
    const shown = calls.slice(0, 10);
    const target = shown.find((c) => c.contactId && c.fromNumber);
    assert.ok(target, 'one of the first calls has a contact');
    await ui.clickTreeRow(new RegExp(`^${agent.agentName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const row = await ui.waitForTreeRow(target.fromNumber, { timeout: 30_000 });
    await row.click({ button: 'right' });
    const popup = context.waitForEvent('page', { timeout: 30_000 });
    await ui.page.locator('.context-view .action-label', { hasText: 'Open Contact in CRM' }).first().click();
    // VS Code asks before opening a link to a domain the user has not trusted.
    const dialogOpen = ui.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ }).first();
    await dialogOpen.click({ timeout: 15_000 }).catch(() => undefined);
    const page = await popup;
    const expected = `${CRM}/v2/location/${ui.api.locationId}/contacts/detail/${target.contactId}`;
    await Promise.race([requested, page.waitForEvent('close', { timeout: 15_000 }).catch(() => undefined)]);
    context.off('request', onRequest);
    assert.deepEqual([...new Set(visited)], [expected]);
    await page.close();
  });

  it('the walkthrough is contributed and marks a step done when its command runs', async function () {
    await ui.runCommand('Welcome: Open Walkthrough...');
    // The only walkthrough matching: Enter opens it.
    await ui.quickInput('Get started with Voice AI Call Logs');
    const step = ui.page.locator('.getting-started-step', { hasText: 'Filter the calls' }).first();
    await step.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await ui.page.locator('.getting-started-step').count(), 6);
    const done = () => step.evaluate((e) => e.classList.contains('complete'));
    assert.equal(await done(), false);
    await ui.runCommand('Voice AI: Filter Calls');
    await ui.page.keyboard.press('Escape');
    await ui.page.waitForFunction(
      () => [...document.querySelectorAll('.getting-started-step')].some((e) => e.textContent?.includes('Filter the calls') && e.classList.contains('complete')),
      undefined,
      { timeout: 15_000 },
    );
    await ui.screenshot('walkthrough');
    await ui.closeAllEditors();
  });
});
