// The contract between the UI layers (views, panels, commands) and the services that
// hold the connection, settings, filter and agent directory. Implemented by
// createServices(); the UI layers only ever see this interface.
import type * as vscode from 'vscode';
import type { VoiceAiClient } from '../api/client';
import type { Agent } from '../api/schemas';
import type { CallLogFilter } from '../api/callLogQuery';
import type { ActivityRegistry } from './activity';
import type { LocalStore } from './store/service';
import type { CallWatch } from './watch/watch';

export interface ConnectionInfo {
  readonly baseUrl: string;
  readonly locationId: string;
  readonly apiVersion: string;
  /** True while the view points at the bundled sample API server. */
  readonly sampleData: boolean;
}

export interface ConnectionService {
  /** A client for the current token/settings; rejects with a clear, actionable error if not configured. */
  getClient(): Promise<VoiceAiClient>;
  info(): ConnectionInfo | undefined;
  readonly onDidChange: vscode.Event<void>;
  /** What is missing before a request can be made (reads SecretStorage, makes no request). */
  status(): Promise<'ready' | 'noToken' | 'noLocation'>;
  /** Reads the token now if status() answered on the remembered flag alone (called once the views are shown). */
  confirmToken(): void;
  /** Checks a token with one cheap request against the configured location (does not save it). */
  checkToken(token: string, locationId?: string): Promise<void>;
  /** Saves the token in SecretStorage (and leaves sample-data mode). */
  setToken(token: string): Promise<void>;
  clearToken(): Promise<void>;
  /** Points the connection at the bundled sample server (in memory only), or back at the account with undefined. */
  useSampleServer(server: { baseUrl: string; token: string; locationId: string } | undefined): void;
}

export interface SettingsService {
  /** IANA zone used to show times and to turn date ranges into Unix ms bounds. */
  timeZone(): string;
  pageSize(): number;
  callsPerAgent(): number;
  /** The CRM web app's address (voiceAi.appUrl), e.g. https://app.gohighlevel.com. */
  appUrl(): string;
  /** Largest export offered as an untitled editor document. */
  exportEditorMaxCalls(): number;
  /** voiceAi.store.enabled */
  storeEnabled(): boolean;
  /** voiceAi.watch.intervalSeconds; 0 = off. */
  watchIntervalSeconds(): number;
  readonly onDidChange: vscode.Event<void>;
}

/** The filter as the user set it (dates as chosen, in the chosen zone). */
export interface FilterState {
  readonly agentId?: string;
  readonly contactIds?: readonly string[];
  readonly callType?: 'LIVE' | 'TRIAL';
  readonly actionTypes?: readonly string[];
  /** Named range ('today', 'yesterday', 'last7', 'last30', 'thisMonth') or custom 'YYYY-MM-DD' bounds. */
  readonly dateRange?: { readonly preset: string } | { readonly from: string; readonly to: string };
  /** IANA zone the date range is meant in, when it differs from the voiceAi.timeZone setting. */
  readonly timeZone?: string;
  readonly sortBy?: 'createdAt' | 'duration';
  readonly sort?: 'ascend' | 'descend';
}

export interface FilterService {
  current(): FilterState;
  isActive(): boolean;
  /** The API filter for the current state, with the date range turned into Unix ms bounds in the chosen zone. */
  toApiFilter(now?: Date): CallLogFilter;
  /** The filter in words, e.g. "Booking Bot · transfers · last 7 days (America/Chicago)". */
  describe(): string;
  set(state: FilterState): Promise<void>;
  clear(): Promise<void>;
  readonly onDidChange: vscode.Event<void>;
}

export interface AgentDirectory {
  /** Every agent of the location (all pages), cached until refresh. */
  list(signal?: AbortSignal): Promise<readonly Agent[]>;
  /** The list when it is at hand (held, or in the local store), without waiting or a request. */
  listedNow(): readonly Agent[] | undefined;
  /** The agent's name if known from the cached list, without a request. */
  nameOf(agentId: string): string | undefined;
  /** The local store saw the agent in an earlier list, and the API no longer lists it. */
  isDeleted(agentId: string): boolean;
  invalidate(): void;
}

export interface Services {
  readonly connection: ConnectionService;
  readonly settings: SettingsService;
  readonly filter: FilterService;
  readonly agents: AgentDirectory;
  readonly log: vscode.LogOutputChannel;
  /** Background work the status bar shows: `activity.setActivity(key, text, command)`. */
  readonly activity: ActivityRegistry;
  /** The account's local call store (its sync, its data changes). */
  readonly store: LocalStore;
  /** The watch for new calls (unseen calls, watched agents). */
  readonly watch: CallWatch;
  /**
   * Shows a failure to the user: the server's message, with a working "Set API Token" action for
   * 401/403 and "Show Log" otherwise. `doing` says what failed, e.g. vscode.l10n.t('Loading calls'):
   * the message is "{doing} failed: {reason}", in Spanish "Error {doing}: {reason}", so its
   * Spanish reads "al cargar las llamadas".
   */
  notifyError(error: unknown, doing: string): void;
}
