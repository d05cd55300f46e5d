// Activation of the installed VSIX in a fresh code-server, as VS Code itself measures and logs
// it: used by the packaging test (checks) and by `npm run bench` (figures).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findExtensionHostLog, sleep } from './lib.mjs';

export const DISPLAY_NAME = 'Voice AI Call Logs';

/** User settings of a workbench in Restricted Mode without the trust prompt (code-server started with workspaceTrust). */
export const RESTRICTED_MODE_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
};

/** Runs a command through the palette, picking the row whose label is exactly `title`. */
export async function runCommand(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

/**
 * The activation time VS Code shows for the extension in "Developer: Show Running Extensions":
 * loading its code plus its activate() call, in ms.
 */
export async function activationMsShownByVsCode(page, { timeout = 30_000 } = {}) {
  await runCommand(page, 'Developer: Show Running Extensions');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row').filter({ hasText: DISPLAY_NAME }).first();
  await row.waitFor({ state: 'visible', timeout });
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = ((await row.locator('.activation-time, .activationTime').first().textContent().catch(() => '')) ?? '').trim();
    const m = /Activation:\s*(\d+)\s*ms/i.exec(text) ?? /(\d+)\s*ms/.exec(text);
    if (m) {
      await page.keyboard.press('Escape');
      await runCommand(page, 'View: Close All Editors');
      return Number(m[1]);
    }
    if (Date.now() > deadline) throw new Error(`no activation time in the Running Extensions row: ${JSON.stringify((await row.textContent()) ?? '')}`);
    await sleep(250);
  }
}

/** Waits until the extension host log says the extension was activated; returns the log text. */
export async function waitForActivationInLog(run, extensionId, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let log = '';
  while (Date.now() < deadline) {
    const file = findExtensionHostLog(run);
    log = file ? fs.readFileSync(file, 'utf8') : '';
    if (log.includes(`_doActivateExtension ${extensionId}`)) return log;
    await sleep(500);
  }
  throw new Error(`no activation of ${extensionId} in the extension host log`);
}

/**
 * Problems an extension host log reports about the extension: `[error]` entries (the line and
 * the stack lines after it) that name it or its install folder, and VS Code's deprecation
 * warnings (logged only for an extension loaded for development, e.g. PendingMigrationError
 * when it reads the global `navigator`).
 */
export function problemsOfExtension(log, extensionId, installDir) {
  const entries = [];
  let current;
  for (const line of log.split('\n')) {
    if (/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d/.test(line)) {
      current = /\[error\]|\[Deprecation Warning\]/i.test(line) ? [line] : undefined;
      if (current) entries.push(current);
    } else if (current) {
      current.push(line);
    }
  }
  const needles = [extensionId, installDir && path.basename(installDir)].filter(Boolean);
  return entries.map((e) => e.join('\n')).filter((text) => /\[Deprecation Warning\]/i.test(text) || needles.some((n) => text.includes(n)));
}
