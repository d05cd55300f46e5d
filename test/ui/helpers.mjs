// UI test helpers: Playwright against the real VS Code workbench (code-server + headless
// Chromium), with the extension loaded for development and the local API server running.
//
// Write tests as `test/ui/<area>*.ui.mjs` (mocha bdd: describe/it/before/after are globals).
// Run them with `npm run test:ui` (all), or `UI_GREP=sidebar npm run test:ui`.
// One workbench is shared by every UI test file of a run (started on first use, stopped by
// the runner), so leave it tidy: close what you opened (`ui.closeAllEditors()`).
//
//   import { workbench } from './helpers.mjs';
//   describe('sidebar', function () {
//     let ui;
//     before(async function () { ui = await workbench(); });
//     it('lists the agents', async function () {
//       await ui.setToken(ui.api.token);               // runs "Voice AI: Set API Token" via the palette
//       await ui.openViewContainer();                   // clicks our activity bar icon
//       const row = await ui.waitForTreeRow(/Booking/); // a Locator of the first matching row
//       await ui.screenshot('sidebar-agents');          // test/.runs/screenshots/sidebar-agents.png
//     });
//   });
//
// `await workbench()` → ui, with:
//   ui.page                     Playwright Page of the workbench
//   ui.api                      the local API server (ApiServer from test/api-server/server.ts:
//                               baseUrl, token, locationId, requests, clearRequests(), setFaults(), data);
//                               it also accepts NARROW_TOKEN, which lacks conversations/message.readonly
//   ui.run                      folders of this run ({ logs, scratch, userDataDir, workspace, ... }; lib.mjs makeRunDir)
//   ui.openViewContainer()      shows the "Voice AI Call Logs" container (no-op if already shown)
//   ui.sidebar()                Locator of the side bar (e.g. its welcome view buttons)
//   ui.treeRows()               → [{ text, label, level, expanded, selected }] of the sidebar rows
//   ui.treeRow(textOrRegExp)    → Locator of the first sidebar row matching
//   ui.waitForTreeRow(t, {timeout}) → the Locator, once visible
//   ui.waitForAgentRow(t, {timeout}) → the same for an agent's (root) row only
//   ui.expandTreeRow(t, {timeout})  expands a row unless it already is
//   ui.clickTreeRow(t)          clicks it (toggles an agent, opens a call)
//   ui.runCommand(title)        F1, types the title (e.g. 'Voice AI: Refresh'), picks the exact match
//   ui.quickInput(text)         fills the open input box / quick pick filter and presses Enter
//   ui.quickPickItems()         → labels of the open quick pick's rows
//   ui.pickQuickItem(label)     clicks the quick pick row with that label (string or RegExp)
//   ui.notifications()          → texts of the visible notification toasts
//   ui.waitForNotification(re, {timeout}) → the text of the first toast matching
//   ui.clearNotifications()
//   ui.chooseFromContextMenu(row, label)  right-click a row (Locator), choose the menu item
//   ui.webview()                FrameLocator of the visible webview panel's content (the
//                               last visible iframe.webview.ready, then its #active-frame)
//   ui.screenshot(name, locator?) saves test/.runs/screenshots/<name>.png (whole page or a
//                               Locator), returns its path
//   ui.screenshotIfFailed(this.currentTest, prefix)  in afterEach: <prefix>-failed-<title>.png
//   ui.setSettings({...})       merges into User/settings.json (e.g. {'voiceAi.timeZone': 'UTC'});
//                               the workbench reloads settings from the file
//   ui.showAgents()             the sidebar open, the server's token set, the agents listed
//   ui.setToken(token)          "Voice AI: Set API Token" through the palette, typing the token
//   ui.closeAllEditors()
//   ui.reload()                 reloads the workbench page and waits until our icon is back
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import {
  ROOT,
  SCREENSHOTS_DIR,
  launchBrowser,
  makeRunDir,
  onCleanup,
  remoteAuthority,
  startCodeServer,
  workbenchUrl,
  writeUserSettings,
} from '../harness/lib.mjs';

