// UI smoke test: the workbench shows our activity bar icon, and clicking it opens the
// Voice AI Call Logs container, whose view shows content from the extension (the tree or,
// without a token, the welcome view with its buttons).
import * as assert from 'node:assert/strict';
import { workbench } from './helpers.mjs';

describe('workbench (UI)', function () {
  let ui;
  before(async function () {
    this.timeout(180_000);
    ui = await workbench();
  });

  it('opens the Voice AI Call Logs container from the activity bar', async function () {
    await ui.openViewContainer();
    const title = await ui.page.locator('.part.sidebar .composite.title').first().textContent();
    assert.match(title ?? '', /Voice AI Call Logs/i);
    const content = ui.sidebar().locator('.monaco-list-row, .welcome-view-content .monaco-button').first();
    await content.waitFor({ state: 'visible', timeout: 30_000 });
    await ui.screenshot('workbench-view-container');
  });
});
