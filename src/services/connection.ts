// The connection to the Voice AI API: the token (SecretStorage only), the location, base URL
// and API version (settings), or the bundled sample server (memory only). Builds one
// VoiceAiClient per configuration and rebuilds it when the secret or a setting changes.
import * as vscode from 'vscode';
import type { RequestLogEntry, VoiceAiClient } from '../api/client';
import { isLoopback } from '../api/endpoint';
import type { ConnectionInfo, ConnectionService } from './index';
import { NotConfiguredError } from './errors';
import type { Settings } from './settings';

export const TOKEN_SECRET_KEY = 'voiceAi.apiToken';
/**
 * Whether a token was stored when we last knew (true/false, never the token): a window's start
 * then needs no SecretStorage read before the views show the local store. That read is a round
 * trip to the window, which delays VS Code's first questions to the tree by 100 ms or more while it
 * starts up (measured by the warm-start bench); the token is read once the tree is shown.
 */
const TOKEN_STORED_KEY = 'voiceAi.tokenStored';

function normalizeToken(token: string | undefined): string | undefined {
  return token && token.trim() !== '' ? token : undefined;
}

// The client and its transport (undici, about 520 KB, in dist/undici.js) are loaded with the first
// client, not at activation: the view's welcome states and the first paint need none of it.
type ClientModule = typeof import('../api/client.js');
let clientModule: Promise<ClientModule> | undefined;
function loadClientModule(): Promise<ClientModule> {
  return (clientModule ??= import('../api/client.js'));
}

interface SampleServer {
  baseUrl: string;
  token: string;
  locationId: string;
}