const require = createRequire(import.meta.url);
export const VIEW_CONTAINER_TITLE = 'Voice AI Call Logs';
/** Every UI test sees times in this zone (not the machine's), so that the conversion shows. */
export const UI_TIME_ZONE = 'America/Chicago';
/** A token the UI tests' API server accepts without the scope conversations/message.readonly. */
export const NARROW_TOKEN = 'pit-ui-voice-ai-only-5c1d9e20';
const ACTIVITY_ICON = `.activitybar [aria-label^="${VIEW_CONTAINER_TITLE}"]`;
const SIDEBAR_ROWS = '.part.sidebar .monaco-list-row';

let session;
let spanishSession;

/** The shared workbench of this UI test run (started on first call). */
export function workbench() {
  session ??= startWorkbench().catch((err) => {
    session = undefined;
    throw err;
  });
  return session;
}

/**
 * A second workbench whose display language is Spanish (a stub language pack registered in its
 * user-data-dir, see registerStubLanguagePack), with its own API server and no token yet.
 * `stop()` ends it; otherwise the runner's clean-up does.
 */
export function spanishWorkbench() {
  spanishSession ??= startWorkbench({ locale: 'es', label: 'ui-es' }).catch((err) => {
    spanishSession = undefined;
    throw err;
  });
  return spanishSession;
}

/** Whether a workbench was started in this process (the runner uses it to report paths). */
export function workbenchStarted() {
  return session !== undefined;
}

export function loadApiServerModule() {
  const file = path.join(ROOT, 'out', 'test', 'api-server', 'server.js');
  if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`npm run compile-tests\`.`);
  return require(file);
}

async function startWorkbench({ locale, label = 'ui' } = {}) {
  const run = makeRunDir(label);
  const { startApiServer, SCOPES } = loadApiServerModule();
  // A second token, as a Private Integration made before recordings were wanted: the voice-AI scopes only.
  const api = await startApiServer({ port: 0, tokens: { [NARROW_TOKEN]: [SCOPES.callLogs, SCOPES.agents] } });
  onCleanup(() => api.stop());
  // The zone is set before the workbench starts: a settings file written later is picked up
  // whenever VS Code's watcher notices, and a test that reads the zone right away can lose the race.
  // The local store and the watch (requests of their own) are off as in the integration suite;
  // store.ui.mjs turns them on.
  writeUserSettings(run, {
    'voiceAi.baseUrl': api.baseUrl,
    'voiceAi.locationId': api.locationId,
    'voiceAi.timeZone': UI_TIME_ZONE,
    'voiceAi.store.enabled': false,
    'voiceAi.watch.intervalSeconds': 0,
  });
  const server = await startCodeServer(run, { locale });
  const authority = await remoteAuthority(server.baseUrl);
  const { page } = await launchBrowser(run);
  page.on('pageerror', (err) => fs.appendFileSync(path.join(run.logs, 'page-errors.log'), `${err.stack ?? err}\n`));
  const url = workbenchUrl(server.baseUrl, { folder: run.workspace, authority, extensionDevelopmentPath: ROOT });
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const ui = new Workbench(page, api, run, server, url);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await ui.waitUntilReady();
  ui.stop = async () => {
    await page.context().browser()?.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
    await api.stop().catch(() => undefined);
  };
  return ui;
}

class Workbench {
  constructor(page, api, run, server, url) {
    this.page = page;
    this.api = api;
    this.run = run;
    this.server = server;
    this.url = url;
  }

  /** Waits until the workbench is up and our extension contributed its activity bar icon. */
  async waitUntilReady(timeout = 90_000) {
    await this.page.locator('.monaco-workbench').waitFor({ timeout });
    await this.page.locator(ACTIVITY_ICON).first().waitFor({ timeout });
  }

  async reload() {
    await this.page.reload({ waitUntil: 'domcontentloaded' });
    await this.waitUntilReady();
  }

