// Fills a store file for the VS Code store bench (store-vscode.mjs), in a process of its own on a
// Node with node:sqlite (the harness's Node 24): the engine's first sync from the API server
// child, without a rate limit. argv[2]: JSON { baseUrl, token, locationId, file }. Prints one
// JSON line { calls, seconds }.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { VoiceAiClient } = require('../../out/src/api/client.js');
const { openCallStore } = require('../../out/src/services/store/open.js');
const { syncCalls } = require('../../out/src/services/store/sync.js');

const { baseUrl, token, locationId, file } = JSON.parse(process.argv[2]);
const opened = openCallStore({ file, account: { baseUrl, locationId } });
if (!opened.ok) throw new Error(opened.reason);
const client = new VoiceAiClient({ baseUrl, token, locationId, rateLimit: false });
const t0 = performance.now();
await syncCalls(opened.store, client);
const seconds = (performance.now() - t0) / 1000;
const calls = opened.store.coverage().callCount;
opened.store.close();
await client.close();
console.log(JSON.stringify({ calls, seconds }));
