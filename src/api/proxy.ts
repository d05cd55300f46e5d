// Which proxy, if any, carries the requests to the API: the caller's proxy options (in VS Code,
// the http.proxy, http.noProxy, http.proxyStrictSSL and http.proxyAuthorization settings),
// else the HTTPS_PROXY / HTTP_PROXY / NO_PROXY environment variables. The precedence follows
// VS Code's own resolver, so that our requests take the path the rest of VS Code takes:
// loopback is always direct; a non-empty noProxy option replaces NO_PROXY; the option's proxy
// wins over the environment's; https_proxy, HTTPS_PROXY, http_proxy, HTTP_PROXY in that order.
// Pure: no sockets here (the transport turns the result into undici's ProxyAgent).
import * as l10n from '@vscode/l10n';
import { BlockList, isIP } from 'node:net';
import { isLoopback } from './endpoint';
import { errorCode } from './retry';
import { invalidInput } from './errors';

export interface ProxyOptions {
  /** Proxy for every request, e.g. `http://user:password@proxy.example:8080`; empty: the environment's. */
  url?: string;
  /** Names where `url` comes from, for messages (default "the proxy option"). */
  source?: string;
  /** Hosts reached without the proxy (`example.com`, `.example.com`, `*.example.com`, `host:port`, `10.0.0.0/8`, `*`); when non-empty, NO_PROXY is not read. */
  noProxy?: readonly string[];
  /** Verify the TLS certificates of the proxy and, through it, of the API; default true. */
  strictSSL?: boolean;
  /** The Proxy-Authorization header's value (e.g. `Basic dXNlcjpwYXNz`); wins over credentials in the URL. */
  authorization?: string;
  /** Where HTTPS_PROXY & co. are read; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedProxy {
  /** The proxy's URL without credentials: safe to show and log. */
  readonly uri: string;
  /** Where it came from: the option's source or the environment variable's name. */
  readonly source: string;
  /** The Proxy-Authorization value to send, if any. A secret: never shown or logged. */
  readonly authorization?: string;
  readonly strictSSL: boolean;
  /** Texts that must never reach a message or a log (the password, the authorization value). */
  readonly secrets: readonly string[];
}

const ENV_PROXY_NAMES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const;

/** The proxy for requests to `target` (a URL or origin), or undefined for a direct connection. */
export function resolveProxy(target: string | URL, options: ProxyOptions = {}): ResolvedProxy | undefined {
  const env = options.env ?? process.env;
  const url = new URL(target);
  if (isLoopback(url.hostname)) return undefined;
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const configured = (options.noProxy ?? []).filter((entry) => typeof entry === 'string' && entry.trim() !== '');
  const noProxy = configured.length > 0 ? configured : (env.no_proxy ?? env.NO_PROXY ?? '').split(/[,\s]+/);
  if (bypassesProxy(noProxy, url.hostname, port)) return undefined;

  let raw = options.url?.trim();
  let source = options.source ?? 'the proxy option';
  if (!raw) {
    const name = ENV_PROXY_NAMES.find((n) => (env[n] ?? '').trim() !== '');
    if (!name) return undefined;
    raw = (env[name] ?? '').trim();
    source = name;
  }
  return parseProxy(raw, source, options);
}

function parseProxy(raw: string, source: string, options: ProxyOptions): ResolvedProxy {
  let url: URL;
  try {
    // `proxy.example:8080` (common in HTTP_PROXY) means http.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    // Not echoed: it may hold a password.
    throw invalidInput(l10n.t('The proxy address from {0} is not a valid URL: use http://host:port.', source));
  }
  const user = safeDecode(url.username);
  const password = safeDecode(url.password);
  const secrets = [url.password, password].filter((s) => s.length > 0);
  url.username = '';
  url.password = '';
  const uri = url.href.replace(/\/$/, '');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidInput(l10n.t('The proxy {0} (from {1}) is not supported: use an http:// or https:// proxy.', uri, source));
  }
  let authorization = options.authorization?.trim() || undefined;
  if (!authorization && (user || password)) {
    authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  if (authorization) secrets.push(authorization, authorization.replace(/^\S+\s+/, ''));
  return { uri, source, authorization, strictSSL: options.strictSSL !== false, secrets };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * True when a NO_PROXY-style list exempts `hostname` (as in URL.hostname) on `port`: `*`, a
 * domain and its subdomains (`example.com`, `.example.com`, `*.example.com`), optionally with a
 * port (`example.com:8443`, `[::1]:80`), an IP address or a CIDR range (`10.0.0.0/8`).
 */
export function bypassesProxy(entries: readonly string[], hostname: string, port: number): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const { name, entryPort } = splitPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (name.includes('/')) {
      if (inRange(name, host)) return true;
      continue;
    }
    const domain = name.replace(/^\*?\./, '').replace(/\.$/, '');
    if (domain !== '' && (host === domain || host.endsWith(`.${domain}`))) return true;
  }
  return false;
}

