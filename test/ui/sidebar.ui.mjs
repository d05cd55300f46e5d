// The Agents & Calls view as a user sees it in the real workbench: the welcome view without a
// token, sample data from its button, the tree after "Set API Token" (agents, an agent's
// calls), the filter through the multi-step QuickPick, and a screenshot of the populated tree.
import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ROOT } from '../harness/lib.mjs';
import { workbench } from './helpers.mjs';

const require = createRequire(import.meta.url);

const SIDEBAR = '.part.sidebar';

/** A name as a row shows it: on one line, cut at `max` with "…". */
function oneLine(text, max) {
  const flat = String(text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The texts of the rows under an agent's expanded row, once the last is its Load more (up to 30 s).
 * Its own rows only: All calls may be open too, since the tree restores the lists left open.
 */
async function agentChildren(ui, agentName) {
  let found = [];
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await ui.page.waitForTimeout(250)) {
    const rows = await ui.treeRows();
    const start = rows.findIndex((r) => r.level === 1 && r.expanded === true && r.text.startsWith(oneLine(agentName, 80)));
    found = [];
    for (let k = start + 1; start >= 0 && k < rows.length && rows[k].level === 2; k++) found.push(rows[k].text);
    if (/^Load more \(/.test(found.at(-1) ?? '')) break;
  }
  return found;
}

describe('sidebar (UI)', function () {
  this.timeout(120_000);
  let ui;

  before(async function () {
    this.timeout(180_000);
    ui = await workbench();
    // The files share one workbench: start without a token whatever an earlier file left.
    await ui.runCommand('Voice AI: Clear API Token').catch(() => undefined);
    await ui.clearNotifications();
    await ui.openViewContainer();
  });

  /** Waits until the Filter Calls step n is shown (steps replace each other in one widget). */
  async function step(n) {
    await ui.page.locator('.quick-input-widget .quick-input-title', { hasText: `(${n}/6)` }).first().waitFor({ state: 'visible', timeout: 15_000 });
  }

  async function acceptMultiSelect() {
    await ui.page.locator('.quick-input-widget .quick-input-action .monaco-button', { hasText: 'OK' }).first().click();
  }

  afterEach(async function () {
    await ui.screenshotIfFailed(this.currentTest, 'sidebar');
  });

  after(async function () {
    await ui.runCommand('Voice AI: Clear Filter').catch(() => undefined);
    await ui.runCommand('Voice AI: Stop Sample Data').catch(() => undefined);
    await ui.runCommand('Voice AI: Clear API Token').catch(() => undefined);
  });

  it('without a token shows the welcome view with working buttons', async function () {
    const welcome = ui.page.locator(`${SIDEBAR} .welcome-view-content`).first();
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await welcome.textContent()) ?? '', /Private Integration token/);
    const buttons = await welcome.locator('.monaco-button').allTextContents();
    assert.ok(buttons.some((b) => /Set API Token/.test(b)), buttons.join('|'));
    assert.ok(buttons.some((b) => /Try Sample Data/.test(b)), buttons.join('|'));
    await ui.screenshot('sidebar-welcome', ui.page.locator(SIDEBAR));
  });

  it('Try Sample Data (welcome button) fills the tree without any token', async function () {
    await ui.page.locator(`${SIDEBAR} .welcome-view-content .monaco-button`, { hasText: 'Try Sample Data' }).first().click();
    await ui.waitForTreeRow(/Sample data/, { timeout: 30_000 });
    await ui.waitForTreeRow(/^All calls/);
    await ui.runCommand('Voice AI: Stop Sample Data');
    await ui.page.locator(`${SIDEBAR} .welcome-view-content`).first().waitFor({ state: 'visible', timeout: 20_000 });
  });

  it('after Set API Token lists the agents; expanding one shows its calls', async function () {
    await ui.setToken(ui.api.token);
    const names = ui.api.data.agents.map((a) => a.agentName);
    await ui.waitForTreeRow(/^All calls/, { timeout: 30_000 });
    const first = [...names].sort((a, b) => a.localeCompare(b))[0];
    const rows = await ui.treeRows();
    for (const name of names.filter((n) => !/[<>]/.test(n))) {
      assert.ok(rows.some((r) => r.text.includes(name)), `agent row "${name}" in ${JSON.stringify(rows.map((r) => r.text))}`);
    }
    // Expand the first agent (markup in a name shows as text, so match its start). An earlier file may
    // have left it open and the tree restores it so: clicked only if it does not open by itself.
    // Its root row: a call row under an open "All calls" names its agent too.
    await ui.expandAgentRow(first.slice(0, 12), { timeout: 30_000 });
    const children = await agentChildren(ui, first);
    const calls = children.filter((t) => /·/.test(t) && !/^Load more/.test(t));
    assert.ok(calls.length >= 1, JSON.stringify(children));
    // A call row: caller and time, then duration (e.g. "3m 02s").
    assert.match(calls[0], /\d+(m \d{2})?s/);
    // Widen the side bar so that descriptions (duration · actions) show in the screenshot.
    const box = await ui.page.locator(SIDEBAR).boundingBox();
    if (box) {
      await ui.page.mouse.move(box.x + box.width + 2, box.y + box.height / 2);
      await ui.page.mouse.down();
      await ui.page.mouse.move(box.x + 620, box.y + box.height / 2, { steps: 8 });
      await ui.page.mouse.up();
    }
    const file = await ui.screenshot('sidebar-populated-tree');
    console.log(`[sidebar] screenshot ${file}`);
  });

  it('shows the populated view in the workbench: the agents, an agent\'s newest calls and Load more', async function () {
    // What the user reads in the tree's DOM, against the server's own data.
    if (!(await ui.treeRow(/^All calls/).isVisible().catch(() => false))) await ui.setToken(ui.api.token);
    await ui.waitForTreeRow(/^All calls/, { timeout: 30_000 });
    const agents = [...ui.api.data.agents].sort((a, b) => String(a.agentName ?? '').localeCompare(String(b.agentName ?? '')));
    const top = (await ui.treeRows()).filter((r) => r.level === 1);
    assert.match(top[0].text, /^All calls/, JSON.stringify(top.map((r) => r.text)));
    const agentRows = top.slice(1);
    assert.equal(agentRows.length, agents.length, `agent rows: ${JSON.stringify(agentRows.map((r) => r.text))}`);
    agents.forEach((agent, i) => {
      assert.ok(agentRows[i].text.startsWith(oneLine(agent.agentName, 80)), `row ${i + 1}: "${agentRows[i].text}" is not agent "${agent.agentName}"`);
    });

    // The first agent expanded: its newest calls, newest first, then Load more with the server's total.
    const first = agents[0];
    await ui.expandAgentRow(oneLine(first.agentName, 80).slice(0, 12));
    const { selectCallLogs } = require(path.join(ROOT, 'out/test/api-server/routes.js'));
    const ids = selectCallLogs(ui.api.sample, { agentId: first.id });
    const expected = ids.slice(0, 10).map((i) => ui.api.sample.callLog(i));
    const children = await agentChildren(ui, first.agentName);
    const callRows = children.filter((t) => !/^Load more/.test(t));
    assert.equal(callRows.length, expected.length, `call rows under ${first.agentName}: ${JSON.stringify(children)}`);
    expected.forEach((call, k) => {
      const caller = oneLine(call.fromNumber || 'Unknown caller', 40);
      const d = Math.round(call.duration);
      const duration = d >= 3600 ? `${Math.floor(d / 3600)}h` : d >= 60 ? `${Math.floor(d / 60)}m ${String(d % 60).padStart(2, '0')}s` : `${d}s`;
      assert.ok(callRows[k].startsWith(`${caller} · `), `call row ${k + 1} "${callRows[k]}" is not from ${caller}`);
      assert.ok(callRows[k].includes(duration), `call row ${k + 1} "${callRows[k]}" lacks its duration ${duration}`);
    });
    assert.equal(children.at(-1), `Load more (${expected.length} of ${ids.length.toLocaleString('en-US')})`);
  });

  it('Filter Calls through the QuickPick: keep, pick, skip; the view says the filter, the icon fills, both survive a reload', async function () {
    await ui.runCommand('Voice AI: Filter Calls');
    await step(1);
    await ui.pickQuickItem(/Keep as is/); // agent
    await step(2);
    await ui.quickInput(''); // contact ids: any
    await step(3);
    await ui.pickQuickItem('Trial calls only'); // call type
    await step(4);
    await acceptMultiSelect(); // action types: as selected (none)
    await step(5);
    await ui.pickQuickItem(/Keep as is/); // date range
    await step(6);
    await ui.pickQuickItem(/Keep as is/); // sort
    // The filter in words above the rows, and the rows reloaded under it.
    await ui.page.locator(`${SIDEBAR} .message`, { hasText: 'Filter: trial calls' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    let rows = [];
    const deadline = Date.now() + 20_000;
    for (;;) {
      rows = (await ui.treeRows()).filter((r) => r.level === 2 && /·/.test(r.text));
      if (rows.length > 0 && rows.every((r) => /trial/.test(r.text))) break;
      if (Date.now() > deadline) {
        const asked = ui.api.requests.filter((r) => r.path.endsWith('/call-logs')).map((r) => r.query);
        assert.fail(`rows not reloaded under the filter: ${JSON.stringify(rows.map((r) => r.text))}; requests: ${JSON.stringify(asked.slice(-3))}`);
      }
      await ui.page.waitForTimeout(250);
    }
    await ui.page.locator(`${SIDEBAR} .codicon-filter-filled`).first().waitFor({ state: 'visible', timeout: 10_000 });
    await ui.screenshot('sidebar-filtered');
    // The filter (workspace state) and the token (SecretStorage) survive a reload of the window.
    await ui.reload();
    await ui.openViewContainer();
    await ui.page.locator(`${SIDEBAR} .message`, { hasText: 'Filter: trial calls' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await ui.page.locator(`${SIDEBAR} .codicon-filter-filled`).first().waitFor({ state: 'visible', timeout: 10_000 });
    await ui.runCommand('Voice AI: Clear Filter');
    await ui.page.locator(`${SIDEBAR} .codicon-filter-filled`).first().waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('refuses an invalid custom date in the input box with a message', async function () {
    await ui.runCommand('Voice AI: Filter Calls');
    await step(1);
    await ui.pickQuickItem(/Keep as is/);
    await step(2);
    await ui.quickInput('');
    await step(3);
    await ui.pickQuickItem(/Keep as is/);
    await step(4);
    await acceptMultiSelect();
    await step(5);
    await ui.pickQuickItem(/Custom range/);
    await ui.page.locator('.quick-input-widget', { hasText: 'First day' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await ui.quickInput('2026-02-30', { submit: false });
    const message = ui.page.locator('.quick-input-widget .quick-input-message');
    await message.filter({ hasText: /not a date/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await ui.page.keyboard.press('Escape');
  });
});
