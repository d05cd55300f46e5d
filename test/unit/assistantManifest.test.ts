// The Language Model Tools the manifest declares are the assistant tools the code runs: the same
// names, model descriptions and input schemas (the MCP server lists the same definitions), with
// the user-facing words localized. And the manifest asks for the VS Code these APIs need.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TOOL_DEFINITIONS } from '../../src/assistant';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

interface ToolContribution {
  name: string;
  displayName: string;
  userDescription: string;
  modelDescription: string;
  toolReferenceName?: string;
  canBeReferencedInPrompt?: boolean;
  inputSchema: unknown;
}

const manifest = read('package.json') as {
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  contributes: { languageModelTools: ToolContribution[]; mcpServerDefinitionProviders: { id: string; label: string }[] };
};

describe('manifest: assistant tools', () => {
  it('declares exactly the tools the code defines, with their descriptions and schemas', () => {
    const tools = manifest.contributes.languageModelTools;
    assert.deepEqual(
      tools.map((t) => t.name),
      TOOL_DEFINITIONS.map((t) => t.name),
    );
    for (const def of TOOL_DEFINITIONS) {
      const tool = tools.find((t) => t.name === def.name);
      assert.equal(tool?.modelDescription, def.description, `${def.name}: modelDescription differs from src/assistant/definitions.ts`);
      assert.deepEqual(tool?.inputSchema, def.inputSchema, `${def.name}: inputSchema differs from src/assistant/definitions.ts`);
      assert.equal(tool?.canBeReferencedInPrompt, true);
      assert.match(tool?.toolReferenceName ?? '', /^[A-Za-z]+$/);
    }
  });

  it('localizes what the user reads (display name, description), in English and Spanish', () => {
    const en = read('package.nls.json');
    const es = read('package.nls.es.json');
    const keys = manifest.contributes.languageModelTools.flatMap((t) => [t.displayName, t.userDescription]);
    keys.push(...manifest.contributes.mcpServerDefinitionProviders.map((p) => p.label));
    for (const value of keys) {
      const key = /^%(.+)%$/.exec(value)?.[1];
      assert.ok(key, `${value} is not a %key%`);
      assert.equal(typeof en[key], 'string', `${key} missing from package.nls.json`);
      assert.equal(typeof es[key], 'string', `${key} missing from package.nls.es.json`);
    }
  });

  it('every tool references the others by name, so that an assistant can chain them', () => {
    for (const def of TOOL_DEFINITIONS) {
      const others = TOOL_DEFINITIONS.filter((t) => t !== def && (def.name !== 'voiceAi_getCall' || t.name === 'voiceAi_searchCalls'));
      for (const other of others) assert.ok(def.description.includes(other.name), `${def.name} does not mention ${other.name}`);
    }
  });

  it('registers the MCP server provider and needs VS Code 1.101 (MCP providers), type-checked against that API', () => {
    assert.deepEqual(
      manifest.contributes.mcpServerDefinitionProviders.map((p) => p.id),
      ['voiceAi.mcpServer'],
    );
    const engine = /^\^1\.(\d+)\.\d+$/.exec(manifest.engines.vscode);
    assert.ok(engine && Number(engine[1]) >= 101, manifest.engines.vscode);
    // vsce refuses @types/vscode newer than the engine; older would not type-check the APIs used.
    const types = /^\^?1\.(\d+)\.\d+$/.exec(manifest.devDependencies['@types/vscode']);
    assert.ok(types && Number(types[1]) >= 101 && Number(types[1]) <= Number(engine[1]), manifest.devDependencies['@types/vscode']);
  });
});
