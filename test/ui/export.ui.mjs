// Export as a user does it: the palette command, the picker that says how many calls and where
// they can go, and the untitled JSON editor with the document.
import * as assert from 'node:assert/strict';
import { workbench } from './helpers.mjs';

describe('export (UI)', function () {
  this.timeout(120_000);
  let ui;

  before(async function () {
    this.timeout(180_000);
    ui = await workbench();
    await ui.openViewContainer();
    await ui.setToken(ui.api.token);
  });

  afterEach(async function () {
    await ui.screenshotIfFailed(this.currentTest, 'export');
  });

  after(async function () {
    // The untitled document is dirty: close it without the save prompt.
    await ui.runCommand('View: Revert and Close Editor').catch(() => undefined);
    await ui.runCommand('Voice AI: Clear API Token').catch(() => undefined);
  });

  it('Export Calls to JSON: the picker says how many calls, and too many for an editor go to a file', async function () {
    const total = ui.api.data.callLogs.length;
    assert.ok(total > 2000, 'more calls than voiceAi.export.editorMaxCalls (2,000)');
    await ui.runCommand('Voice AI: Export Calls to JSON');
    await ui.page
      .locator('.quick-input-widget .quick-input-title', { hasText: `Export ${total.toLocaleString('en-US')} calls to JSON` })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    assert.deepEqual(await ui.quickPickItems(), ['Save to a File…']);
    const row = ui.page.locator('.quick-input-widget .monaco-list-row').first();
    assert.match((await row.textContent()) ?? '', /Too many for an editor \(more than 2,000, setting voiceAi\.export\.editorMaxCalls\)/);
    await ui.page.keyboard.press('Escape');
  });

  it("an agent's context menu exports its calls to an untitled JSON editor", async function () {
    const agent = ui.api.data.agents[0];
    const calls = ui.api.data.callLogs.filter((c) => c.agentId === agent.id).length;
    const row = await ui.waitForAgentRow(agent.agentName);
    await ui.chooseFromContextMenu(row, "Export Agent's Calls to JSON");
    await ui.page
      .locator('.quick-input-widget .quick-input-title', { hasText: `Export ${calls.toLocaleString('en-US')} calls to JSON` })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    await ui.pickQuickItem(/Open in an Editor/);

    // The tab is named as the file it would be saved as.
    await ui.page.locator('.tabs-container .tab', { hasText: /^voice-ai-calls-.+\.json/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const lines = ui.page.locator('.editor-instance .view-lines').first();
    await lines.filter({ hasText: '"exportedAt"' }).waitFor({ state: 'visible', timeout: 20_000 });
    // Monaco renders non-breaking spaces for indentation.
    const head = (await lines.innerText()).replace(/\u00a0/g, ' ');
    assert.match(head, new RegExp(`"agentId": "${agent.id}"`));
    assert.match(head, new RegExp(`"total": ${calls},`));
    assert.ok(!head.includes(ui.api.token), 'no token in the document');
    await ui.screenshot('export-editor');
  });

  it('Ctrl+S on the export asks where to save it (it belongs to no file), proposing its name', async function () {
    const tab = ui.page.locator('.tabs-container .tab', { hasText: /^voice-ai-calls-.+\.json/ }).first();
    const name = ((await tab.textContent()) ?? '').trim().match(/voice-ai-calls-[^\s]+?\.json/)?.[0];
    assert.ok(name, 'the export is open');
    assert.match((await tab.getAttribute('class')) ?? '', /\bdirty\b/, 'unsaved: closing it would ask');
    await ui.page.locator('.editor-instance .view-lines').first().click();
    await ui.page.keyboard.press('Control+S');
    // The Save As dialog (in the browser, VS Code's own file dialog) with the export's name.
    const input = ui.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    // The dialog fills in the proposed path once it has listed the folder.
    let proposed = '';
    for (let i = 0; i < 100 && !proposed.endsWith('.json'); i++) {
      proposed = await input.inputValue();
      await ui.page.waitForTimeout(100);
    }
    assert.ok(proposed.endsWith(`/${name}`), `proposes ${proposed}`);
    await ui.screenshot('export-save-as');
    await ui.page.keyboard.press('Escape');
    assert.match((await tab.getAttribute('class')) ?? '', /\bdirty\b/, 'not saved');
  });
});
