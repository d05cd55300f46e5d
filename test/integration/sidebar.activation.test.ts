// Activation is cheap: no request (everything loads when the view shows). Sorted before the
// other sidebar files, so that with MOCHA_GREP=Sidebar this file activates the extension; in a
// full run another file may have done it already. Its time is measured where activation really
// happens, in a fresh code-server with the installed VSIX: `npm run bench` (activationMs).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ApiServer } from '../api-server/server';
import { EXTENSION_ID, activate, resetExtension, setSetting, sleep, startServer } from './helpers';

describe('Sidebar: activation', function () {
  this.timeout(60_000);
  let server: ApiServer;

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    await resetExtension();
    await server.stop();
  });

  it('activates without a single request, configured as after a reload', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const wasActive = ext.isActive;
    // In a full run another file may have left the view open (it would load on the settings
    // change below); a window starts with the Explorer in front.
    await vscode.commands.executeCommand('workbench.view.explorer');
    // Settings in place before activation, as they are when VS Code starts.
    await setSetting('baseUrl', server.baseUrl);
    await setSetting('locationId', server.locationId);
    const { api } = await activate();
    await sleep(500);
    assert.deepEqual(server.requests, [], 'requests during activation');
    if (!wasActive) {
      assert.equal(api.services.connection.requestCount, 0, 'no request through any client');
    }
  });
});
