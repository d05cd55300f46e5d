// The export engine against the real local API server over HTTP: complete documents, the
// file sink's safety (no partial or temporary file after a cancel or failure), faults, and a
// server total that changes during the export.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { VoiceAiClient, type VoiceAiClientOptions } from '../../src/api/client';
import {
  callLogsDocument,
  exportCallLogsToFile,
  exportCallLogsToString,
  minimumExportSeconds,
  type ExportDocument,
  type ExportRequest,
} from '../../src/api/export';
import { removeStaleTemporaryFiles, removeTemporaryFiles } from '../../src/api/atomicFile';
import type { ExportProgress } from '../../src/api/exportPaging';
import { exportProgressText } from '../../src/commands/exportText';
import { startApiServer, type ApiServer } from '../api-server/server';
import { callLog, startFixture, type Fixture } from './api/fixtures';

const FIXED_NOW = new Date('2026-03-04T05:06:07.089Z');

interface RawPage {
  total: number;
  callLogs: Array<Record<string, unknown> & { id: string }>;
}

/** Every call log as the server sends it, read with plain fetch: the oracle for the exports. */
async function rawCallLogs(server: ApiServer, query: Record<string, string> = {}): Promise<{ total: number; callLogs: RawPage['callLogs'] }> {
  const all: RawPage['callLogs'] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const url = new URL('/voice-ai/dashboard/call-logs', server.baseUrl);
    for (const [k, v] of Object.entries({ ...query, locationId: server.locationId, page: String(page), pageSize: '50' })) url.searchParams.set(k, v);
    const res = await fetch(url, { headers: { Authorization: `Bearer ${server.token}`, Version: '2021-07-28' } });
    assert.equal(res.status, 200, `oracle page ${page}`);
    const body = (await res.json()) as RawPage;
    total = body.total;
    all.push(...body.callLogs);
    if (body.callLogs.length === 0 || all.length >= total) break;
  }
  return { total, callLogs: all };
}

function clientFor(server: { baseUrl: string }, token: string, locationId: string, extra: Partial<VoiceAiClientOptions> = {}): VoiceAiClient {
  return new VoiceAiClient({ baseUrl: server.baseUrl, token, locationId, rateLimit: false, ...extra });
}

function request(server: ApiServer, client: VoiceAiClient, extra: Partial<ExportRequest> = {}): ExportRequest {
  return {
    pager: client,
    source: { baseUrl: server.baseUrl, locationId: server.locationId, apiVersion: '2021-07-28' },
    filter: {},
    timeZone: 'America/Chicago',
    now: () => FIXED_NOW,
    ...extra,
  };
}

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'voice-ai-export-test-'));
}

/** The document as the tests read it: call logs are the API's JSON, with an id. */
type ExportedDocument = ExportDocument<Record<string, unknown> & { id: string }>;

