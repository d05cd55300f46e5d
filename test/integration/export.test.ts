// Export to JSON inside a real VS Code against the local API server: to an untitled editor
// document and to a file, one agent's calls, one call, the current filter, a cancel in the
// middle (no file left), and faults during the export (the file is still complete).
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ApiServer } from '../api-server/server';
import { selectCallLogs } from '../api-server/routes';
import type { ExportOutcome } from '../../src/commands/export';
import type { ExportDocument } from '../../src/api/export';
import type { AgentNode, CallNode, CallsTreeNode } from '../../src/views/nodes';
import { CALL_LOGS_PATH, EXTENSION_ID, activate, children, connect, resetExtension, roots, setSetting, startServer, waitFor, type ExtensionExports } from './helpers';

/** The document as the tests read it: call logs are the API's JSON, with an id. */
type ExportedDocument = ExportDocument<Record<string, unknown> & { id: string }>;

function expectedIds(server: ApiServer, q: Parameters<typeof selectCallLogs>[1] = {}): string[] {
  return selectCallLogs(server.sample, q).map((i) => server.sample.callLog(i).id);
}

/**
 * Closes an export's untitled document and waits until the extension host knows it is closed.
 * Until then, the next export's new "Untitled-1" resolves to this document's stale copy in the
 * extension host (the editor itself shows the right text): seen once in CI, the agent export
 * "returned" the previous export's 600 calls.
 */
