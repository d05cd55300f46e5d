// The MCP server's environment variables: read by the server, set by the extension when VS Code
// starts it, and named in the README for other MCP clients. A module of its own so that the
// extension can name them without loading the server's client (and undici) at activation.
export const ENV = {
  token: 'VOICE_AI_TOKEN',
  locationId: 'VOICE_AI_LOCATION_ID',
  baseUrl: 'VOICE_AI_BASE_URL',
  apiVersion: 'VOICE_AI_API_VERSION',
  timeZone: 'VOICE_AI_TIME_ZONE',
  /** The local call store's file, read-only (in VS Code: the extension's store of the account). */
  storeFile: 'VOICE_AI_STORE_FILE',
  /** VS Code's http.proxy, http.noProxy, http.proxyStrictSSL and http.proxyAuthorization; HTTPS_PROXY / NO_PROXY apply as well. */
  proxy: 'VOICE_AI_PROXY',
  noProxy: 'VOICE_AI_NO_PROXY',
  proxyStrictSSL: 'VOICE_AI_PROXY_STRICT_SSL',
  proxyAuthorization: 'VOICE_AI_PROXY_AUTHORIZATION',
} as const;