function splitPort(entry: string): { name: string; entryPort?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1], entryPort: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  // One colon is a port; more make an IPv6 address without brackets.
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  return withPort ? { name: withPort[1], entryPort: Number(withPort[2]) } : { name: entry };
}

function inRange(cidr: string, host: string): boolean {
  const [address, bits] = cidr.split('/');
  const family = isIP(address);
  if (family === 0 || isIP(host) !== family || !/^\d+$/.test(bits)) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  try {
    const list = new BlockList();
    list.addSubnet(address, Number(bits), type);
    return list.check(host, type);
  } catch {
    return false;
  }
}

/** "http://proxy.example:8080 (from HTTPS_PROXY)". */
export function describeProxy(proxy: ResolvedProxy): string {
  return `${proxy.uri} (from ${proxy.source})`;
}

const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UND_ERR_PRX_TLS',
]);

/**
 * What went wrong on the way through the proxy, in words a user can act on, or undefined when
 * the failure says nothing about the proxy. Every TCP connection goes to the proxy (it resolves
 * and reaches the API's host), so a refused or unresolvable connection is the proxy's.
 */
export function proxyFailure(error: unknown, proxy: ResolvedProxy): string | undefined {
  const named = describeProxy(proxy);
  const status = tunnelStatus(error);
  if (status === 407) {
    return proxy.authorization
      ? l10n.t('the proxy {0} refused the credentials given (407 Proxy Authentication Required). Put the right ones in the proxy URL (http://user:password@host:port) or in the Proxy-Authorization value (VS Code: http.proxyAuthorization)', named)
      : l10n.t('the proxy {0} asks for a user name and password (407 Proxy Authentication Required). Put the right ones in the proxy URL (http://user:password@host:port) or in the Proxy-Authorization value (VS Code: http.proxyAuthorization)', named);
  }
  if (status !== undefined) {
    const why = status === 403 ? `, ${l10n.t('forbidden by the proxy')}` : status === 502 || status === 504 ? `, ${l10n.t('the proxy could not reach the API')}` : '';
    return l10n.t('the proxy {0} would not open a connection to the API ({1}). Check the API base URL, or exempt it with NO_PROXY / http.noProxy if it must be reached directly', named, `${status}${why}`);
  }
  const code = errorCode(error);
  if (code && CERTIFICATE_CODES.has(code)) {
    // Through an http:// proxy, the only TLS is the API's (as the proxy presents it, if it inspects TLS).
    return proxy.uri.startsWith('https:')
      ? l10n.t('the certificate of the proxy {0} or of the API through it is not trusted ({1}). If your proxy inspects TLS, trust its root certificate (system store or NODE_EXTRA_CA_CERTS); only on a network you trust, set http.proxyStrictSSL to false', named, code)
      : l10n.t("the API's certificate, as seen through the proxy {0}, is not trusted ({1}). If your proxy inspects TLS, trust its root certificate (system store or NODE_EXTRA_CA_CERTS); only on a network you trust, set http.proxyStrictSSL to false", named, code);
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return l10n.t('the proxy {0} cannot be reached ({1}). Check the proxy address, or remove it if this network needs none', named, code);
  }
  return undefined;
}

/** The status a proxy answered a CONNECT with, from undici's "Proxy response (407) !== 200 when HTTP Tunneling". */
function tunnelStatus(error: unknown): number | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const match = /Proxy response \((\d{3})\)/.exec(e.message);
    if (match) return Number(match[1]);
  }
  return undefined;
}
