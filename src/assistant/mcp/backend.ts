// The MCP server's account, from its environment: the token, location, base URL, API version
// and time zone. In VS Code the extension sets them when it starts the server (the token from
// SecretStorage, at that moment); elsewhere the MCP client's configuration does.
import { VoiceAiClient } from '../../api/client';
import type { Agent } from '../../api/schemas';
import { redact } from '../../api/errors';
import { NotConfiguredError } from '../../services/errors';
import { isValidTimeZone, systemTimeZone } from '../../services/zones';
import { SetupError, type AssistantBackend } from '../backend';
import { AnalyticsService } from '../../services/analytics/service';
import { ENV } from './env';

/** The agent list is kept this long: names change rarely, and each list costs requests. */
const AGENTS_TTL_MS = 5 * 60_000;

export function environmentBackend(env: NodeJS.ProcessEnv, log: (line: string) => void): AssistantBackend & { close(): Promise<void> } {
  const token = env[ENV.token]?.trim() || undefined;
  const locationId = env[ENV.locationId]?.trim() || undefined;
  const baseUrl = env[ENV.baseUrl]?.trim() || undefined;
  const apiVersion = env[ENV.apiVersion]?.trim() || undefined;
  const zone = env[ENV.timeZone]?.trim() || undefined;
  const timeZone = zone && isValidTimeZone(zone) ? zone : systemTimeZone();
  if (zone && zone !== timeZone) log(`${ENV.timeZone}=${JSON.stringify(zone)} is not an IANA time zone; using ${timeZone}.`);

  let client: VoiceAiClient | undefined;
  let agents: { at: number; list: Promise<readonly Agent[]> } | undefined;
  const getClient = async (): Promise<VoiceAiClient> => {
    if (!token) throw new NotConfiguredError('noToken');
    if (!locationId) throw new NotConfiguredError('noLocation');
    if (!client) {
      try {
        // One client for the process: its limiter keeps every tool call under the API's rate limit.
        client = new VoiceAiClient({
          token,
          locationId,
          baseUrl,
          apiVersion,
          onRequest: (e) => log(`${e.method} ${e.path} -> ${e.status ?? 'no response'} in ${Math.round(e.ms)} ms${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}${e.error ? `: ${e.error}` : ''}`),
        });
      } catch (error) {
        throw new SetupError(`The MCP server's settings are not usable: ${error instanceof Error ? error.message : String(error)} Check ${ENV.baseUrl}, ${ENV.locationId} and ${ENV.apiVersion}.`);
      }
    }
    return client;
  };
  const listAgents = (signal?: AbortSignal): Promise<readonly Agent[]> => {
    if (!agents || Date.now() - agents.at > AGENTS_TTL_MS) {
      // Not tied to one caller's signal: concurrent tool calls share the list.
      const list = getClient().then((c) => c.listAgents());
      agents = { at: Date.now(), list };
      list.catch(() => {
        if (agents?.list === list) agents = undefined;
      });
    }
    const pending = agents.list;
    if (!signal) return pending;
    return new Promise((resolve, reject) => {
      signal.throwIfAborted();
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      pending.then(resolve, reject);
    });
  };
  // The dashboard's computation, over the API's pages (this process has no store).
  const analytics = new AnalyticsService({ getClient }, { list: listAgents });
  const how = `the environment of the MCP server (in VS Code the Voice AI Call Logs extension sets it from "Voice AI: Set API Token" and "Voice AI: Set Location ID"; restart the server after changing them)`;
  return {
    client: getClient,
    agents: listAgents,
    timeZone: () => timeZone,
    store: () => ({ unavailable: 'this MCP server reads the Voice AI API only' }),
    report: async (query, signal) => {
      const outcome = await analytics.report(query, { signal });
      return { report: outcome.report, covered: outcome.covered };
    },
    setup: {
      noToken: `Set ${ENV.token} (a Private Integration token of the sub-account with the scopes voice-ai-dashboard.readonly and voice-ai-agents.readonly) in ${how}.`,
      noLocation: `Set ${ENV.locationId} (the sub-account's id) in ${how}.`,
      unauthorized: `Set a valid token in ${ENV.token}, in ${how}.`,
    },
    redact: (text) => (token ? redact(text, token) : text),
    close: async () => {
      await client?.close();
    },
  };
}
