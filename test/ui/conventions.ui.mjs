// VS Code conventions in the real workbench: Open Call Details lists the recent calls, filters
// them as one types and still opens a pasted id; Open Contact in CRM from a call's context menu
// opens the browser at the contact's page under voiceAi.appUrl; a walkthrough step is ticked when
// its command runs.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { workbench } from './helpers.mjs';

// The CRM's address in voiceAi.appUrl: https as a real one (VS Code hands http://127.0.0.1 links to
// its port forwarding, which rewrites them). The name never resolves: Playwright answers every
// request for it from a server on 127.0.0.1, so nothing leaves the machine.
const CRM = 'https://crm.voice-ai.test';

describe('conventions (UI)', function () {
  this.timeout(120_000);
  let ui;

  before(async function () {
    this.timeout(180_000);
    ui = await workbench();
    // The workbench's file watcher notices a changed settings file some time later (once not
    // within 5 s): a reload reads it for sure.
    ui.setSettings({ 'voiceAi.appUrl': CRM });
    await ui.reload();
    await ui.showAgents();
  });

  afterEach(async function () {
    await ui.screenshotIfFailed(this.currentTest, 'conventions');
    await ui.page.keyboard.press('Escape');
  });

  after(async function () {
    ui.setSettings({ 'voiceAi.appUrl': undefined });
    await ui.closeAllEditors().catch(() => undefined);
    await ui.runCommand('Voice AI: Clear Filter').catch(() => undefined);
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

  /** A server on 127.0.0.1 that stands in for the CRM: a page naming the path it was asked for. */
  async function fakeCrm() {
    const paths = [];
    const server = http.createServer((req, res) => {
      paths.push(req.url);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>CRM</title><h1 id="path">${encodeURI(req.url ?? '')}</h1>`);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    return { paths, origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it('Open Contact in CRM opens the browser at the contact page under voiceAi.appUrl', async function () {
    const context = ui.page.context();
    const crm = await fakeCrm();
    // Every request for the CRM's name goes to the local server; anything else new pages ask for
    // (HighLevel's default address, if the setting were ignored) is refused and recorded.
    const elsewhere = [];
    let asked;
    const toCrm = async (route) => {
      const url = new URL(route.request().url());
      const response = await route.fetch({ url: `${crm.origin}${url.pathname}${url.search}` });
      await route.fulfill({ response });
    };
    const refuse = async (route) => {
      elsewhere.push(route.request().url());
      await route.abort();
    };
    await context.route((url) => url.origin === CRM, toCrm);
    await context.route((url) => url.protocol === 'https:' && url.origin !== CRM, refuse);
    try {
      // A call with a contact among the newest under "All calls": its caller number is the contact's phone.
      const rows = await ui.treeRows();
      const all = rows.find((r) => /^All calls/.test(r.text));
      assert.ok(all, 'the All calls row');
      if (!all.expanded) await ui.clickTreeRow(/^All calls/);
      await ui.waitForTreeRow(/Load more/, { timeout: 30_000 });
      const shown = (await ui.treeRows()).filter((r) => r.level === 2).map((r) => r.text);
      const byNumber = (n) => new Set(ui.api.data.callLogs.filter((c) => c.fromNumber === n).map((c) => c.contactId));
      const target = ui.api.data.callLogs.find((c) => c.contactId && c.fromNumber && shown.some((t) => t.includes(c.fromNumber)) && byNumber(c.fromNumber).size === 1);
      assert.ok(target, `a shown call whose caller is one contact (${shown.length} rows)`);
      const row = ui.page.locator('.part.sidebar .monaco-list-row[aria-level="2"]').filter({ hasText: target.fromNumber }).first();

      // Waited for from before the click: the browser opens the page as a new tab of this context.
      const opened = context.waitForEvent('page', { timeout: 60_000 });
      await ui.chooseFromContextMenu(row, 'Open Contact in CRM');
      // VS Code asks before opening a site the user has not trusted; Open, as a user would.
      const trust = ui.page.locator('.monaco-dialog-box').first();
      const first = await Promise.race([opened.then(() => 'page'), trust.waitFor({ state: 'visible', timeout: 60_000 }).then(() => 'dialog')]);
      if (first === 'dialog') {
        asked = ((await trust.textContent()) ?? '').trim();
        await trust.locator('.monaco-button', { hasText: /^Open$/ }).first().click();
      }
      const tab = await opened;
      const expected = `${CRM}/v2/location/${ui.api.locationId}/contacts/detail/${target.contactId}`;
      try {
        // The new tab starts blank, then loads the address (or fails to, when it is not the CRM's).
        await tab.waitForURL((u) => u.href !== 'about:blank', { timeout: 30_000 }).catch(() => undefined);
        assert.deepEqual(elsewhere, [], 'a page outside the CRM was asked for');
        assert.equal(tab.url(), expected);
        await tab.locator('#path', { hasText: new URL(expected).pathname }).waitFor({ state: 'visible', timeout: 30_000 });
      } finally {
        await tab.close().catch(() => undefined);
      }
      assert.deepEqual(crm.paths, [new URL(expected).pathname]);
      if (asked) assert.match(asked, /crm\.voice-ai\.test/, 'the trust dialog names the CRM');
    } finally {
      await context.unroute((url) => url.origin === CRM).catch(() => undefined);
      await context.unrouteAll({ behavior: 'ignoreErrors' }).catch(() => undefined);
      await crm.close();
    }
  });

  it('the walkthrough ticks its Filter step when Filter Calls runs from the view, with or without a filter set', async function () {
    const box = ui.page.locator('.gettingStartedContainer [data-done-step-id$="#filter"]').first();
    const ticked = () =>
      ui.page.waitForFunction(
        () => {
          const e = document.querySelector('.gettingStartedContainer [data-done-step-id$="#filter"]');
          return e?.getAttribute('aria-checked') === 'true' && e.classList.contains('complete');
        },
        undefined,
        { timeout: 15_000 },
      );
    const steps = ui.page.locator('.gettingStartedContainer button.getting-started-step');
    /** The walkthrough with no step done (earlier files and tests may have run the commands already; a reset shows the start page again). */
    const openFresh = async () => {
      await ui.runCommand('Developer: Reset Welcome Page Walkthrough Progress');
      await ui.runCommand('Welcome: Open Walkthrough...');
      await ui.quickInput('Get started with Voice AI Call Logs', { submit: false });
      await ui.pickQuickItem(/Get started with Voice AI Call Logs/);
      await steps.filter({ hasText: 'Filter the calls' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      // The step's checkbox: role checkbox, aria-checked and the class "complete" once done.
      assert.equal(await box.getAttribute('aria-checked'), 'false');
    };
    /** Waits until the Filter Calls step n is shown (steps replace each other in one widget). */
    const step = (n) => ui.page.locator('.quick-input-widget .quick-input-title', { hasText: `(${n}/6)` }).first().waitFor({ state: 'visible', timeout: 15_000 });

    await openFresh();
    assert.equal(await steps.count(), 6);

    // Run from the view's title bar, not the walkthrough's own link. (VS Code would tick this step
    // without its completionEvents too: it then listens for the command of the step's link.) The
    // container's only view: its actions sit in the side bar's title. Filtered to trial calls.
    await ui.openViewContainer();
    const action = (icon) => ui.page.locator(`.part.sidebar .title-actions .action-label.codicon-${icon}`).first();
    await action('filter').click();
    await step(1);
    await ui.pickQuickItem(/Keep as is/);
    await step(2);
    await ui.quickInput('');
    await step(3);
    await ui.pickQuickItem('Trial calls only');
    await step(4);
    await ui.page.locator('.quick-input-widget .quick-input-action .monaco-button', { hasText: 'OK' }).first().click();
    await step(5);
    await ui.pickQuickItem(/Keep as is/);
    await step(6);
    await ui.pickQuickItem(/Keep as is/);
    await ticked();
    // Only that step: the others wait for their own commands.
    const done = await ui.page.locator('.gettingStartedContainer [data-done-step-id][aria-checked="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-done-step-id')));
    assert.equal(done.length, 1, done.join(' '));
    await ui.screenshot('walkthrough', ui.page.locator('.part.editor'));

    // With a filter set the title bar holds "Filter Calls (filter active)", a command of its own,
    // which only the step's completionEvents name: the step ticks on it too.
    await openFresh();
    await action('filter-filled').click();
    await step(1);
    await ui.page.keyboard.press('Escape');
    await ticked();
  });
});
