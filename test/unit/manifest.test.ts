// The manifest's promises about where the extension runs: in Restricted Mode (with the
// settings a workspace must not choose restricted to user settings) and in virtual workspaces.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Manifest {
  capabilities?: {
    untrustedWorkspaces?: { supported?: boolean | 'limited'; restrictedConfigurations?: string[]; description?: string };
    virtualWorkspaces?: boolean | { supported?: boolean | 'limited' };
  };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as Manifest;

describe('manifest capabilities', () => {
  const untrusted = manifest.capabilities?.untrustedWorkspaces;

  it('runs in Restricted Mode, limited so that VS Code applies the restricted settings', () => {
    // VS Code honours restrictedConfigurations only when `supported` is "limited"; `false`
    // (the default without a declaration) would disable the extension in Restricted Mode.
    assert.equal(untrusted?.supported, 'limited');
    assert.ok(untrusted?.description, 'Restricted Mode needs a description of what is limited');
  });

  it('restricts where the token goes and which sub-account is read to user settings', () => {
    const restricted = untrusted?.restrictedConfigurations ?? [];
    for (const key of ['voiceAi.baseUrl', 'voiceAi.locationId']) assert.ok(restricted.includes(key), `${key} is not restricted`);
    const contributed = Object.keys(manifest.contributes.configuration.properties);
    const unknown = restricted.filter((k) => !contributed.includes(k));
    assert.deepEqual(unknown, [], 'restricted settings the extension does not contribute');
  });

  it('works in virtual workspaces (it reads no workspace file)', () => {
    assert.equal(manifest.capabilities?.virtualWorkspaces, true);
  });
});
