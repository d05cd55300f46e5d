// Save Recording… inside a real VS Code, against the local API server: the WAV file written whole
// where asked (streamed from the API, or from the open panel without a request), a cancelled save
// leaving nothing behind, a call without a message id refused without a request.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ApiServer } from '../api-server/server';
import { wavLength } from '../api-server/recording';
import type { SaveRecordingOutcome } from '../../src/commands/recording';
import { activate, children, connect, resetExtension, roots, startServer, waitFor, type ExtensionExports } from './helpers';
import type { CallNode } from '../../src/views/nodes';

describe('Save Recording', function () {
  this.timeout(120_000);
  let server: ApiServer;
  let api: ExtensionExports;
  let dir: string;

  function recorded(minSeconds: number) {
    for (let i = 0; i < server.sample.count; i++) {
      const call = server.sample.callLog(i);
      if (server.sample.hasRecording(i) && call.duration >= minSeconds) return call;
    }
    throw new Error('no recorded call');
  }

  before(async () => {
    server = await startServer({ calls: 300 });
    ({ api } = await activate());
    await connect(api, server);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voice-ai-recording-'));
  });

  afterEach(() => server.setFaults({}));

  after(async () => {
    for (const id of api.callPanels.openCallIds()) api.callPanels.get(id)?.dispose();
    await resetExtension();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the WAV file where asked, streamed from the API', async () => {
    const call = recorded(60);
    const target = path.join(dir, 'whole.wav');
    server.clearRequests();
    const outcome = (await vscode.commands.executeCommand('voiceAi.saveRecording', call, { target })) as SaveRecordingOutcome;
    assert.equal(outcome.saved, true);
    assert.equal(outcome.fromPanel, false);
    const bytes = fs.readFileSync(target);
    assert.equal(bytes.byteLength, wavLength(call));
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.deepEqual(server.requests.map((r) => r.path), [`/conversations/messages/${call.messageId}/locations/${server.locationId}/recording`]);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  });

  it('a cancelled save leaves nothing behind (no file, no temporary file) and the download stops', async () => {
    const call = recorded(600);
    const target = path.join(dir, 'cancelled.wav');
    server.setFaults({ audioBytesPerSecond: 300_000 });
    const abort = new AbortController();
    const before = server.audioBytesSent;
    const saving = vscode.commands.executeCommand('voiceAi.saveRecording', call, { target, signal: abort.signal }) as Thenable<SaveRecordingOutcome>;
    await waitFor(() => server.audioBytesSent - before > 100_000, 'the download under way', 20_000);
    abort.abort();
    const outcome = await saving;
    assert.equal(outcome.cancelled, true);
    assert.equal(fs.existsSync(target), false);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('cancelled')), []);
    const sent = server.audioBytesSent - before;
    assert.ok(sent < wavLength(call) / 2, `the server stopped sending (${sent} of ${wavLength(call)} bytes)`);
  });

  it('from the palette (no argument, no panel in front): the call selected in the Agents & Calls view', async () => {
    await vscode.commands.executeCommand('voiceAi.calls.focus');
    const all = (await roots(api)).find((n) => n.kind === 'allCalls');
    assert.ok(all);
    const calls = (await children(api, all)).filter((n): n is CallNode => n.kind === 'call');
    const node = calls.find((n) => n.callLog.messageId && server.sample.hasRecording(server.sample.indexOfCall(n.callLog.id) ?? -1));
    assert.ok(node, 'a listed call with a recording');
    await api.callsView.view.reveal(node, { select: true, focus: true });
    await waitFor(() => api.callsView.view.selection.some((n) => n.id === node.id), 'the call selected');
    const target = path.join(dir, 'selected.wav');
    const outcome = (await vscode.commands.executeCommand('voiceAi.saveRecording', undefined, { target })) as SaveRecordingOutcome;
    assert.equal(outcome?.saved, true);
    assert.equal(fs.statSync(target).size, wavLength(server.sample.callLog(server.sample.indexOfCall(node.callLog.id) as number)));
  });

  it('a call without a message id: nothing asked, nothing written', async () => {
    const trial = server.data.callLogs.find((c) => !c.messageId);
    assert.ok(trial);
    const target = path.join(dir, 'trial.wav');
    server.clearRequests();
    const outcome = await vscode.commands.executeCommand('voiceAi.saveRecording', trial, { target });
    assert.equal(outcome, undefined);
    assert.equal(fs.existsSync(target), false);
    assert.deepEqual(server.requests, []);
  });
});