export class Connection implements ConnectionService, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** undefined until first read from SecretStorage. */
  private token: Promise<string | undefined> | undefined;
  private tokenGeneration = 0;
  /** setToken/clearToken while it stores and switches over (never rejects). */
  private ownChange: Promise<void> | undefined;
  /** Whether the last read, store or delete left a token; undefined until one of them did. */
  private tokenPresent: boolean | undefined;
  /** status() answered 'ready' on the remembered flag alone, before any read. */
  private assumedPresent = false;
  private client: { key: string; client: VoiceAiClient } | undefined;
  private sample: SampleServer | undefined;
  private lastKey: string;
  /** Requests made through clients of this connection (test builds only: the request-count tests). */
  declare requestCount: number;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly settings: Settings,
    private readonly log: vscode.LogOutputChannel,
    /** Where the flag TOKEN_STORED_KEY is kept (global state). */
    private readonly memory: vscode.Memento,
  ) {
    if (__TEST_HOOKS__) this.requestCount = 0;
    this.lastKey = this.settingsKey();
    this.disposables.push(
      secrets.onDidChange((e) => {
        if (e.key === TOKEN_SECRET_KEY) void this.secretChanged();
      }),
      settings.onDidChange(() => this.settingsChanged()),
      // A proxy setting takes effect at once: the next request gets a new client.
      settings.onDidChangeProxy(() => this.settingsChanged()),
    );
  }

  /**
   * Another window changed the token, or our own setToken/clearToken did: those already switched
   * over, and a second change event would abort the loads the first one started. Only a stored
   * value that differs from the one in use is a change.
   */
  private async secretChanged(): Promise<void> {
    // The event may come while our own command is still storing: let it finish switching first.
    await this.ownChange;
    const inUse = this.token;
    let stored: string | undefined;
    try {
      stored = normalizeToken(await this.secrets.get(TOKEN_SECRET_KEY));
    } catch {
      stored = undefined;
    }
    const current = inUse && (await inUse);
    // Our own command switched while we read (or while the first read was still pending).
    if (this.token !== inUse) return;
    this.learned(stored !== undefined);
    if (inUse !== undefined && current === stored) return;
    this.token = Promise.resolve(stored);
    this.tokenGeneration++;
    this.changed();
  }

  private settingsChanged(): void {
    const key = this.settingsKey();
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.changed();
    }
  }

  /** Everything a client is built from, apart from the token. Kept in memory only (it holds the proxy's credentials). */
  private settingsKey(): string {
    return JSON.stringify([this.settings.baseUrl(), this.settings.locationId() ?? '', this.settings.apiVersion(), this.settings.proxy()]);
  }

  private changed(): void {
    const old = this.client;
    this.client = undefined;
    if (old) {
      void old.client.close().catch(() => undefined);
    }
    this.emitter.fire();
  }

  private readToken(): Promise<string | undefined> {
    if (!this.token) {
      const read: Promise<string | undefined> = Promise.resolve(this.secrets.get(TOKEN_SECRET_KEY)).then(
        (value) => {
          const token = normalizeToken(value);
          // Test builds: the UI test checks that a warm start shows the tree before this read.
          if (__TEST_HOOKS__) this.log.info('Read the API token from SecretStorage.');
          if (this.token === read) {
            const vouched = this.assumedPresent;
            this.learned(token !== undefined);
            // The views were shown on the remembered flag, and the token is gone (its store was
            // reset outside VS Code): they switch to the welcome view that asks for one.
            if (vouched && token === undefined && this.demoToken() === undefined) {
              this.tokenGeneration++;
              this.changed();
            }
          }
          return token;
        },
        (err: unknown) => {
          this.log.error(`Could not read the API token from SecretStorage: ${String(err)}`);
          this.token = undefined;
          return undefined;
        },
      );
      this.token = read;
    }
    // The demo token is looked at on every read, so that it stops at once if the base URL changes.
    return this.token.then((t) => t ?? this.demoToken());
  }

  /**
   * `npm run demo` opens the workbench in the user's own browser, whose SecretStorage is
   * empty, and passes the local sample server's token in VOICE_AI_DEMO_TOKEN. It is used
   * in memory only, never stored, and only while the base URL is a loopback address, so
   * that it can never be sent to a real server. Development builds only (the demo runs one).
   */
  private demoToken(): string | undefined {
    if (!__TEST_HOOKS__) return undefined;
    const token = process.env.VOICE_AI_DEMO_TOKEN?.trim();
    if (!token) return undefined;
    try {
      return isLoopback(new URL(this.settings.baseUrl()).hostname) ? token : undefined;
    } catch {
      return undefined;
    }
  }

  info(): ConnectionInfo | undefined {
    if (this.sample) {
      return { baseUrl: this.sample.baseUrl, locationId: this.sample.locationId, apiVersion: this.settings.apiVersion(), sampleData: true };
    }
    const locationId = this.settings.locationId();
    if (!locationId) {
      return undefined;
    }
    return { baseUrl: this.settings.baseUrl(), locationId, apiVersion: this.settings.apiVersion(), sampleData: false };
  }

  /**
   * What a process of our own needs to reach the API (the MCP server, given them in its
   * environment when VS Code starts it): undefined while no token or no location is set.
   */
  async credentials(): Promise<(ConnectionInfo & { readonly token: string }) | undefined> {
    const info = this.info();
    if (!info) return undefined;
    const token = this.sample ? this.sample.token : await this.readToken();
    return token ? { ...info, token } : undefined;
  }

  async status(): Promise<'ready' | 'noToken' | 'noLocation'> {
    if (this.sample) {
      return 'ready';
    }
    if (!(this.presentWithoutReading() || (await this.readToken()))) {
      return 'noToken';
    }
    return this.settings.locationId() ? 'ready' : 'noLocation';
  }

  /** True when a token is known to be there without reading SecretStorage now (see TOKEN_STORED_KEY). */
  private presentWithoutReading(): boolean {
    if (this.demoToken() !== undefined) return true;
    if (this.tokenPresent !== undefined) return this.tokenPresent;
    if (this.memory.get<boolean>(TOKEN_STORED_KEY) !== true) return false;
    this.assumedPresent = true;
    return true;
  }

  /** Reads the token now if only the remembered flag vouched for it (the views call it once shown). */
  confirmToken(): void {
    if (this.tokenPresent === undefined && !this.sample) void this.readToken();
  }

  private learned(present: boolean): void {
    this.tokenPresent = present;
    this.assumedPresent = false;
    if (this.memory.get<boolean>(TOKEN_STORED_KEY) !== present) void this.memory.update(TOKEN_STORED_KEY, present);
  }

  private onRequest = (e: RequestLogEntry): void => {
    if (__TEST_HOOKS__) this.requestCount++;
    // The client gives path without query secrets; the token never reaches the log.
    const retry = e.attempt > 1 ? ` (attempt ${e.attempt})` : '';
    const line = `${e.method} ${e.path} → ${e.status ?? 'no response'} in ${Math.round(e.ms)} ms${retry}${e.error ? `: ${e.error}` : ''}`;
    if (e.status !== undefined && e.status < 400 && !e.error) {
      this.log.info(line);
    } else {
      this.log.warn(line);
    }
  };

  private newClient(api: ClientModule, baseUrl: string, token: string, locationId: string): VoiceAiClient {
    return new api.VoiceAiClient({ baseUrl, token, locationId, apiVersion: this.settings.apiVersion(), onRequest: this.onRequest, proxy: this.settings.proxy() });
  }

  async getClient(): Promise<VoiceAiClient> {
    // Loaded before the key is read, so that no change can slip in between it and the new client.
    const api = await loadClientModule();
    let baseUrl: string;
    let token: string;
    let locationId: string;
    let key: string;
    if (this.sample) {
      ({ baseUrl, token, locationId } = this.sample);
      key = `sample|${baseUrl}`;
    } else {
      const generation = this.tokenGeneration;
      const stored = await this.readToken();
      if (!stored) {
        throw new NotConfiguredError('noToken');
      }
      const location = this.settings.locationId();
      if (!location) {
        throw new NotConfiguredError('noLocation');
      }
      token = stored;
      locationId = location;
      baseUrl = this.settings.baseUrl();
      key = `account|${this.settingsKey()}|${generation}`;
    }
    if (this.client?.key === key) {
      return this.client.client;
    }
    const old = this.client;
    this.client = { key, client: this.newClient(api, baseUrl, token, locationId) };
    if (old) {
      void old.client.close().catch(() => undefined);
    }
    this.log.info(
      `Connected to ${baseUrl} ${this.client.client.route()} (location ${locationId}, API version ${this.settings.apiVersion()}${this.sample ? ', sample data' : ''}).`,
    );
    return this.client.client;
  }

  async checkToken(token: string, locationId?: string): Promise<void> {
    const location = locationId ?? this.settings.locationId();
    if (!location) {
      throw new NotConfiguredError('noLocation');
    }
    const client = this.newClient(await loadClientModule(), this.settings.baseUrl(), token, location);
    try {
      // The cheapest request that proves the token reads call logs of this location.
      await client.listCallLogs({ pageSize: 1 }, 1);
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  setToken(token: string): Promise<void> {
    return this.switchToken(this.secrets.store(TOKEN_SECRET_KEY, token.trim()), token.trim());
  }

  clearToken(): Promise<void> {
    return this.switchToken(this.secrets.delete(TOKEN_SECRET_KEY), undefined);
  }

  /** Switches over once the secret is written, without waiting for its change event (which may come late). */
  private switchToken(write: Thenable<void>, token: string | undefined): Promise<void> {
    const change = Promise.resolve(write).then(() => {
      this.token = Promise.resolve(token);
      this.learned(token !== undefined);
      this.tokenGeneration++;
      this.changed();
    });
    this.ownChange = change.catch(() => undefined);
    return change;
  }

  useSampleServer(server: SampleServer | undefined): void {
    this.sample = server ? { ...server } : undefined;
    void vscode.commands.executeCommand('setContext', 'voiceAi.sampleData', this.sample !== undefined);
    this.changed();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.emitter.dispose();
    void this.client?.client.close().catch(() => undefined);
  }
}
