// The MCP server as an MCP client meets it, shared by the unit tests (test/unit/mcp, Node 20: no
// node:sqlite) and the store tests (test/store, Node 24): dist/mcp-server.js bundled by esbuild
// as for the VSIX, started over stdio by the official SDK's own Client with exactly the
// environment given (nothing inherited but PATH).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { ApiServer } from '../api-server/server';

const ROOT = path.resolve(__dirname, '../../..');

export interface TextResult {
  readonly text: string;
  readonly isError: boolean;
}

export interface BuiltServer {
  readonly file: string;
  remove(): void;
}

/** Bundles src/assistant/mcp/server.ts as esbuild.mjs does, with undici inside (the VSIX shares dist/undici.js instead). */
export async function buildMcpServer(): Promise<BuiltServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voice-ai-mcp-'));
  const file = path.join(dir, 'mcp-server.js');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/assistant/mcp/server.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: file,
    define: { __TEST_HOOKS__: 'false', navigator: 'undefined' },
    logLevel: 'silent',
  });
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function connectMcp(serverFile: string, env: Record<string, string>): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [serverFile], env: { PATH: process.env.PATH ?? '', ...env }, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'voice-ai-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** The server's environment for the local API server's account. */
export function envFor(server: ApiServer, zone: string, extra: Record<string, string> = {}): Record<string, string> {
  return { VOICE_AI_TOKEN: server.token, VOICE_AI_LOCATION_ID: server.locationId, VOICE_AI_BASE_URL: server.baseUrl, VOICE_AI_TIME_ZONE: zone, ...extra };
}

/** Calls a tool and returns its one text part. */
export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<TextResult> {
  const result = (await client.callTool({ name, arguments: args })) as { content: { type: string; text?: string }[]; isError?: boolean };
  assert.equal(result.content.length, 1);
  assert.equal(result.content[0].type, 'text');
  return { text: result.content[0].text ?? '', isError: result.isError === true };
}
