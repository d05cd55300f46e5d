// The MCP server (dist/mcp-server.js) offered to VS Code through an MCP server definition
// provider (package.json contributes.mcpServerDefinitionProviders). The token goes to the server
// only when VS Code starts it (resolveMcpServerDefinition), read from SecretStorage then, and only
// through its environment: never on its command line, in a setting or in a file. So do the proxy
// settings (they may hold credentials) and the local store's file, which the server reads
// read-only while the extension keeps it synced.
import * as vscode from 'vscode';
import { ENV } from '../assistant/mcp/env';
import type { ActivationServices } from '../services/create';

export const MCP_PROVIDER_ID = 'voiceAi.mcpServer';
/** The definition's label; with the publisher and name it is the server's id in VS Code (leadway.voice-ai-call-logs/Voice AI Call Logs). */
export const MCP_SERVER_LABEL = 'Voice AI Call Logs';

export interface McpProviderHandle {
  /** The definition offered now (its environment holds no secret). */
  definition(): vscode.McpStdioServerDefinition;
  /** What VS Code starts: the definition with the token, the store's file and the proxy in its environment. */
  resolve(server: vscode.McpServerDefinition): Promise<vscode.McpServerDefinition>;
}

export function registerMcpServerProvider(context: vscode.ExtensionContext, services: ActivationServices): McpProviderHandle {
  const { connection, settings, store } = services;
  const changed = new vscode.EventEmitter<void>();
  // Bumped when the account changes, so that VS Code sees a new version and refreshes the tools.
  let generation = 0;
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0');

  const definition = (): vscode.McpStdioServerDefinition => {
    const info = connection.info();
    // Desktop VS Code's execPath is Electron, which runs a script as Node only when told so;
    // code-server's (and VS Code Server's) execPath is Node itself.
    const env: Record<string, string | number | null> = process.versions.electron !== undefined ? { ELECTRON_RUN_AS_NODE: '1' } : {};
    if (info) {
      env[ENV.baseUrl] = info.baseUrl;
      env[ENV.locationId] = info.locationId;
      env[ENV.apiVersion] = info.apiVersion;
    }
    env[ENV.timeZone] = settings.timeZone();
    return new vscode.McpStdioServerDefinition(MCP_SERVER_LABEL, process.execPath, [context.asAbsolutePath('dist/mcp-server.js')], env, `${version}+${generation}`);
  };

  context.subscriptions.push(
    changed,
    connection.onDidChange(() => {
      generation++;
      changed.fire();
    }),
    settings.onDidChange(() => changed.fire()),
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () => [definition()],
      resolveMcpServerDefinition: (server) => resolve(server),
    }),
  );

  const resolve = async (server: vscode.McpServerDefinition): Promise<vscode.McpServerDefinition> => {
    if (!(server instanceof vscode.McpStdioServerDefinition)) return server;
    const credentials = await connection.credentials();
    const env: Record<string, string | number | null> = { ...server.env };
    // Without a token the server still starts: each tool call then says how to set one.
    if (credentials) {
      env[ENV.token] = credentials.token;
      env[ENV.baseUrl] = credentials.baseUrl;
      env[ENV.locationId] = credentials.locationId;
      env[ENV.apiVersion] = credentials.apiVersion;
      // Only when the store is on and its file exists: the server never creates one.
      const file = store.fileInUse();
      if (file) env[ENV.storeFile] = file;
    }
    // The extension's own proxy settings, as its client applies them (HTTPS_PROXY / NO_PROXY of
    // the extension host reach the server with the rest of its environment).
    const proxy = settings.proxy();
    if (proxy.url) env[ENV.proxy] = proxy.url;
    if (proxy.noProxy?.length) env[ENV.noProxy] = proxy.noProxy.join(',');
    if (proxy.strictSSL === false) env[ENV.proxyStrictSSL] = 'false';
    if (proxy.authorization) env[ENV.proxyAuthorization] = proxy.authorization;
    server.env = env;
    return server;
  };
  return { definition, resolve };
}
