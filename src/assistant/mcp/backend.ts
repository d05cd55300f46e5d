// The MCP server's account, from its environment: the token, location, base URL, API version,
// time zone, the proxy and the local call store's file. In VS Code the extension sets them when
// it starts the server (the token and the proxy's credentials at that moment); elsewhere the MCP
// client's configuration does.
import { VoiceAiClient, type ProxyOptions } from '../../api/client';
import type { Agent } from '../../api/schemas';
import { redact } from '../../api/errors';
import { DEFAULT_BASE_URL } from '../../api/endpoint';
import { NotConfiguredError } from '../../services/errors';
import { isValidTimeZone, systemTimeZone } from '../../services/zones';
import { SetupError, type AssistantBackend } from '../backend';
import { AnalyticsService } from '../../services/analytics/service';
import { ENV } from './env';
import { StoreFile } from './store';

/** The agent list is kept this long: names change rarely, and each list costs requests. */
const AGENTS_TTL_MS = 5 * 60_000;

/**
 * The proxy as the extension's client has it: VOICE_AI_PROXY & co. carry VS Code's http.* proxy
 * settings; HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read when they are empty (the transport).
 */
export function proxyOptionsFrom(env: NodeJS.ProcessEnv): ProxyOptions {
  const strict = env[ENV.proxyStrictSSL]?.trim().toLowerCase();
  return {
    url: env[ENV.proxy]?.trim() || undefined,
    source: `${ENV.proxy} (VS Code: http.proxy)`,
    noProxy: (env[ENV.noProxy] ?? '').split(/[,\s]+/).filter((entry) => entry !== ''),
    strictSSL: strict !== 'false' && strict !== '0',
    authorization: env[ENV.proxyAuthorization]?.trim() || undefined,
    env,
  };
}

export interface EnvironmentBackend extends AssistantBackend {
  /** Moves on when a query found the store file damaged (the call is then answered again from the API). */
  storeDamage(): number;
  close(): Promise<void>;
}

export function environmentBackend(env: NodeJS.ProcessEnv, log: (line: string) => void): EnvironmentBackend {
  const token = env[ENV.token]?.trim() || undefined;
  const locationId = env[ENV.locationId]?.trim() || undefined;
  const baseUrl = env[ENV.baseUrl]?.trim() || undefined;
  const apiVersion = env[ENV.apiVersion]?.trim() || undefined;
  const zone = env[ENV.timeZone]?.trim() || undefined;
  const timeZone = zone && isValidTimeZone(zone) ? zone : systemTimeZone();
  if (zone && zone !== timeZone) log(`${ENV.timeZone}=${JSON.stringify(zone)} is not an IANA time zone; using ${timeZone}.`);

  const storeFile = new StoreFile(env[ENV.storeFile]?.trim() || undefined, token && locationId ? { baseUrl: baseUrl ?? DEFAULT_BASE_URL, locationId } : undefined, log);
  const proxy = proxyOptionsFrom(env);
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
          proxy,
          onRequest: (e) => log(`${e.method} ${e.path} -> ${e.status ?? 'no response'} in ${Math.round(e.ms)} ms${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}${e.error ? `: ${e.error}` : ''}`),
        });
      } catch (error) {
        throw new SetupError(`The MCP server's settings are not usable: ${error instanceof Error ? error.message : String(error)} Check ${ENV.baseUrl}, ${ENV.locationId} and ${ENV.apiVersion}.`);
      }
    }
    return client;
  };
  const listAgents = (signal?: AbortSignal): Promise<readonly Agent[]> => {
    // The extension keeps the store's agent list (as its own directory reads it: no request).
    const stored = storeFile.access().store?.agents();
    if (stored && stored.length > 0) return Promise.resolve(stored.filter((s) => !s.deleted).map((s) => s.agent));
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
  // The dashboard's computation: from the store when it covers the range, else over the API's pages.
  const analytics = new AnalyticsService(
    { getClient },
    { list: listAgents },
    {
      covering: (filter) => {
        const access = storeFile.access();
        return access.store && access.covers(filter) ? access.store : undefined;
      },
    },
  );
  const how = `the environment of the MCP server (in VS Code the Voice AI Call Logs extension sets it from "Voice AI: Set API Token" and "Voice AI: Set Location ID"; restart the server after changing them)`;
  return {
    client: getClient,
    agents: listAgents,
    timeZone: () => timeZone,
    store: () => storeFile.access(),
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
    storeDamage: () => storeFile.damageCount(),
    close: async () => {
      storeFile.close();
      await client?.close();
    },
  };
}
