// The call's recording in the real workbench: Play loads and plays it (the position advances), a
// click on a sentence seeks to its start and the highlight follows, the speed changes, a call
// without a recording says why (no message id, none on the server, a token without the scope), the
// token and the API's address never reach the webview (DOM or messages), a screenshot of the player,
// and the bench's recordingFirstSoundMs (Play to sound, 5 MB, 150 ms latency).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../harness/lib.mjs';
import { NARROW_TOKEN, workbench } from './helpers.mjs';

describe('call recording (UI)', function () {
  this.timeout(180_000);
  let ui;

  before(async function () {
    this.timeout(240_000);
    ui = await workbench();
    await ui.showAgents();
  });

  afterEach(async function () {
    await ui.screenshotIfFailed(this.currentTest, 'recording');
    ui.api.setFaults({});
    await ui.page.keyboard.press('Escape').catch(() => undefined);
    await ui.closeAllEditors().catch(() => undefined);
  });

  /** The index of the first sample call that passes `test` (plain text only: hostile strings are for other tests). */
  function callWhere(test) {
    const { sample } = ui.api;
    for (let i = 0; i < sample.count; i++) {
      const call = sample.callLog(i);
      if (/[<>]/.test(call.transcript) || /[\u0590-\u08ff]/.test(call.transcript)) continue;
      if (test(call, i)) return { i, call };
    }
    throw new Error('no such call in the sample data');
  }

  async function openCall(callId) {
    await ui.runCommand('Voice AI: Open Call Details');
    await ui.quickInput(callId);
    const frame = ui.webview();
    await frame.locator('main[aria-busy="false"] #recording .player').waitFor({ state: 'visible', timeout: 30_000 });
    return frame;
  }

  /** Polls `read` until `ok(value)`; returns the last value. Evidence, not a fixed sleep. */
  async function until(read, ok, { timeout = 20_000, what = 'condition' } = {}) {
    const deadline = Date.now() + timeout;
    let value;
    for (;;) {
      value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline) assert.fail(`${what} not reached within ${timeout} ms (last: ${JSON.stringify(value)})`);
      await ui.page.waitForTimeout(100);
    }
  }

  const audio = (frame) => frame.locator('#recording audio').evaluate((a) => ({ t: a.currentTime, paused: a.paused, rate: a.playbackRate, src: a.src }));
  const current = (frame) =>
    frame.locator('#recording li.sentence.current').evaluateAll((els) => els.map((e) => Number(e.dataset.index)));

  it('plays: the position advances, a click on a sentence seeks to its start, the highlight follows and stays in view', async function () {
    const { call } = callWhere((c, i) => ui.api.sample.hasRecording(i) && c.duration >= 90 && c.duration <= 400 && c.transcript.split('\n').length >= 8);
    const frame = await openCall(call.id);
    // Every message the webview gets from now on, as text (bytes as their length).
    await frame.locator('body').evaluate(() => {
      window.__messages = [];
      window.addEventListener('message', (e) => {
        window.__messages.push(JSON.stringify(e.data, (_k, v) => (v instanceof Uint8Array ? `<${v.byteLength} bytes>` : v)));
      });
    });
    ui.api.clearRequests();
    assert.match((await frame.locator('#recording .player-time').textContent()) ?? '', /^0:00 \//);
    await frame.locator('#recording').getByRole('button', { name: 'Play', exact: true }).click();
    const playing = await until(() => audio(frame), (a) => !a.paused && a.t > 1.2, { what: 'the audio playing', timeout: 30_000 });
    assert.match(playing.src, /^blob:/, 'plays from a blob made in the webview');
    assert.doesNotMatch((await frame.locator('#recording .player-time').textContent()) ?? '', /^0:00 \//, 'the position shown advanced');
    const paths = ui.api.requests.map((r) => r.path);
    assert.ok(paths.some((p) => p.endsWith(`/messages/${call.messageId}/transcription`)), paths.join(' '));
    assert.ok(paths.some((p) => p.startsWith(`/conversations/messages/${call.messageId}/`)), paths.join(' '));

    const sentences = frame.locator('#recording li.sentence');
    const count = await sentences.count();
    assert.ok(count >= 6, `a timed transcript (${count} sentences)`);
    const speakers = new Set(await sentences.evaluateAll((els) => els.map((e) => e.dataset.speaker)));
    assert.deepEqual([...speakers].sort(), ['agent', 'caller'], 'the channels are told apart');
    assert.equal(await sentences.first().getAttribute('data-speaker'), 'agent', 'the agent greets first');
    await until(() => current(frame), (c) => c.length === 1, { what: 'a highlighted sentence' });

    // A click on a sentence seeks to its start; the highlight moves to it.
    const target = sentences.nth(4);
    const startMs = Number(await target.getAttribute('data-start-ms'));
    await target.click();
    const after = await audio(frame);
    assert.ok(after.t * 1000 >= startMs - 50 && after.t * 1000 < startMs + 1500, `seeked to ${startMs} ms, at ${Math.round(after.t * 1000)} ms`);
    await until(() => current(frame), (c) => c[0] === 4, { what: 'sentence 4 highlighted' });

    // Far down the list: highlighted and scrolled into the transcript's view.
    const last = sentences.nth(count - 2);
    await frame.locator('#recording .player-seek').evaluate((input, ms) => {
      input.value = String(ms / 1000);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, Number(await last.getAttribute('data-start-ms')));
    await until(() => current(frame), (c) => c[0] >= count - 2, { what: 'the highlight following the position' });
    const box = await frame.locator('#recording ol.timed-transcript').boundingBox();
    const item = await frame.locator('#recording li.sentence.current').boundingBox();
    assert.ok(item.y >= box.y - 1 && item.y + item.height <= box.y + box.height + 1, `the current sentence is in view (${JSON.stringify({ box, item })})`);

    // Speed and pause.
    await frame.getByRole('button', { name: 'Speed 2×', exact: true }).click();
    assert.equal((await audio(frame)).rate, 2);
    assert.equal(await frame.getByRole('button', { name: 'Speed 2×', exact: true }).getAttribute('aria-pressed'), 'true');
    await frame.locator('#recording').getByRole('button', { name: 'Pause', exact: true }).click();
    await until(() => audio(frame), (a) => a.paused, { what: 'paused' });

    // An action marker on the recording's axis seeks to the action's time.
    const markers = frame.locator('#recording .player-marker');
    if ((await markers.count()) > 0) {
      const action = call.executedCallActions[0];
      const offsetMs = Date.parse(action.triggerReceivedAt) - Date.parse(call.createdAt);
      await markers.first().click();
      const at = await until(() => audio(frame), (a) => !a.paused, { what: 'playing from the marker' });
      assert.ok(Math.abs(at.t * 1000 - offsetMs) < 1500, `the marker seeks to the action (${offsetMs} ms), at ${Math.round(at.t * 1000)} ms`);
    }

    // The token and the API's address: nowhere in the webview's DOM, nor in what it was sent.
    const html = await frame.locator('html').evaluate((e) => e.outerHTML);
    const messages = await frame.locator('body').evaluate(() => window.__messages.join('\n'));
    assert.match(messages, /"kind":"chunk","bytes":"<\d+ bytes>"/, 'the audio came as bytes');
    for (const secret of [ui.api.token, ui.api.baseUrl, `127.0.0.1:${ui.api.port}`, `localhost:${ui.api.port}`]) {
      assert.ok(!html.includes(secret), `the DOM holds no ${secret}`);
      assert.ok(!messages.includes(secret), `no message holds ${secret}`);
    }
    await ui.page.keyboard.press('Escape');
    await ui.screenshot('player', frame.locator('#recording'));
  });

  it('a call without a recording says why: no message id (no request), none on the server (404)', async function () {
    const trial = callWhere((c) => !c.messageId).call;
    ui.api.clearRequests();
    let frame = await openCall(trial.id);
    const note = frame.locator('#recording .player-note');
    await note.waitFor({ state: 'visible' });
    assert.match((await note.textContent()) ?? '', /no message ID/);
    assert.ok(await frame.locator('#recording').getByRole('button', { name: 'Play', exact: true }).isDisabled());
    // Nothing to save or speed up either.
    assert.ok(await frame.locator('#recording').getByRole('button', { name: 'Save Recording…', exact: true }).isDisabled());
    for (const rate of await frame.locator('#recording .player-rate').all()) assert.ok(await rate.isDisabled(), await rate.textContent());
    assert.ok(await frame.locator('#recording input[type="range"]').isDisabled());
    assert.ok(!ui.api.requests.some((r) => r.path.startsWith('/conversations/')), 'nothing asked of the API');
    assert.ok((await frame.locator('#transcript li.turn').count()) > 0, "today's transcript is still there");
    await ui.closeAllEditors();

    const missing = callWhere((c, i) => c.messageId && !ui.api.sample.hasRecording(i)).call;
    frame = await openCall(missing.id);
    await frame.locator('#recording').getByRole('button', { name: 'Play', exact: true }).click();
    const said = frame.locator('#recording .player-note', { hasText: 'No recording of this call' });
    await said.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match((await said.textContent()) ?? '', new RegExp(missing.messageId));
    assert.ok((await frame.locator('#transcript li.turn').count()) > 0);
  });

  it('a token without conversations/message.readonly: the panel names the scope and how to add it', async function () {
    const { call } = callWhere((c, i) => ui.api.sample.hasRecording(i));
    await ui.setToken(NARROW_TOKEN);
    try {
      const frame = await openCall(call.id);
      await frame.locator('#recording').getByRole('button', { name: 'Play', exact: true }).click();
      const note = frame.locator('#recording .player-note', { hasText: 'conversations/message.readonly' });
      await note.waitFor({ state: 'visible', timeout: 20_000 });
      const text = (await note.textContent()) ?? '';
      assert.match(text, /Private Integration/);
      assert.match(text, /OAuth app/);
      assert.ok(await note.getByRole('button', { name: 'Set API Token', exact: true }).isVisible());
      assert.ok(!text.includes(NARROW_TOKEN));
      await ui.screenshot('player-missing-scope', frame.locator('#recording'));
    } finally {
      await ui.closeAllEditors().catch(() => undefined);
      await ui.setToken(ui.api.token);
    }
  });

  it('recordingFirstSoundMs: Play to sound for a 5 MB recording with 150 ms latency (for the bench)', async function () {
    // 8 kHz 16-bit mono: 5 MB is about 5 min 28 s of call.
    const { call } = callWhere((c, i) => ui.api.sample.hasRecording(i) && c.duration >= 328 && c.duration <= 345);
    const bytes = 44 + call.duration * 8000 * 2;
    const frame = await openCall(call.id);
    ui.api.setFaults({ latencyMs: 150 });
    await frame.locator('#recording').getByRole('button', { name: 'Play', exact: true }).click();
    const ms = Number(
      await until(() => frame.locator('#recording .player').getAttribute('data-first-sound-ms'), (v) => v !== null, { what: 'the first sound', timeout: 30_000 }),
    );
    const timings = JSON.parse((await frame.locator('#recording .player').getAttribute('data-timings')) ?? '{}');
    const figure = { recordingFirstSoundMs: ms, timings, bytes, latencyMs: 150, loadAverage1m: Math.round(os.loadavg()[0] * 10) / 10, measuredAt: new Date().toISOString() };
    console.log(`      recordingFirstSoundMs ${JSON.stringify(figure)}`);
    fs.mkdirSync(path.join(ROOT, 'test', '.runs'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'test', '.runs', 'recording-first-sound.json'), `${JSON.stringify(figure, null, 2)}\n`);
    assert.ok(ms > 0);
    // It played the first part while the rest arrived; the whole file took over without stopping.
    // (Read from the player's own timings: by the time the test looks, the whole file may be in.)
    const early = await audio(frame);
    await frame.locator('#recording .player-progress').waitFor({ state: 'hidden', timeout: 30_000 });
    await until(() => audio(frame), (a) => !a.paused && a.t > early.t + 0.3, { what: 'playing on with the whole file' });
    const steps = JSON.parse((await frame.locator('#recording .player').getAttribute('data-timings')) ?? '{}');
    assert.ok(steps.early !== undefined && steps.whole !== undefined && steps.early < steps.whole, `the first part played before the whole file was in: ${JSON.stringify(steps)}`);
    const duration = await frame.locator('#recording audio').evaluate((a) => a.duration);
    assert.ok(Math.abs(duration - call.duration) < 1, `the whole recording (${duration} s of ${call.duration} s)`);
    assert.ok(bytes >= 5_000_000 && bytes < 5_600_000, `a 5 MB recording (${bytes} bytes)`);
  });
});
