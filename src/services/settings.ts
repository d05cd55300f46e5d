// Reads the voiceAi.* settings, checks them, and falls back to a sane default with a clear
// message (once per bad value) instead of failing later in a request. Also reads VS Code's
// http.* proxy settings, which VS Code applies to Node's http/https modules but not to our
// undici transport.
import * as vscode from 'vscode';
import { DEFAULT_APP_URL } from './crm';
import type { SettingsService } from './index';
import { DEFAULT_API_VERSION, DEFAULT_BASE_URL, parseBaseUrl, SUPPORTED_API_VERSIONS } from '../api/endpoint';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../api/callLogQuery';
import type { ProxyOptions } from '../api/proxy';
import { isValidTimeZone, systemTimeZone } from './zones';
import { safeText } from './errors';

const SECTION = 'voiceAi';
export const DEFAULT_WATCH_SECONDS = 60;
/** One request per interval: more often than this would eat the location's rate limit for little. */
export const MIN_WATCH_SECONDS = 5;
const PROXY_SETTINGS = ['http.proxy', 'http.noProxy', 'http.proxyStrictSSL', 'http.proxyAuthorization'] as const;

export class Settings implements SettingsService, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly proxyEmitter = new vscode.EventEmitter<void>();
  /** One of VS Code's proxy settings changed (the views need not redraw for it, the connection must reconnect). */
  readonly onDidChangeProxy = this.proxyEmitter.event;
  private readonly warned = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) {
        this.emitter.fire();
      }
      if (PROXY_SETTINGS.some((name) => e.affectsConfiguration(name))) {
        this.proxyEmitter.fire();
      }
    });
  }

  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** Tells the user once about a bad value and which default is used instead. */
  private invalid(setting: string, value: unknown, problem: string, fallback: unknown): void {
    const key = `${setting}=${JSON.stringify(value)}`;
    if (this.warned.has(key)) {
      return;
    }
    this.warned.add(key);
    const text = vscode.l10n.t('Setting voiceAi.{0}: {1} Using {2} instead.', setting, problem, JSON.stringify(fallback));
    this.log.warn(text);
    // A workspace's settings come with the folder: its values must not form links either.
    void vscode.window.showWarningMessage(safeText(text), vscode.l10n.t('Open Settings')).then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('workbench.action.openSettings', `voiceAi.${setting}`);
      }
    });
  }

  timeZone(): string {
    const raw = this.config().get<string>('timeZone', '');
    const zone = typeof raw === 'string' ? raw.trim() : '';
    if (zone === '') {
      return systemTimeZone();
    }
    if (!isValidTimeZone(zone)) {
      const fallback = systemTimeZone();
      this.invalid('timeZone', raw, vscode.l10n.t('"{0}" is not an IANA time zone (e.g. America/Chicago).', zone), fallback);
      return fallback;
    }
    return zone;
  }

  private intSetting(name: string, fallback: number, min: number, max: number): number {
    const raw = this.config().get<unknown>(name, fallback);
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
      this.invalid(name, raw, vscode.l10n.t('must be a whole number from {0} to {1}.', min, max), fallback);
      return fallback;
    }
    return raw;
  }

  pageSize(): number {
    return this.intSetting('pageSize', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  }

  callsPerAgent(): number {
    // One request each: at most one page.
    return this.intSetting('callsPerAgent', 10, 1, MAX_PAGE_SIZE);
  }

  exportEditorMaxCalls(): number {
    return this.intSetting('export.editorMaxCalls', 2000, 1, 1_000_000);
  }

  /** The CRM web app's address (white-label domains differ), for "Open Contact in CRM". */
  appUrl(): string {
    const raw = this.config().get<string>('appUrl', DEFAULT_APP_URL);
    const text = typeof raw === 'string' ? raw.trim().replace(/\/+$/, '') : '';
    if (text === '') return DEFAULT_APP_URL;
    try {
      // The same rules as the API's address: https (http only on this machine), no credentials, query or fragment.
      parseBaseUrl(text);
      return text;
    } catch {
      this.invalid('appUrl', raw, vscode.l10n.t('"{0}" must be an https URL (http only for localhost) without credentials or query.', text), DEFAULT_APP_URL);
      return DEFAULT_APP_URL;
    }
  }

  /** The local call store (voiceAi.store.enabled); off: every view asks the API, as before the store. */
  storeEnabled(): boolean {
    return this.config().get<unknown>('store.enabled', true) !== false;
  }

  /** Seconds between two looks at the newest calls (voiceAi.watch.intervalSeconds); 0 = the watch is off. */
  watchIntervalSeconds(): number {
    const raw = this.config().get<unknown>('watch.intervalSeconds', DEFAULT_WATCH_SECONDS);
    if (raw === 0) return 0;
    return this.intSetting('watch.intervalSeconds', DEFAULT_WATCH_SECONDS, MIN_WATCH_SECONDS, 86_400);
  }

  baseUrl(): string {
    const raw = this.config().get<string>('baseUrl', DEFAULT_BASE_URL);
    const text = typeof raw === 'string' ? raw.trim().replace(/\/+$/, '') : '';
    if (text === '') {
      return DEFAULT_BASE_URL;
    }
    try {
      parseBaseUrl(text);
      return text;
    } catch {
      // the client would refuse it too: say so below and use the default
    }
    this.invalid('baseUrl', raw, vscode.l10n.t('"{0}" must be an https URL (http only for localhost) without credentials or query.', text), DEFAULT_BASE_URL);
    return DEFAULT_BASE_URL;
  }

  apiVersion(): string {
    const raw = this.config().get<string>('apiVersion', DEFAULT_API_VERSION);
    if (typeof raw === 'string' && (SUPPORTED_API_VERSIONS as readonly string[]).includes(raw)) {
      return raw;
    }
    this.invalid('apiVersion', raw, vscode.l10n.t('must be one of {0}.', SUPPORTED_API_VERSIONS.join(', ')), DEFAULT_API_VERSION);
    return DEFAULT_API_VERSION;
  }

  /** VS Code's proxy settings, for the client (which also reads HTTPS_PROXY / NO_PROXY when they are empty). */
  proxy(): ProxyOptions {
    const http = vscode.workspace.getConfiguration('http');
    const url = http.get<unknown>('proxy');
    const noProxy = http.get<unknown>('noProxy');
    const authorization = http.get<unknown>('proxyAuthorization');
    return {
      url: typeof url === 'string' && url.trim() !== '' ? url.trim() : undefined,
      source: 'http.proxy',
      noProxy: Array.isArray(noProxy) ? noProxy.filter((entry): entry is string => typeof entry === 'string') : [],
      strictSSL: http.get<unknown>('proxyStrictSSL') !== false,
      authorization: typeof authorization === 'string' && authorization.trim() !== '' ? authorization.trim() : undefined,
    };
  }

  locationId(): string | undefined {
    const raw = this.config().get<string>('locationId', '');
    const id = typeof raw === 'string' ? raw.trim() : '';
    return id === '' ? undefined : id;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
    this.proxyEmitter.dispose();
  }
}