  /**
   * Clicks our activity bar icon unless the container is already showing; waits for its title.
   * The icon toggles: right after a reload the workbench may still be restoring the sidebar when
   * we look, and our click then closes it. So look again, and click again if it is hidden.
   */
  async openViewContainer() {
    const icon = this.page.locator(ACTIVITY_ICON).first();
    await icon.waitFor();
    const title = this.page.locator('.part.sidebar .composite.title').filter({ hasText: new RegExp(VIEW_CONTAINER_TITLE, 'i') }).first();
    for (let attempt = 1; ; attempt++) {
      if (await title.isVisible().catch(() => false)) return;
      await icon.click();
      try {
        await title.waitFor({ state: 'visible', timeout: 5_000 });
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  /** The sidebar's content area (tree or welcome view) of our container. */
  sidebar() {
    return this.page.locator('.part.sidebar');
  }

  async treeRows() {
    return this.page.locator(SIDEBAR_ROWS).evaluateAll((rows) =>
      rows.map((r) => ({
        text: (r.textContent ?? '').trim(),
        label: r.getAttribute('aria-label') ?? '',
        level: Number(r.getAttribute('aria-level') ?? 0),
        expanded: r.getAttribute('aria-expanded') === null ? undefined : r.getAttribute('aria-expanded') === 'true',
        selected: r.getAttribute('aria-selected') === 'true',
      })),
    );
  }

  treeRow(pattern) {
    return this.page.locator(SIDEBAR_ROWS).filter({ hasText: pattern }).first();
  }

  async waitForTreeRow(pattern, { timeout = 20_000 } = {}) {
    const row = this.treeRow(pattern);
    await row.waitFor({ state: 'visible', timeout });
    return row;
  }

  /** An agent's row (a root): a call row under "All calls" names its agent too. */
  async waitForAgentRow(pattern, { timeout = 20_000 } = {}) {
    const row = this.page.locator(`${SIDEBAR_ROWS}[aria-level="1"]`).filter({ hasText: pattern }).first();
    await row.waitFor({ state: 'visible', timeout });
    return row;
  }

  /** Expands a row unless it already is (the tree restores the lists left open across reloads). */
  async expandTreeRow(pattern, options) {
    return this.keepExpanded(await this.waitForTreeRow(pattern, options), String(pattern));
  }

  /** Expands an agent's root row (not a call row naming it under an open All calls) and keeps it open. */
  async expandAgentRow(pattern, options) {
    return this.keepExpanded(await this.waitForAgentRow(pattern, options), String(pattern));
  }

  /**
   * Makes a row show expanded and stay so. A list the tree is restoring open shows expanded only once its
   * calls came, so a row that reads collapsed may be opening: a click then closes it (CI failed this way).
   * Clicked only when it still reads collapsed a moment later, then again if it did not open.
   */
  async keepExpanded(row, what) {
    const expanded = async (ms) => {
      for (const deadline = Date.now() + ms; Date.now() < deadline; await this.page.waitForTimeout(200)) {
        if ((await row.getAttribute('aria-expanded')) === 'true') return true;
      }
      return false;
    };
    for (let attempt = 0; !(await expanded(attempt === 0 ? 3_000 : 10_000)); attempt++) {
      if (attempt === 3) throw new Error(`the row ${what} did not stay open`);
      await row.click();
    }
    return row;
  }

  async clickTreeRow(pattern, options) {
    const row = await this.waitForTreeRow(pattern, options);
    await row.click();
    return row;
  }

  async runCommand(title) {
    const { page } = this;
    const input = page.locator('.quick-input-widget input');
    // Pick the row whose label is exactly the title, so "Filter Calls" never runs "Filter Calls (filter active)".
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    const exact = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(title)}\\s*$`) }) }).first();
    // A palette opened right after a reload, before the extensions' contributions are read, lists
    // only VS Code's own commands and does not refresh (CI failed once this way): open it again.
    // Twice at most, 5 s each: as long in all as the one wait before (cleanup hooks run commands that
    // may be hidden and expect a failure).
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      if (await exact.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) break;
      if (attempt === 2) throw new Error(`the command palette does not list "${title}"`);
    }
    await exact.click();
    // The palette's widget is reused by an InputBox/QuickPick the command opens: wait until the
    // palette's own text is gone, or text typed next can land in the palette before it is replaced.
    await page.waitForFunction(
      (typed) => {
        const el = document.querySelector('.quick-input-widget input');
        return !el || el.offsetParent === null || el.value !== typed;
      },
      `>${title}`,
      { timeout: 10_000 },
    );
  }

  async quickInput(text, { submit = true } = {}) {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    // An input that opened just now can reset its value after our fill: type again until it holds.
    for (let attempt = 0; attempt < 3 && (await input.inputValue()) !== text; attempt++) {
      await this.page.waitForTimeout(100);
      await input.fill(text);
    }
    if (submit) await input.press('Enter');
  }

  async quickPickItems() {
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    await rows.first().waitFor({ state: 'visible' });
    return rows.evaluateAll((els) => els.map((e) => (e.querySelector('.label-name')?.textContent ?? e.textContent ?? '').trim()));
  }

  async pickQuickItem(label) {
    const pattern = typeof label === 'string' ? new RegExp(`^\\s*${escapeRe(label)}\\s*$`) : label;
    const row = this.page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: pattern }) })
      .first();
    await row.click();
  }

  async notifications() {
    return this.page.locator('.notifications-toasts .notification-list-item').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
  }

  async waitForNotification(pattern, { timeout = 20_000 } = {}) {
    const toast = this.page.locator('.notifications-toasts .notification-list-item').filter({ hasText: pattern }).first();
    await toast.waitFor({ state: 'visible', timeout });
    return ((await toast.textContent()) ?? '').trim();
  }

  /** Right-clicks `row` and chooses the context menu item `label` (with the keyboard: a mouse-up right after the menu opened is ignored by the workbench). */
  async chooseFromContextMenu(row, label) {
    await row.click({ button: 'right' });
    const item = this.page.locator('.context-view .monaco-menu .action-label', { hasText: label }).first();
    await item.waitFor({ state: 'visible' });
    await item.hover();
    await this.page.keyboard.press('Enter');
  }

  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  async closeAllEditors() {
    await this.runCommand('View: Close All Editors');
  }

  /**
   * The content frame of the webview panel on screen. Panels in background tabs keep their
   * (hidden) iframes in the DOM, so pick the last VISIBLE one, not merely the last.
   */
  webview() {
    return this.page.locator('iframe.webview.ready').filter({ visible: true }).last().contentFrame().locator('#active-frame').contentFrame();
  }

  /** In an afterEach: a screenshot named after the test when it failed (for the CI log). */
  async screenshotIfFailed(test, prefix) {
    if (test?.state === 'failed') await this.screenshot(`${prefix}-failed-${test.title.slice(0, 40)}`).catch(() => undefined);
  }

  async screenshot(name, locator) {
    const file = path.join(SCREENSHOTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    if (locator) await locator.screenshot({ path: file });
    else await this.page.screenshot({ path: file });
    return file;
  }

  setSettings(settings) {
    return writeUserSettings(this.run, settings);
  }

  /** The sidebar open with the local API server's token set, the agents listed ("All calls" shown). */
  async showAgents() {
    await this.openViewContainer();
    await this.setToken(this.api.token);
    await this.waitForTreeRow(/^All calls/, { timeout: 30_000 });
  }

  async setToken(token) {
    await this.runCommand('Voice AI: Set API Token');
    await this.quickInput(token);
    // The command checks the token with one request and closes the box when it is saved.
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 20_000 });
  }
}

/** Spaces of any kind as one plain space (Intl writes narrow and thin ones). */
export function plain(s) {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

/** Two civil days (YYYY-MM-DD) as `language` writes a range of them ("Mar 1 – 8, 2026"), in plain spaces. */
export function dayRangeWords(language, from, to) {
  const date = (day) => {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d));
  };
  const f = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  return plain(from === to ? f.format(date(from)) : f.formatRange(date(from), date(to)));
}

/** The dashboard's range picker set to custom dates: "custom" chosen, both dates filled, `apply` pressed. */
export async function pickCustomRange(frame, from, to, apply) {
  await frame.locator('select').selectOption('custom');
  await frame.locator('input[type="date"]').first().fill(from);
  await frame.locator('input[type="date"]').last().fill(to);
  await frame.getByRole('button', { name: apply }).click();
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