async function closeUntitled(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  const deadline = Date.now() + 10_000;
  while (!document.isClosed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(document.isClosed, 'the untitled export document was closed');
}

async function exportCalls(options: Record<string, unknown>): Promise<ExportOutcome> {
  const outcome = await vscode.commands.executeCommand<ExportOutcome | undefined>('voiceAi.exportCalls', { quiet: true, ...options });
  assert.ok(outcome, 'the export returned nothing (failed?)');
  return outcome;
}

describe('Export to JSON', function () {
  this.timeout(120_000);
  let server: ApiServer;
  let api: ExtensionExports;
  let dir: string;

  before(async () => {
    server = await startServer({ calls: 600 });
    api = (await activate()).api;
    await connect(api, server);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'voice-ai-export-it-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetExtension();
    await server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    server.setFaults({});
  });

  it('exports every call to an untitled JSON document in an editor', async () => {
    server.clearRequests();
    const outcome = await exportCalls({ target: 'editor' });
    assert.equal(outcome.cancelled, false);
    assert.ok(outcome.document);
    assert.equal(outcome.document.isUntitled, true);
    assert.equal(outcome.document.languageId, 'json');
    // Named as the file it would be saved as (the tab, and Save's proposal), not "Untitled-1".
    assert.match(path.posix.basename(outcome.document.uri.path), /^voice-ai-calls-\d{4}-\d{2}-\d{2}(-\d+)?\.json$/);
    assert.equal(vscode.window.activeTextEditor?.document, outcome.document, 'the document is shown');
    const doc = JSON.parse(outcome.document.getText()) as ExportedDocument;
    assert.deepEqual(Object.keys(doc), ['exportedAt', 'source', 'filter', 'timeZone', 'total', 'callLogs']);
    assert.deepEqual(doc.callLogs.map((c) => c.id), expectedIds(server));
    assert.equal(doc.total, 600);
    assert.deepEqual(doc.source, { baseUrl: server.baseUrl, locationId: server.locationId, apiVersion: '2021-07-28' });
    assert.equal(doc.timeZone, api.services.settings.timeZone());
    assert.ok(!outcome.document.getText().includes(server.token), 'never the token');
    // All pages of 50, each once.
    const pages = server.requests.filter((r) => r.path === CALL_LOGS_PATH).map((r) => r.query.page);
    assert.deepEqual(pages.sort((a, b) => Number(a) - Number(b)), Array.from({ length: 12 }, (_, i) => String(i + 1)));
    assert.ok(server.requests.every((r) => r.query.pageSize === '50'));
    await closeUntitled(outcome.document);
  });

  it('exports every call to a file, with no temporary file left next to it', async () => {
    const file = path.join(dir, 'all.json');
    const outcome = await exportCalls({ target: { file } });
    assert.equal(outcome.path, file);
    assert.equal(outcome.count, 600);
    const text = await fs.readFile(file, 'utf8');
    const doc = JSON.parse(text) as ExportedDocument;
    assert.deepEqual(doc.callLogs.map((c) => c.id), expectedIds(server));
    assert.equal(doc.total, doc.callLogs.length);
    assert.deepEqual(await fs.readdir(dir), ['all.json']);
    await fs.unlink(file);
  });

  it('exports the calls matching the current filter, and records the filter', async () => {
    await api.services.filter.set({ callType: 'TRIAL' });
    try {
      const file = path.join(dir, 'trial.json');
      await exportCalls({ target: { file } });
      const doc = JSON.parse(await fs.readFile(file, 'utf8')) as ExportedDocument;
      const expected = expectedIds(server, { callType: 'TRIAL' });
      assert.ok(expected.length > 0 && expected.length < 600);
      assert.deepEqual(doc.callLogs.map((c) => c.id), expected);
      assert.equal(doc.filter.callType, 'TRIAL');
      await fs.unlink(file);
    } finally {
      await api.services.filter.clear();
    }
  });

  it("exports one agent's calls from its node", async () => {
    const agents = (await roots(api)).filter((n: CallsTreeNode): n is AgentNode => n.kind === 'agent');
    assert.ok(agents.length > 1);
    const agent = agents[0];
    const outcome = await vscode.commands.executeCommand<ExportOutcome>('voiceAi.exportAgentCalls', agent, { target: 'editor', quiet: true });
    const doc = JSON.parse(outcome.document!.getText()) as ExportedDocument;
    assert.deepEqual(doc.callLogs.map((c) => c.id), expectedIds(server, { agentId: agent.agentId }));
    assert.equal(doc.filter.agentId, agent.agentId);
    assert.equal(doc.filter.agentName, agent.agent.agentName);
    assert.match(path.posix.basename(outcome.document!.uri.path), /^voice-ai-calls-[a-z0-9-]+-\d{4}-\d{2}-\d{2}(-\d+)?\.json$/);
    await closeUntitled(outcome.document!);
  });

  it('exports one call from its node, as the server returns it, without a request', async () => {
    const agents = (await roots(api)).filter((n: CallsTreeNode): n is AgentNode => n.kind === 'agent');
    const call = (await children(api, agents[0])).find((n): n is CallNode => n.kind === 'call');
    assert.ok(call);
    server.clearRequests();
    const file = path.join(dir, 'one.json');
    const outcome = await vscode.commands.executeCommand<ExportOutcome>('voiceAi.exportCall', call, { target: { file }, quiet: true });
    assert.equal(outcome.count, 1);
    assert.equal(server.requests.length, 0, 'the call is already loaded');
    const doc = JSON.parse(await fs.readFile(file, 'utf8')) as ExportedDocument;
    const raw = JSON.parse(JSON.stringify(server.sample.callLog(server.sample.indexOfCall(call.callLog.id)!))) as unknown;
    assert.deepEqual(doc.callLogs, [raw]);
    assert.deepEqual(doc.filter, { callId: call.callLog.id });
    await fs.unlink(file);

    // By id (as the call panel may pass it): one request for the call.
    const byId = await vscode.commands.executeCommand<ExportOutcome>('voiceAi.exportCall', call.callLog.id, { target: 'editor', quiet: true });
    assert.equal(server.requests.length, 1);
    assert.match(server.requests[0].path, /\/voice-ai\/dashboard\/call-logs\/.+/);
    assert.deepEqual((JSON.parse(byId.document!.getText()) as ExportedDocument).callLogs, [raw]);
    await closeUntitled(byId.document!);
  });

  it('cancel in the middle stops within a second and leaves no file and no temporary file', async () => {
    server.setFaults({ latencyMs: 400, pathPrefix: CALL_LOGS_PATH });
    server.clearRequests();
    const file = path.join(dir, 'cancelled.json');
    const controller = new AbortController();
    const running = exportCalls({ target: { file }, signal: controller.signal });
    // Once the first page is in and the others are on their way.
    await waitFor(() => server.requests.filter((r) => r.status === 200).length >= 1 && server.requests.length >= 2, 'the export to be under way');
    const cancelledAt = performance.now();
    controller.abort();
    const outcome = await running;
    const took = performance.now() - cancelledAt;
    assert.equal(outcome.cancelled, true);
    assert.ok(took < 1000, `stopped ${took.toFixed(0)} ms after cancel`);
    assert.deepEqual(await fs.readdir(dir), [], 'no file, no temporary file');
  });

  it('an export in an editor belongs to no file: Save asks where (a Save As dialog) instead of writing to disk', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the test workbench has a folder open');
    const outcome = await exportCalls({ target: 'editor' });
    const document = outcome.document!;
    const name = path.posix.basename(document.uri.path);
    await vscode.window.showTextDocument(document);
    // Not awaited: it waits for the dialog.
    const saving = vscode.commands.executeCommand('workbench.action.files.save');
    const state = await Promise.race([
      Promise.resolve(saving).then(() => 'settled', () => 'settled'),
      new Promise<string>((r) => setTimeout(() => r('pending'), 2000)),
    ]);
    assert.equal(state, 'pending', 'Save still waits (for the dialog) after 2 s');
    // Where Save could write it unasked: the folder, home, or the root (untitled:<name> taken as the file /<name>).
    const written = await Promise.all([folder, os.homedir(), path.parse(folder).root].map((f) => fs.access(path.join(f, name)).then(() => true, () => false)));
    assert.deepEqual(written, [false, false, false], `Save wrote ${name} without asking`);
    assert.equal(document.isUntitled, true);
    assert.ok(!document.isClosed, 'still the untitled document, not replaced by a saved file');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await saving;
    await closeUntitled(document);
  });

  it('an editor export is not named like a file that exists where Save would propose it: "-2"', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const first = await exportCalls({ target: 'editor' });
    const name = path.posix.basename(first.document!.uri.path);
    await closeUntitled(first.document!);
    const onDisk = path.join(folder, name);
    await fs.writeFile(onDisk, '{}');
    try {
      const outcome = await exportCalls({ target: 'editor' });
      const second = path.posix.basename(outcome.document!.uri.path);
      assert.notEqual(second, name);
      assert.match(second, /^voice-ai-calls-\d{4}-\d{2}-\d{2}-\d+\.json$/);
      assert.equal(await fs.readFile(onDisk, 'utf8'), '{}', 'the file on disk is untouched');
      await closeUntitled(outcome.document!);
    } finally {
      await fs.unlink(onDisk);
    }
  });

  it('changing the API version during an export stops it at once and says why; no file, no temporary file', async () => {
    server.setFaults({ latencyMs: 4000, pathPrefix: CALL_LOGS_PATH });
    server.clearRequests();
    const file = path.join(dir, 'stopped.json');
    const running = exportCalls({ target: { file } });
    await waitFor(() => server.requests.filter((r) => r.status === 200).length >= 1 && server.requests.length >= 2, 'the export to be under way');
    // The clock starts when VS Code reports the change, not before the settings write.
    let changedAt: number | undefined;
    const listening = vscode.workspace.onDidChangeConfiguration((e) => {
      if (changedAt === undefined && e.affectsConfiguration('voiceAi.apiVersion')) changedAt = performance.now();
    });
    try {
      await setSetting('apiVersion', '2021-04-15');
      const outcome = await running;
      const took = performance.now() - (changedAt ?? assert.fail('no configuration change reported for voiceAi.apiVersion'));
      assert.equal(outcome.cancelled, true);
      assert.match(outcome.stopped ?? '', /API token, location, base URL or API version changed/);
      assert.match(outcome.stopped ?? '', /No file was written/);
      assert.ok(took < 2000, `stopped ${took.toFixed(0)} ms after the change`);
      const requests = server.requests.length;
      await new Promise((r) => setTimeout(r, 1000));
      assert.ok(server.requests.length <= requests + 1, 'no more pages asked for');
      assert.deepEqual(await fs.readdir(dir), [], 'no file, no temporary file');
    } finally {
      listening.dispose();
      await setSetting('apiVersion', undefined);
      await connect(api, server);
    }
  });

  it('a window reload (deactivate) during a file export removes its temporary file', async () => {
    server.setFaults({ latencyMs: 300, pathPrefix: CALL_LOGS_PATH });
    const controller = new AbortController();
    const running = exportCalls({ target: { file: path.join(dir, 'reloaded.json') }, signal: controller.signal });
    try {
      await waitFor(async () => (await fs.readdir(dir)).some((n) => n.endsWith('.voice-ai-export.tmp')), 'the temporary file');
      // The module VS Code loaded: its deactivate is what a reload calls.
      const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const main = require(path.join(extension.extensionPath, 'dist', 'extension.js')) as { deactivate(): void };
      main.deactivate();
      assert.deepEqual(await fs.readdir(dir), [], 'removed by deactivate');
      // And the export stops: no page is asked for after deactivate, and it says why.
      const outcome = await running;
      // The server records a request when it answers: let those in flight at the stop (300 ms) finish.
      await new Promise((r) => setTimeout(r, 1000));
      const asked = server.requests.length;
      await new Promise((r) => setTimeout(r, 1500));
      assert.match(outcome.stopped ?? '', /VS Code stopped the extension/);
      assert.equal(server.requests.length, asked, 'no request after the export stopped');
    } finally {
      controller.abort();
      await running;
    }
  });

  it('with 500s, connection resets and a 429 burst the file is still complete and its call ids equal the server’s', async () => {
    // A server with the real rate limit (100 per 10 s), as the account's would be.
    const limited = await startServer({ calls: 600, rateLimit: { max: 100, intervalMs: 10_000 } });
    try {
      await connect(api, limited);
      limited.setFaults({ errorRate: 0.15, resetRate: 0.1, rateLimitBurst: 3, retryAfterSeconds: 1, pathPrefix: CALL_LOGS_PATH });
      const file = path.join(dir, 'faults.json');
      const outcome = await exportCalls({ target: { file } });
      assert.equal(outcome.cancelled, false);
      const doc = JSON.parse(await fs.readFile(file, 'utf8')) as ExportedDocument;
      assert.deepEqual(doc.callLogs.map((c) => c.id), expectedIds(limited));
      assert.equal(doc.total, 600);
      const statuses = limited.requests.map((r) => r.status);
      assert.ok(statuses.includes(429), '429s met');
      assert.ok(statuses.includes(500), '500s met');
      assert.ok(statuses.includes(0), 'resets met');
      assert.deepEqual(await fs.readdir(dir), ['faults.json']);
      await fs.unlink(file);
    } finally {
      await limited.stop();
      await connect(api, server);
    }
  });
});
