// The local API server in its own process, so that its CPU does not distort the client's
// timings. Driven over IPC by run.mjs: options in argv[2] (JSON); answers 'stats' with the
// status counts it recorded, 'clear' empties the log, 'stop' ends it.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startApiServer } = require('../../out/test/api-server/server.js');

const options = JSON.parse(process.argv[2] ?? '{}');
const server = await startApiServer({ port: 0, ...options });

function stats() {
  const byStatus = {};
  let first = Infinity;
  let last = 0;
  for (const r of server.requests) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    first = Math.min(first, r.at);
    last = Math.max(last, r.at);
  }
  // Only what the bench needs: counting the list requests per page would double-count retries.
  const pages = server.requests.filter((r) => r.path === '/voice-ai/dashboard/call-logs' && r.status === 200).length;
  return { requests: server.requests.length, byStatus, status429: byStatus[429] ?? 0, okPages: pages, firstAt: first, lastAt: last };
}

process.on('message', async (message) => {
  if (message.type === 'stats') process.send({ type: 'stats', id: message.id, stats: stats() });
  else if (message.type === 'clear') {
    server.clearRequests();
    process.send({ type: 'cleared', id: message.id });
  } else if (message.type === 'stop') {
    await server.stop();
    process.send({ type: 'stopped', id: message.id });
    process.disconnect();
  }
});
process.send({ type: 'ready', baseUrl: server.baseUrl, token: server.token, locationId: server.locationId });
