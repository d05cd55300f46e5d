// What the tools need from where they run: the extension (its connection, agent directory, store
// and analytics service) or the MCP server (environment variables, its own client). Nothing here
// knows VS Code.
import type { VoiceAiClient } from '../api/client';
import type { Agent } from '../api/schemas';
import type { CallLogFilter } from '../api/callLogQuery';
import type { AnalyticsQuery, AnalyticsReport } from '../shared/analytics';
import type { CallStore } from '../services/store/types';

/** The local call store as the tools see it, or why there is none. */
export type StoreAccess =
  | {
      readonly store: CallStore;
      /** True when the store answers `filter` as the API would (its sync covers the range). */
      readonly covers: (filter: CallLogFilter) => boolean;
    }
  | { readonly store?: undefined; /** Why, in a few words, e.g. "it is turned off (voiceAi.store.enabled)". */ readonly unavailable: string };

export interface AssistantBackend {
  /** A client for the configured account; rejects with NotConfiguredError or ApiError. */
  client(): Promise<VoiceAiClient>;
  /** Every agent of the location (cached by the backend). */
  agents(signal?: AbortSignal): Promise<readonly Agent[]>;
  /** The zone dates are meant in when the input names none. */
  timeZone(): string;
  store(): StoreAccess;
  /** The dashboard's figures: the same computation the dashboard uses. */
  report(query: AnalyticsQuery, signal?: AbortSignal): Promise<{ readonly report: AnalyticsReport; readonly covered: boolean }>;
  /** What the user does to give a missing token or location, in this host's terms. */
  readonly setup: { readonly noToken: string; readonly noLocation: string; readonly unauthorized: string };
  /** Removes any secret (the token) from a text; the answers never hold one anyway. */
  redact(text: string): string;
}

/** The host's settings are not usable (e.g. a malformed base URL): the message says which and how to fix it. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}
