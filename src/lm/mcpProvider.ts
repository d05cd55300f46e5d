// The MCP server (dist/mcp-server.js) offered to VS Code through an MCP server definition
// provider (package.json contributes.mcpServerDefinitionProviders). The token goes to the server
// only when VS Code starts it (resolveMcpServerDefinition), read from SecretStorage then, and only
// through its environment: never on its command line, in a setting or in a file.
import * as vscode from 'vscode';
import { ENV } from '../assistant/mcp/env';
import type { ActivationServices } from '../services/create';

export const MCP_PROVIDER_ID = 'voiceAi.mcpServer';
/** The definition's label; with the publisher and name it is the server's id in VS Code (leadway.voice-ai-call-logs/Voice AI Call Logs). */
export const MCP_SERVER_LABEL = 'Voice AI Call Logs';

export interface McpProviderHandle {
  /** The definition offered now (its environment holds no secret). */
  definition(): vscode.McpStdioServerDefinition;
}

export function registerMcpServerProvider(context: vscode.ExtensionContext, services: ActivationServices): McpProviderHandle {
  const { connection, settings } = services;
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
    // The extension's own proxy setting; HTTPS_PROXY / NO_PROXY of the extension host reach the server anyway.
    const proxy = settings.proxy();
    if (proxy.url) {
      env.HTTPS_PROXY = proxy.url;
      if (proxy.noProxy?.length) env.NO_PROXY = proxy.noProxy.join(',');
    }
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
      resolveMcpServerDefinition: async (server) => {
        if (!(server instanceof vscode.McpStdioServerDefinition)) return server;
        const credentials = await connection.credentials();
        // Without a token the server still starts: each tool call then says how to set one.
        if (credentials) {
          server.env = {
            ...server.env,
            [ENV.token]: credentials.token,
            [ENV.baseUrl]: credentials.baseUrl,
            [ENV.locationId]: credentials.locationId,
            [ENV.apiVersion]: credentials.apiVersion,
          };
        }
        return server;
      },
    }),
  );
  return { definition };
}
