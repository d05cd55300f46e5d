// Where the client connects: the API's default address and version, and the one check of a
// base URL. The settings (src/services) use these too, so that what a setting accepts is
// exactly what the client accepts.
import * as l10n from '@vscode/l10n';
import { invalidInput } from './errors';

export const DEFAULT_BASE_URL = 'https://services.leadconnectorhq.com';
export const DEFAULT_API_VERSION = '2021-07-28';
/** Values of the `Version` header the API documents. */
export const SUPPORTED_API_VERSIONS = ['2021-07-28', '2021-04-15', '2023-02-21', 'v3', 'legacy'] as const;

/** True for a loopback host name, as in a URL's `hostname` (IPv6 in brackets). */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Parses and checks a base URL: https, or plain http to a loopback address only (the token must
 * not cross a network in clear), without credentials, query or fragment. Throws ApiError
 * 'invalidInput' saying what is wrong.
 */
export function parseBaseUrl(baseUrl: string): { origin: string; basePath: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw invalidInput(l10n.t('The API base URL {0} is not a valid URL.', JSON.stringify(baseUrl)));
  }
  if (url.username || url.password) throw invalidInput(l10n.t('The API base URL must not contain a user name or password.'));
  if (url.search || url.hash) throw invalidInput(l10n.t('The API base URL must not contain a query or fragment.'));
  if (url.protocol !== 'https:') {
    if (url.protocol !== 'http:' || !isLoopback(url.hostname)) {
      throw invalidInput(
        l10n.t('The API base URL must use https (got {0}); plain http is allowed only for a local server (localhost, 127.0.0.1, [::1]).', `${url.protocol}//${url.host}`),
      );
    }
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}