describe('export engine', () => {
  let server: ApiServer;
  let oracle: { total: number; callLogs: RawPage['callLogs'] };

  before(async () => {
    server = await startApiServer({ port: 0, rateLimit: false });
    oracle = await rawCallLogs(server);
  });
  after(async () => {
    await server.stop();
  });

  it('writes a complete document to a file: every call log as the server sent it, no temporary file left', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'calls.json');
    const client = clientFor(server, server.token, server.locationId);
    const progress: Array<{ done: number; total: number | undefined }> = [];
    try {
      const result = await exportCallLogsToFile(request(server, client, { onProgress: (p) => progress.push(p) }), target);
      const text = await fs.readFile(target, 'utf8');
      const doc = JSON.parse(text) as ExportedDocument;
      assert.deepEqual(Object.keys(doc), ['exportedAt', 'source', 'filter', 'timeZone', 'total', 'callLogs']);
      assert.equal(doc.exportedAt, FIXED_NOW.toISOString());
      assert.deepEqual(doc.source, { baseUrl: server.baseUrl, locationId: server.locationId, apiVersion: '2021-07-28' });
      assert.equal(doc.timeZone, 'America/Chicago');
      assert.ok(oracle.total > 1000, 'the sample has many pages');
      assert.equal(doc.total, oracle.total);
      assert.equal(doc.callLogs.length, oracle.total);
      assert.deepEqual(
        doc.callLogs.map((c) => c.id),
        oracle.callLogs.map((c) => c.id),
      );
      // "As the API returned them": every field, unknown ones included.
      assert.deepEqual(doc.callLogs, oracle.callLogs);
      assert.ok(!text.includes(server.token), 'the token never reaches the document');
      assert.equal(result.count, oracle.total);
      assert.equal(result.totalChanged, false);
      assert.equal(result.bytes, Buffer.byteLength(text));
      assert.deepEqual(await fs.readdir(dir), ['calls.json']);
      assert.deepEqual(progress.at(-1), { done: oracle.total, total: oracle.total });
      assert.ok(progress.length >= oracle.total / 50, 'progress is reported as pages arrive');
      assert.ok(progress.every((p, i) => i === 0 || p.done > progress[i - 1].done));
    } finally {
      await client.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('the editor sink gives the same document as the file sink, pretty-printed', async () => {
    const dir = await tempDir();
    const client = clientFor(server, server.token, server.locationId);
    try {
      const filter = { agentId: server.data.agents[0].id, callType: 'LIVE' as const };
      const req = request(server, client, { filter, filterAsSet: { agentId: filter.agentId, callType: 'LIVE', dateRange: { preset: 'last30' } } });
      const { text, result } = await exportCallLogsToString(req);
      await exportCallLogsToFile(req, path.join(dir, 'agent.json'));
      assert.equal(await fs.readFile(path.join(dir, 'agent.json'), 'utf8'), text);
      const doc = JSON.parse(text) as ExportedDocument;
      assert.equal(text, JSON.stringify(doc, null, 2) + '\n');
      const expected = await rawCallLogs(server, { agentId: filter.agentId, callType: 'LIVE' });
      assert.ok(expected.total > 0 && expected.total < oracle.total);
      assert.deepEqual(
        doc.callLogs.map((c) => c.id),
        expected.callLogs.map((c) => c.id),
      );
      assert.equal(doc.total, expected.total);
      assert.equal(result.count, expected.total);
      assert.deepEqual(doc.filter, { agentId: filter.agentId, callType: 'LIVE', dateRange: { preset: 'last30' } });
    } finally {
      await client.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('records the filter as set plus the Unix ms bounds sent', async () => {
    const client = clientFor(server, server.token, server.locationId);
    try {
      const endDate = server.sample.now;
      const startDate = endDate - 7 * 86_400_000;
      const { text } = await exportCallLogsToString(
        request(server, client, { filter: { startDate, endDate }, filterAsSet: { dateRange: { preset: 'last7' } } }),
      );
      const doc = JSON.parse(text) as ExportedDocument;
      assert.deepEqual(doc.filter, { dateRange: { preset: 'last7' }, startDate, endDate });
      const expected = await rawCallLogs(server, { startDate: String(startDate), endDate: String(endDate) });
      assert.equal(doc.total, expected.total);
      assert.ok(doc.callLogs.every((c) => Date.parse(c.createdAt as string) >= startDate && Date.parse(c.createdAt as string) <= endDate));
    } finally {
      await client.close();
    }
  });

  it('an export with no matching calls is a valid document with an empty list', async () => {
    const dir = await tempDir();
    const client = clientFor(server, server.token, server.locationId);
    try {
      const target = path.join(dir, 'none.json');
      const result = await exportCallLogsToFile(request(server, client, { filter: { agentId: 'no-such-agent-0000' } }), target);
      const doc = JSON.parse(await fs.readFile(target, 'utf8')) as ExportedDocument;
      assert.equal(result.count, 0);
      assert.equal(doc.total, 0);
      assert.deepEqual(doc.callLogs, []);
    } finally {
      await client.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('a single call document has the same shape', () => {
    const call = oracle.callLogs[0];
    const { text, exportedAt } = callLogsDocument([call as never], {
      source: { baseUrl: 'https://u:p@example.test/', locationId: 'loc', apiVersion: 'v3' },
      filter: {},
      filterAsSet: { callId: call.id },
      timeZone: 'UTC',
      now: () => FIXED_NOW,
    });
    const doc = JSON.parse(text) as ExportedDocument;
    assert.equal(exportedAt, FIXED_NOW.toISOString());
    assert.equal(doc.total, 1);
    assert.deepEqual(doc.callLogs, [call]);
    assert.deepEqual(doc.filter, { callId: call.id });
    assert.equal(doc.source.baseUrl, 'https://example.test/', 'credentials in a base URL are not written');
  });
});

describe('export engine: cancel, failure, faults', () => {
  it('cancel stops within a second and leaves neither the file nor a temporary file; an existing file is untouched', async () => {
    const server = await startApiServer({ port: 0, rateLimit: false, latencyMs: 60 });
    const dir = await tempDir();
    const target = path.join(dir, 'calls.json');
    await fs.writeFile(target, 'previous export');
    const client = clientFor(server, server.token, server.locationId);
    const controller = new AbortController();
    let abortedAt = 0;
    try {
      const started = exportCallLogsToFile(
        request(server, client, {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.done >= 600 && !controller.signal.aborted) {
              abortedAt = performance.now();
              controller.abort();
            }
          },
        }),
        target,
      );
      await assert.rejects(started, (e: Error) => e.name === 'AbortError');
      const stoppedAfter = performance.now() - abortedAt;
      assert.ok(abortedAt > 0, 'the export was under way');
      assert.ok(stoppedAfter < 1000, `stopped ${Math.round(stoppedAfter)} ms after cancel`);
      assert.deepEqual(await fs.readdir(dir), ['calls.json']);
      assert.equal(await fs.readFile(target, 'utf8'), 'previous export');
      // No more pages are requested once cancelled.
      const count = server.requests.length;
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(server.requests.length <= count + 1);
      assert.ok(server.requests.length < 2400 / 50, 'it did not run to the end');
    } finally {
      await client.close();
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('cancel while waiting for a slowed-down server still returns within a second', async () => {
    const server = await startApiServer({ port: 0, rateLimit: false, latencyMs: 5000 });
    const dir = await tempDir();
    const client = clientFor(server, server.token, server.locationId);
    const controller = new AbortController();
    try {
      setTimeout(() => controller.abort(), 300);
      const t0 = performance.now();
      await assert.rejects(exportCallLogsToFile(request(server, client, { signal: controller.signal }), path.join(dir, 'x.json')), (e: Error) => e.name === 'AbortError');
      assert.ok(performance.now() - t0 < 1300);
      assert.deepEqual(await fs.readdir(dir), []);
    } finally {
      await client.close();
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('a failed export leaves no file and no temporary file, and says why', async () => {
    const server = await startApiServer({ port: 0, rateLimit: false });
    const dir = await tempDir();
    const client = clientFor(server, server.token, server.locationId, { maxRetries: 1, retryBackoff: { baseMs: 10, maxMs: 20 } });
    try {
      let pages = 0;
      await assert.rejects(
        exportCallLogsToFile(
          request(server, client, {
            onProgress: (p) => {
              // Once some pages are on disk, make every further answer fail.
              if (p.done === 200 && pages++ === 0) server.setFaults({ errorRate: 1 });
            },
          }),
          path.join(dir, 'calls.json'),
        ),
        (e: Error) => e.name !== 'AbortError',
      );
      assert.deepEqual(await fs.readdir(dir), []);
    } finally {
      await client.close();
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('with 500s, connection resets and a 429 burst the file is still complete and its ids equal the server’s', async () => {
    const server = await startApiServer({ port: 0, rateLimit: false });
    const dir = await tempDir();
    const client = clientFor(server, server.token, server.locationId, { retryBackoff: { baseMs: 20, maxMs: 100 } });
    try {
      const expected = await rawCallLogs(server);
      server.clearRequests();
      server.setFaults({ errorRate: 0.15, resetRate: 0.05, rateLimitBurst: 3, retryAfterSeconds: 1, pathPrefix: '/voice-ai/dashboard/call-logs' });
      const target = path.join(dir, 'calls.json');
      const result = await exportCallLogsToFile(request(server, client), target);
      const doc = JSON.parse(await fs.readFile(target, 'utf8')) as ExportedDocument;
      assert.deepEqual(
        doc.callLogs.map((c) => c.id),
        expected.callLogs.map((c) => c.id),
      );
      assert.deepEqual(doc.callLogs, expected.callLogs);
      assert.equal(doc.total, expected.total);
      assert.equal(result.count, expected.total);
      const statuses = server.requests.map((r) => r.status);
      assert.ok(statuses.includes(429), 'a 429 burst was met');
      assert.ok(statuses.includes(500), '500s were met (the client does not retry them; the export asks again)');
      assert.ok(statuses.includes(0), 'connection resets were met');
      assert.deepEqual(await fs.readdir(dir), ['calls.json']);
    } finally {
      await client.close();
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('pages that arrive cut off are asked for again when their turn comes: the file is complete and as sent', async () => {
    const server = await startApiServer({ port: 0, rateLimit: false });
    const dir = await tempDir();
    const client = clientFor(server, server.token, server.locationId);
    try {
      const expected = await rawCallLogs(server);
      server.clearRequests();
      server.setFaults({ malformedJsonRate: 0.2, pathPrefix: '/voice-ai/dashboard/call-logs' });
      const target = path.join(dir, 'calls.json');
      const result = await exportCallLogsToFile(request(server, client), target);
      const doc = JSON.parse(await fs.readFile(target, 'utf8')) as ExportedDocument;
      assert.deepEqual(doc.callLogs, expected.callLogs);
      assert.equal(result.count, expected.total);
      const pages = Math.ceil(expected.total / 50);
      assert.ok(server.requests.length > pages, `cut-off pages were asked for again (${server.requests.length} requests for ${pages} pages)`);
    } finally {
      await client.close();
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('the user’s requests go ahead of the export’s pages in the rate limiter', async () => {
    // 4 requests per 500 ms: the export's 16 pages queue in the limiter for about 2 s.
    const rateLimit = { max: 4, intervalMs: 500 };
    const server = await startApiServer({ port: 0, rateLimit, calls: 800 });
    const client = clientFor(server, server.token, server.locationId, { rateLimit });
    try {
      const exporting = exportCallLogsToString(request(server, client));
      await new Promise((r) => setTimeout(r, 600));
      const asked = performance.now();
      const page = await client.listCallLogs({ agentId: server.data.agents[0].id }, 1);
      const waitedMs = performance.now() - asked;
      const pagesLeft = Math.ceil(server.data.callLogs.length / 50) - server.requests.filter((r) => r.path === '/voice-ai/dashboard/call-logs' && r.query.agentId === undefined).length;
      assert.ok(page.callLogs.length > 0);
      // Behind the queued pages it would wait several windows; ahead of them, at most one.
      assert.ok(waitedMs < 600, `waited ${Math.round(waitedMs)} ms`);
      assert.ok(pagesLeft > 4, `the export was still running (${pagesLeft} pages to go)`);
      const { result } = await exporting;
      assert.equal(result.count, server.data.callLogs.length);
      assert.equal(server.requests.filter((r) => r.status === 429).length, 0);
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('says so when the server’s total changes during the export, and the document’s total matches its list', async () => {
    const server = await startApiServer({ port: 0, rateLimit: false });
    // A proxy in front of the real server reports 3 more calls on the first page, as if calls
    // had been deleted after it was read.
    const proxy = http.createServer((req, res) => {
      const upstream = http.request(new URL(req.url ?? '/', server.baseUrl), { headers: req.headers }, (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          let body = Buffer.concat(chunks).toString('utf8');
          const page = new URL(req.url ?? '/', 'http://x').searchParams.get('page');
          if (up.statusCode === 200 && page === '1') {
            const json = JSON.parse(body) as { total: number };
            json.total += 3;
            body = JSON.stringify(json);
          }
          res.writeHead(up.statusCode ?? 502, { 'content-type': 'application/json' });
          res.end(body);
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const dir = await tempDir();
    const client = clientFor({ baseUrl: proxyUrl }, server.token, server.locationId);
    try {
      const expected = await rawCallLogs(server);
      const target = path.join(dir, 'calls.json');
      const result = await exportCallLogsToFile(request(server, client), target);
      assert.equal(result.totalChanged, true);
      assert.equal(result.firstServerTotal, expected.total + 3);
      assert.equal(result.lastServerTotal, expected.total);
      assert.equal(result.count, expected.total);
      const text = await fs.readFile(target, 'utf8');
      const doc = JSON.parse(text) as ExportedDocument;
      // The head was first written with the server's first total; it is rewritten to the count.
      assert.equal(doc.total, expected.total);
      assert.equal(doc.callLogs.length, expected.total);
      assert.deepEqual(
        doc.callLogs.map((c) => c.id),
        expected.callLogs.map((c) => c.id),
      );
      assert.equal(text, JSON.stringify(doc, null, 2) + '\n');
      assert.deepEqual(await fs.readdir(dir), ['calls.json']);

      const { result: inMemory } = await exportCallLogsToString(request(server, client));
      assert.equal(inMemory.totalChanged, true);
    } finally {
      await client.close();
      await new Promise((r) => proxy.close(r));
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

/** Our temporary files in `dir` (a running or abandoned export's). */
async function temporaryFiles(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((n) => n.endsWith('.voice-ai-export.tmp'));
}

describe('export engine: a busy account', () => {
  it('calls that arrive during the export are not in it (its window ends when it started): the file is the snapshot, its head right', async () => {
    const server = await startApiServer({ port: 0, rateLimit: false });
    const dir = await tempDir();
    const client = clientFor(server, server.token, server.locationId);
    try {
      const before = await rawCallLogs(server);
      server.clearRequests();
      const startedAt = Date.now();
      let arrived: string[] = [];
      const target = path.join(dir, 'calls.json');
      const result = await exportCallLogsToFile(
        request(server, client, {
          // Between the first page and the first write to disk, three calls come in (newest first:
          // without the pinned window every later page would shift by three).
          onProgress: () => {
            if (arrived.length === 0) arrived = server.sample.arrive(3);
          },
        }),
        target,
      );
      const finishedAt = Date.now();
      const queries = server.requests.map((r) => r.query);
      const text = await fs.readFile(target, 'utf8');
      const doc = JSON.parse(text) as ExportedDocument;
      assert.equal(arrived.length, 3);
      assert.equal((await rawCallLogs(server)).total, before.total + 3, 'the server has the new calls');
      assert.deepEqual(doc.callLogs.map((c) => c.id), before.callLogs.map((c) => c.id));
      assert.equal(doc.total, before.total);
      assert.equal(text, JSON.stringify(doc, null, 2) + '\n');
      assert.equal(result.count, before.total);
      assert.equal(result.totalChanged, false);
      assert.equal(result.duplicatesSkipped, 0);
      assert.deepEqual(doc.filter, {}, 'the document records the filter as set, not the pinned bounds');
      // The window ends when the export started: before the first request reached the server (not a fixed
      // allowance after startedAt, which a late first page on a loaded machine would exceed).
      assert.ok(queries.length > 0, 'pages were asked for');
      const firstArrival = server.requests[0].at;
      assert.equal(new Set(queries.map((q) => q.endDate)).size, 1, `one pinned window: ${queries.map((q) => q.endDate).join(' ')}`);
      assert.ok(
        queries.every((q) => q.startDate === '0' && Number(q.endDate) >= startedAt && Number(q.endDate) <= firstArrival && Number(q.endDate) <= finishedAt),
        `every page asks for the window up to the start: endDate ${queries[0].endDate}, started ${startedAt}, first request ${firstArrival}`,
      );
      assert.deepEqual(await fs.readdir(dir), ['calls.json']);
    } finally {
      await client.close();
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('calls deleted during the export: the head written with the first total is rewritten to the count; a valid file, no temporary file', async () => {
    const server = await startApiServer({ port: 0, rateLimit: false });
    const dir = await tempDir();
    const client = clientFor(server, server.token, server.locationId);
    try {
      const before = await rawCallLogs(server);
      // Deleted once some pages are on disk, from pages not asked for yet (24 are in flight).
      const gone = [before.callLogs[1800].id, before.callLogs[1900].id, before.callLogs[2000].id];
      let deleted = false;
      const target = path.join(dir, 'calls.json');
      const result = await exportCallLogsToFile(
        request(server, client, {
          onProgress: (p) => {
            if (!deleted && p.done >= 500) {
              server.sample.delete(gone);
              deleted = true;
            }
          },
        }),
        target,
      );
      const text = await fs.readFile(target, 'utf8');
      const doc = JSON.parse(text) as ExportedDocument;
      assert.equal(result.firstServerTotal, before.total);
      assert.equal(result.lastServerTotal, before.total - 3);
      assert.equal(result.totalChanged, true);
      assert.equal(result.count, before.total - 3);
      assert.equal(doc.total, before.total - 3);
      assert.deepEqual(doc.callLogs.map((c) => c.id), before.callLogs.map((c) => c.id).filter((id) => !gone.includes(id)));
      assert.equal(text, JSON.stringify(doc, null, 2) + '\n');
      assert.equal(result.bytes, Buffer.byteLength(text));
      assert.deepEqual(await fs.readdir(dir), ['calls.json']);
    } finally {
      await client.close();
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('five 429s at the start (another app spending the quota) are waited out, the progress says so, and the file is complete', async () => {
    const server = await startApiServer({ port: 0, rateLimit: false, calls: 400 });
    const dir = await tempDir();
    const client = clientFor(server, server.token, server.locationId);
    try {
      const expected = await rawCallLogs(server);
      server.clearRequests();
      server.setFaults({ rateLimitBurst: 5, retryAfterSeconds: 1, pathPrefix: '/voice-ai/dashboard/call-logs' });
      const progress: ExportProgress[] = [];
      const target = path.join(dir, 'calls.json');
      const result = await exportCallLogsToFile(request(server, client, { onProgress: (p) => progress.push(p) }), target);
      const doc = JSON.parse(await fs.readFile(target, 'utf8')) as ExportedDocument;
      assert.deepEqual(doc.callLogs.map((c) => c.id), expected.callLogs.map((c) => c.id));
      assert.equal(result.count, expected.total);
      assert.equal(server.requests.filter((r) => r.status === 429).length, 5);
      const waits = progress.filter((p) => p.waiting);
      assert.equal(waits.length, 5, 'each wait is reported');
      assert.ok(waits.every((p) => p.waiting?.status === 429 && p.done === 0));
      assert.match(exportProgressText(0, undefined, 0, undefined, waits[0].waiting, waits[0].waiting!.until - 1000), /^0 calls · the API asks to wait \(429.*asking again in 1 s$/);
      assert.equal(progress.at(-1)?.waiting, undefined, 'cleared once pages come');
    } finally {
      await client.close();
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('while the server keeps answering 429, the export waits until cancelled, then stops at once', async () => {
    const server = await startApiServer({ port: 0, rateLimit: false, calls: 100 });
    const dir = await tempDir();
    const client = clientFor(server, server.token, server.locationId);
    const controller = new AbortController();
    try {
      server.setFaults({ rateLimitBurst: 1000, retryAfterSeconds: 1, pathPrefix: '/voice-ai/dashboard/call-logs' });
      const running = exportCallLogsToFile(request(server, client, { signal: controller.signal }), path.join(dir, 'calls.json'));
      await new Promise((r) => setTimeout(r, 6500));
      assert.ok(server.requests.filter((r) => r.status === 429).length >= 6, 'more 429s than the client retries by default');
      const cancelledAt = performance.now();
      controller.abort();
      await assert.rejects(running, (e: Error) => e.name === 'AbortError');
      assert.ok(performance.now() - cancelledAt < 1000);
      assert.deepEqual(await fs.readdir(dir), []);
    } finally {
      await client.close();
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('a client closed under the export (its settings changed) fails it at once, not after retries of "dropped connections"', async () => {
    const server = await startApiServer({ port: 0, rateLimit: false, latencyMs: 100 });
    const dir = await tempDir();
    const client = clientFor(server, server.token, server.locationId);
    try {
      let closedAt = 0;
      const running = exportCallLogsToFile(
        request(server, client, {
          onProgress: () => {
            if (closedAt === 0) {
              closedAt = performance.now();
              void client.close();
            }
          },
        }),
        path.join(dir, 'calls.json'),
      );
      await assert.rejects(running, (e: Error) => e.name === 'ApiError');
      assert.ok(performance.now() - closedAt < 2000, `failed ${Math.round(performance.now() - closedAt)} ms after the close`);
      assert.deepEqual(await fs.readdir(dir), []);
    } finally {
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('export engine: temporary files', () => {
  it('removeTemporaryFiles (what deactivate calls) removes the temporary file of an export still running', async () => {
    const server = await startApiServer({ port: 0, rateLimit: false, latencyMs: 200 });
    const dir = await tempDir();
    const client = clientFor(server, server.token, server.locationId);
    const controller = new AbortController();
    try {
      const running = exportCallLogsToFile(request(server, client, { signal: controller.signal }), path.join(dir, 'calls.json'));
      running.catch(() => undefined);
      // Up to 10 s: on a loaded machine the first page (and so the temporary file) can be late.
      const pollUntil = Date.now() + 10_000;
      while ((await temporaryFiles(dir)).length === 0 && Date.now() < pollUntil) await new Promise((r) => setTimeout(r, 20));
      assert.equal((await temporaryFiles(dir)).length, 1, 'the export writes its temporary file');
      removeTemporaryFiles();
      assert.deepEqual(await fs.readdir(dir), [], 'removed at once, before the export notices');
      controller.abort();
      await assert.rejects(running);
      assert.deepEqual(await fs.readdir(dir), []);
    } finally {
      await client.close();
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('removeStaleTemporaryFiles removes only our temporary files, and only old ones', async () => {
    const dir = await tempDir();
    try {
      const old = Date.now() / 1000 - 2 * 86_400;
      const files = {
        oursOld: '.voice-ai-calls-2026-11-28.json.0a1b2c3d.voice-ai-export.tmp',
        oursYoung: '.voice-ai-calls-2026-11-30.json.4e5f6a7b.voice-ai-export.tmp',
        foreignTmp: '.report.json.0a1b2c3d.tmp',
        export: 'voice-ai-calls-2026-11-28.json',
      };
      for (const name of Object.values(files)) await fs.writeFile(path.join(dir, name), 'x');
      for (const name of [files.oursOld, files.foreignTmp, files.export]) await fs.utimes(path.join(dir, name), old, old);
      const removed = await removeStaleTemporaryFiles(dir, 86_400_000);
      assert.deepEqual(removed, [path.join(dir, files.oursOld)]);
      assert.deepEqual((await fs.readdir(dir)).sort(), [files.oursYoung, files.foreignTmp, files.export].sort());
      assert.deepEqual(await removeStaleTemporaryFiles(path.join(dir, 'missing'), 0), [], 'a folder that is gone is no error');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('export engine: the JSON the API sent', () => {
  // What the spec allows but parsing normalises: `_id` instead of `id`, `null` for absent
  // fields, fields the spec does not know, defaults left out. The export must not "fix" any of it.
  const quirky = [
    callLog('call-1', { summary: null, translation: null, contactId: null, futureField: { nested: [1, null, 'x'] } }),
    (({ id, ...rest }) => ({ ...rest, _id: id }))(callLog('call-2', { isAgentDeleted: undefined, trialCall: null })),
    callLog('call-3', {
      executedCallActions: [{ _id: 'action-1', actionType: 'SMS', actionName: 'Text', actionParameters: { message: null, extra: true }, executedAt: null }],
    }),
  ];
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture((req) =>
      req.path.endsWith('/call-logs') ? { body: { total: quirky.length, page: 1, pageSize: 50, callLogs: quirky } } : { body: quirky[1] },
    );
  });
  after(() => fixture.close());

  it('writes every call log exactly as sent, to a string and to a file', async () => {
    const expected = JSON.parse(JSON.stringify(quirky)) as unknown[];
    const client = new VoiceAiClient({ baseUrl: fixture.baseUrl, token: 't', locationId: 'loc', rateLimit: false });
    const dir = await tempDir();
    try {
      const req: ExportRequest = { pager: client, source: { baseUrl: fixture.baseUrl, locationId: 'loc', apiVersion: '2021-07-28' }, filter: {}, timeZone: 'UTC', now: () => FIXED_NOW };
      const { text } = await exportCallLogsToString(req);
      assert.deepEqual((JSON.parse(text) as ExportedDocument).callLogs, expected);
      await exportCallLogsToFile(req, path.join(dir, 'calls.json'));
      assert.equal(await fs.readFile(path.join(dir, 'calls.json'), 'utf8'), text);
      // The parsed call logs the rest of the extension uses are normalised; the export is not.
      const parsed = (await client.listCallLogs({}, 1)).callLogs;
      assert.equal(parsed[1].id, 'call-2');
      assert.equal(parsed[0].summary, undefined);
    } finally {
      await client.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('one call (Export This Call) is written as sent as well; a copy of a call log as it is', async () => {
    const client = new VoiceAiClient({ baseUrl: fixture.baseUrl, token: 't', locationId: 'loc', rateLimit: false });
    try {
      const meta = { source: { baseUrl: fixture.baseUrl, locationId: 'loc', apiVersion: '2021-07-28' }, filter: {}, timeZone: 'UTC' };
      const fetched = await client.getCallLog('call-2');
      const doc = JSON.parse(callLogsDocument([fetched], meta).text) as ExportedDocument;
      assert.deepEqual(doc.callLogs, [JSON.parse(JSON.stringify(quirky[1]))]);
      const copy = { ...fetched };
      const docOfCopy = JSON.parse(callLogsDocument([copy], meta).text) as ExportedDocument;
      assert.equal(docOfCopy.callLogs[0].id, 'call-2');
      assert.equal('_id' in docOfCopy.callLogs[0], true, 'the copy carries the mirrored id and the original');
    } finally {
      await client.close();
    }
  });
});

describe('export engine: how long an export takes at least', () => {
  it('is a whole interval per window of pages beyond the first, under the tightest limit', () => {
    const api = { max: 100, intervalMs: 10_000 };
    assert.equal(minimumExportSeconds(0, [api]), 0);
    assert.equal(minimumExportSeconds(5_000, [api]), 0, '100 pages fit the first window');
    assert.equal(minimumExportSeconds(5_001, [api]), 10);
    assert.equal(minimumExportSeconds(10_000, [api]), 10, 'the benchmark’s 200 pages: the floor without latency');
    assert.equal(minimumExportSeconds(100_000, [api]), 190);
    // A sandbox account announces 25 per 10 s: that one sets the pace.
    assert.equal(minimumExportSeconds(10_000, [api, { max: 25, intervalMs: 10_000 }]), 70);
    assert.equal(minimumExportSeconds(10_000, []), 0, 'no limit');
  });
});

describe('export engine: the progress line', () => {
  const api = { max: 100, intervalMs: 10_000 };

  it('counts, and says what a stalled export waits for', () => {
    assert.equal(exportProgressText(1250, 10_000, 0, undefined), '1,250 of 10,000 calls');
    assert.equal(exportProgressText(50, undefined, 0, undefined), '50 calls');
    assert.equal(exportProgressText(5000, 10_000, 1500, api), '5,000 of 10,000 calls', 'a short pause says nothing');
    assert.equal(exportProgressText(5000, 10_000, 3000, api), "5,000 of 10,000 calls · waiting for the API's rate limit (100 requests per 10 s)");
    assert.equal(exportProgressText(5000, 10_000, 3000, undefined), '5,000 of 10,000 calls · waiting for the API');
    assert.equal(exportProgressText(10_000, 10_000, 3000, api), '10,000 of 10,000 calls', 'done: nothing to wait for');
  });

  it('the client knows when its requests wait for the rate limit', async () => {
    const rateLimit = { max: 3, intervalMs: 400 };
    const server = await startApiServer({ port: 0, rateLimit, calls: 400 });
    const client = clientFor(server, server.token, server.locationId, { rateLimit });
    try {
      assert.equal(client.waitingForRateLimit(), false);
      let finished = false;
      const exporting = exportCallLogsToString(request(server, client)).finally(() => (finished = true));
      let sawWaiting = false;
      while (!sawWaiting && !finished) {
        sawWaiting = client.waitingForRateLimit();
        await new Promise((r) => setTimeout(r, 10));
      }
      await exporting;
      assert.ok(sawWaiting, '8 pages at 3 per 400 ms wait for the limit');
      assert.equal(client.waitingForRateLimit(), false);
      assert.deepEqual(client.rateLimits(), [rateLimit]);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
