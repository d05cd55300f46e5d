// Smoke test: the extension under development is present in the real VS Code, activates,
// hands its API to tests, and registers what its manifest promises.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CallsView } from '../../src/views/callsView';

const EXTENSION_ID = 'leadway.voice-ai-call-logs';

interface Manifest {
  contributes?: {
    commands?: { command: string }[];
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string }[]>;
  };
}

describe('activation', () => {
  it('is installed under its publisher.name id', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  });

  it('activates and returns services, the calls view and the call panels', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const api: unknown = await ext.activate();
    assert.equal(ext.isActive, true);
    assert.ok(api && typeof api === 'object', 'activate() returned nothing');
    for (const key of ['services', 'callsView', 'callPanels']) {
      assert.ok(key in (api as Record<string, unknown>), `activate() result lacks ${key}`);
    }
  });

  it('contributes the Voice AI view container with the Agents & Calls view', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Manifest;
    const containers = manifest.contributes?.viewsContainers?.activitybar ?? [];
    assert.deepEqual(
      containers.map((c) => [c.id, c.title]),
      [['voiceAi', 'Voice AI Call Logs']],
    );
    const views = manifest.contributes?.views?.voiceAi ?? [];
    assert.ok(views.some((v) => v.id === 'voiceAi.calls'), 'view voiceAi.calls missing');
  });

  it('registers every command its manifest contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const contributed = ((ext.packageJSON as Manifest).contributes?.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('shows its tree view when the generated focus command runs', async () => {
    // "<view id>.focus" exists for every contributed view; running it reveals the container.
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as { callsView: CallsView };
    await vscode.commands.executeCommand('voiceAi.calls.focus');
    const deadline = Date.now() + 5000;
    while (!api.callsView.view.visible && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(api.callsView.view.visible, true, 'the Agents & Calls view did not become visible');
  });
});
