// VS Code conventions in the real workbench: Open Call Details lists the recent calls, filters
// them as one types and still opens a pasted id.
import * as assert from 'node:assert/strict';
import { workbench } from './helpers.mjs';

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
});
