// Shared by the integration tests: the local API server started in this extension host, the
// extension pointed at it through its real settings and its real Set API Token command, and a
// clean-up that leaves the next test file with no token, no settings and no filter.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startApiServer, type ApiServer, type ApiServerOptions, type RecordedRequest } from '../api-server/server';
import type { Services } from '../../src/services';
import type { CallsView } from '../../src/views/callsView';
import type { AgentNode, CallsTreeNode } from '../../src/views/nodes';
import type { SetTokenResult } from '../../src/commands/auth';
import type { CallPanelManager } from '../../src/panels/callPanel';

export const EXTENSION_ID = 'leadway.voice-ai-call-logs';
export const CALL_LOGS_PATH = '/voice-ai/dashboard/call-logs';
export const AGENTS_PATH = '/voice-ai/agents';

/** What activate() returns (the parts the tests use). */
export interface ExtensionExports {
  readonly services: Services & { connection: Services['connection'] & { requestCount: number } };
  readonly callsView: CallsView;
  readonly callPanels: CallPanelManager;
}

export interface Activation {
  readonly api: ExtensionExports;
}

export async function activate(): Promise<Activation> {
  const ext = vscode.extensions.getExtension<ExtensionExports>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  if (ext.isActive) {
    return { api: ext.exports };
  }
  // Activation time is measured by `npm run bench` in a fresh code-server, not here.
  return { api: await ext.activate() };
}

const SETTINGS = ['baseUrl', 'locationId', 'apiVersion', 'timeZone', 'pageSize', 'callsPerAgent', 'appUrl'] as const;

export async function setSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('voiceAi').update(name, value, vscode.ConfigurationTarget.Global);
}

/** Starts the local API server on a free loopback port (rate limit off unless asked). */
export function startServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  return startApiServer({ port: 0, rateLimit: false, calls: 600, ...options });
}

/** Points the extension at a server through its settings and waits until the connection uses them. */
export async function pointAt(api: ExtensionExports, server: { baseUrl: string; locationId: string }): Promise<void> {
  await setSetting('baseUrl', server.baseUrl);
  await setSetting('locationId', server.locationId);
  await waitFor(() => api.services.connection.info()?.baseUrl === server.baseUrl, 'the connection to use the new base URL');
}

/** Runs the real Set API Token command with the token as its argument. */
export async function setToken(token: string): Promise<SetTokenResult> {
  const result = await vscode.commands.executeCommand<SetTokenResult | undefined>('voiceAi.setToken', token);
  assert.ok(result, 'voiceAi.setToken returned nothing');
  return result;
}

/** Server, settings and token, ready for the tree; requests made so far are forgotten. */
export async function connect(api: ExtensionExports, server: ApiServer): Promise<void> {
  await pointAt(api, server);
  const result = await setToken(server.token);
  assert.equal(result.saved, true, result.message);
  await waitFor(async () => (await api.services.connection.status()) === 'ready', 'the connection to be ready');
  server.clearRequests();
}

/**
 * The local store and the watch make requests of their own (a sync, a look every interval): off
 * for the files that count the views' requests, as the harness starts (store.test.ts turns them on).
 * With the store off the views work as they did before it, which those files keep testing.
 */
export const STORE_OFF: Readonly<Record<string, unknown>> = { 'store.enabled': false, 'watch.intervalSeconds': 0 };

/** Leaves no token, no voiceAi settings, no filter, no search and no sample server behind. */
export async function resetExtension(): Promise<void> {
  await vscode.commands.executeCommand('voiceAi.stopSampleData');
  await vscode.commands.executeCommand('voiceAi.clearFilter');
  await vscode.commands.executeCommand('voiceAi.clearSearch');
  await vscode.commands.executeCommand('voiceAi.clearToken');
  for (const name of SETTINGS) {
    await setSetting(name, undefined);
  }
  for (const [name, value] of Object.entries(STORE_OFF)) {
    await setSetting(name, value);
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function requestsTo(server: ApiServer, path: string): RecordedRequest[] {
  return server.requests.filter((r) => r.path === path);
}

/** Root nodes as VS Code would get them. */
export async function roots(api: ExtensionExports): Promise<CallsTreeNode[]> {
  return (await api.callsView.provider.getChildren()) ?? [];
}

export async function children(api: ExtensionExports, node: CallsTreeNode): Promise<CallsTreeNode[]> {
  return (await api.callsView.provider.getChildren(node)) ?? [];
}

export function label(api: ExtensionExports, node: CallsTreeNode): string {
  const l = api.callsView.provider.getTreeItem(node).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/** The first agent row among the roots. */
export function firstAgent(nodes: CallsTreeNode[]): AgentNode {
  const agent = nodes.find((n): n is AgentNode => n.kind === 'agent');
  assert.ok(agent, `no agent among ${nodes.map((n) => n.kind).join(', ')}`);
  return agent;
}

/** Turns the local store on, syncs it and waits until its first sync has finished. */
export async function syncedStore(api: ExtensionExports, timeoutMs = 60_000): Promise<NonNullable<ReturnType<Services['store']['get']>>> {
  await setSetting('store.enabled', true);
  const result = await api.services.store.sync('user');
  const store = api.services.store.get();
  assert.ok(store, `no store: ${api.services.store.absence() ?? ''} ${api.services.store.unavailableReason() ?? ''}`);
  assert.ok(result === undefined || result.complete, 'the first sync completed');
  await waitFor(() => api.services.store.syncing() === undefined && store.coverage().complete, 'the first sync to complete', timeoutMs);
  return store;
}
