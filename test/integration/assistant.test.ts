// The assistant's tools in a real VS Code: each Language Model Tool through vscode.lm.invokeTool
// against the local API server (filters reach the request, paging hints, budgets, credentials
// masked, hostile text as plain text, errors as sentences, never the token), and the MCP server
// definition provider: VS Code starts dist/mcp-server.js from it, with the token in the server's
// environment only, and its tools answer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ApiServer, SampleCallLog } from '../api-server/server';
import { HOSTILE_IMG, HOSTILE_SCRIPT } from '../api-server/hostile';
import { presetToMs } from '../../src/services/zones';
import { CALL_LOGS_PATH, activate, connect, resetExtension, setSetting, startServer, syncedStore, waitFor, type ExtensionExports } from './helpers';

const ZONE = 'America/Chicago';
const MASK = '••••••••';

interface WithMcp extends ExtensionExports {
  readonly mcpServer: { definition(): vscode.McpStdioServerDefinition; resolve(server: vscode.McpServerDefinition): Promise<vscode.McpServerDefinition> };
}

const MCP_SERVER_ID = 'leadway.voice-ai-call-logs/Voice AI Call Logs';
const HTTP_SETTINGS = ['proxy', 'proxyAuthorization', 'proxyStrictSSL', 'noProxy'] as const;

/** Writes one of VS Code's http.* settings (user level) and waits until the extension host sees it. */
async function setHttp(name: (typeof HTTP_SETTINGS)[number], value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('http').update(name, value, vscode.ConfigurationTarget.Global);
  await waitFor(() => JSON.stringify(vscode.workspace.getConfiguration('http').inspect(name)?.globalValue) === JSON.stringify(value), `http.${name} to be written`);
}

/** The name VS Code gives the MCP server's tool `tool`, once the server has listed its tools. */
async function mcpToolName(tool: string): Promise<string> {
  // The registry picks new definitions up after a short debounce: the first start may do nothing.
  const isOurs = (t: vscode.LanguageModelToolInformation) => t.name.startsWith('mcp_') && t.name.endsWith(`_${tool}`);
  await waitFor(
    async () => {
      if (vscode.lm.tools.some(isOurs)) return true;
      await vscode.commands.executeCommand('workbench.mcp.startServer', MCP_SERVER_ID, { waitForLiveTools: true, autoTrustChanges: true });
      return vscode.lm.tools.some(isOurs);
    },
    'the MCP server to start and list its tools',
    60_000,
  );
  return vscode.lm.tools.find(isOurs)?.name ?? '';
}

/** The one process running dist/mcp-server.js: its command line and environment. */
function mcpProcess(script: string): { cmdline: string; environ: string[] } {
  const ours = fs.readdirSync('/proc').filter((pid) => {
    try {
      return /^\d+$/.test(pid) && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(script);
    } catch {
      return false;
    }
  });
  assert.equal(ours.length, 1, `MCP server processes: ${ours.join(', ')}`);
  return { cmdline: fs.readFileSync(`/proc/${ours[0]}/cmdline`, 'utf8'), environ: fs.readFileSync(`/proc/${ours[0]}/environ`, 'utf8').split('\0') };
}

/** Invokes a tool as a chat would (no chat request: no invocation token) and returns its one text part. */
async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  assert.ok(result instanceof vscode.LanguageModelToolResult);
  assert.equal(result.content.length, 1);
  const part = result.content[0];
  // Plain text, not markup a renderer would interpret.
  assert.ok(part instanceof vscode.LanguageModelTextPart, 'a text part');
  return part.value;
}

describe('Assistant: Language Model Tools and MCP server', function () {
  this.timeout(120_000);
  let server: ApiServer;
  let api: WithMcp;
  const answers: string[] = [];

  async function ask(name: string, input: object): Promise<string> {
    const text = await invoke(name, input);
    answers.push(text);
    return text;
  }

  function callLogRequests(): Record<string, string>[] {
    return server.requests.filter((r) => r.path === CALL_LOGS_PATH).map((r) => r.query);
  }

  before(async () => {
    server = await startServer();
    api = (await activate()).api as WithMcp;
    await setSetting('timeZone', ZONE);
    await connect(api, server);
  });

  after(async () => {
    await resetExtension();
    await server?.stop();
  });

  it('lists the three tools with their input schemas', () => {
    for (const name of ['voiceAi_searchCalls', 'voiceAi_getCall', 'voiceAi_callStats']) {
      const tool = vscode.lm.tools.find((t) => t.name === name);
      assert.ok(tool, `${name} is not listed`);
      assert.equal((tool.inputSchema as { type?: string }).type, 'object');
      assert.ok(tool.description.includes('Read-only'));
    }
  });

  it('voiceAi_searchCalls applies agent, action types and a date range, and says how to page', async () => {
    const agent = server.data.agents[1];
    const range = presetToMs('last30', ZONE, Date.now());
    const expected = server.data.callLogs.filter(
      (c) =>
        c.agentId === agent.id &&
        c.executedCallActions.some((a) => a.actionType === 'SMS' || a.actionType === 'CALL_TRANSFER') &&
        Date.parse(c.createdAt) >= range.startDate &&
        Date.parse(c.createdAt) <= range.endDate,
    );
    assert.ok(expected.length > 3, `the sample has ${expected.length} such calls: too few to page`);
    server.clearRequests();
    const pageSize = 3;
    const text = await ask('voiceAi_searchCalls', { agent: agent.agentName.slice(0, 12).toUpperCase(), actionTypes: ['sms', 'CALL_TRANSFER'], range: 'last30', pageSize });
    // The filter reached the API.
    const [query] = callLogRequests();
    assert.equal(query.agentId, agent.id);
    assert.equal(query.actionType, 'SMS,CALL_TRANSFER');
    assert.equal(query.startDate, String(range.startDate));
    assert.equal(query.endDate, String(range.endDate));
    assert.equal(query.pageSize, String(pageSize));
    // The rows are those calls, and the paging hint is right.
    const pages = Math.ceil(expected.length / pageSize);
    assert.match(text, new RegExp(`^Calls 1–3 of ${expected.length} \\(page 1 of ${pages}\\)`));
    const ids = [...text.matchAll(/^\d+\. callId (\S+) · /gm)].map((m) => m[1]);
    assert.equal(ids.length, pageSize);
    for (const id of ids) assert.ok(expected.some((c) => c.id === id), `${id} does not match the filter`);
    assert.match(text, new RegExp(`voiceAi_searchCalls with the same input and page: 2 \\(of ${pages}\\)`));
    assert.match(text, /voiceAi_getCall with its callId/);

    const last = await ask('voiceAi_searchCalls', { agent: agent.id, actionTypes: ['SMS', 'CALL_TRANSFER'], range: 'last30', pageSize, page: pages });
    assert.match(last, new RegExp(`^Calls ${(pages - 1) * pageSize + 1}–${expected.length} of ${expected.length} \\(page ${pages} of ${pages}\\)`));
    assert.doesNotMatch(last, /same input and page/, 'no next page after the last');
    const past = await ask('voiceAi_searchCalls', { agent: agent.id, actionTypes: ['SMS', 'CALL_TRANSFER'], range: 'last30', pageSize, page: pages + 1 });
    assert.match(past, new RegExp(`^Page ${pages + 1} is past the last page \\(${pages}\\)`));
  });

  it('voiceAi_searchCalls keeps to its 10,000-character budget and answers words without a store with a sentence', async () => {
    const text = await ask('voiceAi_searchCalls', { pageSize: 20 });
    assert.ok(text.length <= 10_000, `${text.length} characters`);
    assert.equal([...text.matchAll(/^\d+\. callId /gm)].length, 20, 'a full page fits');
    const words = await ask('voiceAi_searchCalls', { text: 'refund' });
    assert.match(words, /^Searching for words \(text\) needs the local call store, which is not available here/);
  });

  it('voiceAi_getCall masks custom actions\' credentials as the panel does', async () => {
    const call = plant(5, (c) => {
      c.executedCallActions = [
        {
          actionType: 'CUSTOM_ACTION',
          actionName: 'Look up order',
          triggerReceivedAt: new Date(Date.parse(c.createdAt) + 30_000).toISOString(),
          executedAt: new Date(Date.parse(c.createdAt) + 31_200).toISOString(),
          actionParameters: {
            triggerPrompt: 'When the caller gives an order number',
            apiDetails: {
              url: 'https://erp.example.com/orders?api_key=url-secret-456&id=1',
              method: 'GET',
              authenticationRequired: true,
              authenticationValue: 'Bearer auth-secret-123',
              headers: [{ key: 'X-Api-Key', value: 'header-secret-789' }, { key: 'Accept', value: 'application/json' }],
            },
          },
        },
      ] as SampleCallLog['executedCallActions'];
    });
    const text = await ask('voiceAi_getCall', { callId: call.id });
    for (const secret of ['url-secret-456', 'auth-secret-123', 'header-secret-789']) assert.ok(!text.includes(secret), `${secret} is in the answer`);
    assert.match(text, /^1\. \+0:30 Custom action “Look up order” · trigger to execution 1\.2 s$/m);
    assert.ok(text.includes(`Authentication: Required · value ${MASK}`), text);
    assert.ok(text.includes(`X-Api-Key: ${MASK}`));
    assert.ok(text.includes('Accept: application/json'));
  });

  it('voiceAi_getCall returns hostile text as it is, and cuts a long transcript within its budget, saying where', async () => {
    const call = plant(7, (c) => {
      c.summary = `Caller typed ${HOSTILE_SCRIPT} and ${HOSTILE_IMG}.`;
      c.transcript = Array.from({ length: 2000 }, (_, i) => (i % 2 ? `human: caller line ${i}` : `bot: agent line ${i}`)).join('\n');
    });
    const text = await ask('voiceAi_getCall', { callId: call.id });
    assert.ok(text.includes(`Summary: “Caller typed ${HOSTILE_SCRIPT} and ${HOSTILE_IMG}.”`), 'the summary as sent, quoted');
    assert.ok(text.length <= 12_000, `${text.length} characters`);
    const cut = /\[Transcript cut after turn (\d+) of 2000 to stay within 12,000 characters\. To read on: voiceAi_getCall with callId "(\S+)" and fromTurn: (\d+)\.\]/.exec(text);
    assert.ok(cut, text.slice(-400));
    assert.equal(cut[2], call.id);
    const next = Number(cut[3]);
    assert.equal(next, Number(cut[1]) + 1);
    assert.match(text, new RegExp(`^\\[${next - 1}\\] (agent|caller): `, 'm'));
    const more = await ask('voiceAi_getCall', { callId: call.id, fromTurn: next });
    assert.match(more, new RegExp(`^\\[${next}\\] (agent|caller): (agent|caller) line ${next - 1}$`, 'm'));
  });

  it('voiceAi_callStats gives the dashboard\'s figures for a range and an agent', async () => {
    const agent = server.data.agents[0];
    const range = presetToMs('last7', ZONE, Date.now());
    const calls = server.data.callLogs.filter((c) => c.agentId === agent.id && Date.parse(c.createdAt) >= range.startDate && Date.parse(c.createdAt) <= range.endDate);
    const text = await ask('voiceAi_callStats', { agent: agent.id, range: 'last7' });
    assert.ok(text.length <= 6000);
    const live = calls.filter((c) => !c.trialCall).length;
    assert.match(text, new RegExp(`^Calls: ${calls.length} \\(live ${live}, trial ${calls.length - live}\\)`, 'm'));
    assert.match(text, new RegExp(`\\(agent id ${agent.id}\\)`));
  });

  it('errors come back as sentences: bad input, no token, 401, 429 with the wait', async () => {
    assert.match(await ask('voiceAi_getCall', {}), /^Invalid input for voiceAi_getCall: callId is required/);
    assert.match(await ask('voiceAi_searchCalls', { range: 'lastYear' }), /^Invalid input for voiceAi_searchCalls: range must be one of today, yesterday, last7, last30, thisMonth/);
    assert.match(await ask('voiceAi_callStats', { timeZone: 'Mars/Olympus' }), /timeZone "Mars\/Olympus" is not an IANA time zone/);

    server.setFaults({ errorRate: 1, errorStatus: 401 });
    try {
      assert.match(await ask('voiceAi_searchCalls', {}), /refused the token \(401\).*Ask the user to run "Voice AI: Set API Token"/s);
      server.setFaults({ rateLimitBurst: 5, retryAfterSeconds: 120 });
      assert.match(await ask('voiceAi_getCall', { callId: server.data.callLogs[3].id }), /\(429\)\. It asked to wait 120 s\..* Wait 120 s, then call voiceAi_getCall again\./s);
    } finally {
      server.setFaults({});
    }

    await vscode.commands.executeCommand('voiceAi.clearToken');
    try {
      for (const name of ['voiceAi_searchCalls', 'voiceAi_callStats']) {
        assert.match(await ask(name, {}), /^No API token is set, so no call can be read\. Ask the user to run "Voice AI: Set API Token"/);
      }
    } finally {
      await connect(api, server);
    }
  });

  it('the MCP provider offers the server without the token; VS Code starts it with the token in its environment and its tools answer', async function () {
    const definition = api.mcpServer.definition();
    assert.equal(definition.label, 'Voice AI Call Logs');
    assert.equal(definition.command, process.execPath);
    assert.deepEqual(definition.args.length, 1);
    assert.ok(definition.args[0].endsWith('dist/mcp-server.js') && fs.existsSync(definition.args[0]), definition.args[0]);
    assert.equal(definition.env.VOICE_AI_LOCATION_ID, server.locationId);
    assert.equal(definition.env.VOICE_AI_BASE_URL, server.baseUrl);
    assert.ok(!JSON.stringify(definition).includes(server.token), 'the offered definition holds the token');

    const name = await mcpToolName('voiceAi_searchCalls');
    server.clearRequests();
    const text = await ask(name, { pageSize: 2 });
    assert.match(text, new RegExp(`^Calls 1–2 of ${server.data.callLogs.length} \\(page 1 of `));
    assert.equal(callLogRequests().length, 1, 'the MCP server read the local server');

    // The process: the token in its environment, not on its command line.
    const { cmdline, environ } = mcpProcess(definition.args[0]);
    assert.ok(!cmdline.includes(server.token), 'the token is on the command line');
    assert.ok(environ.includes(`VOICE_AI_TOKEN=${server.token}`), 'the token is not in the environment');
    await vscode.commands.executeCommand('workbench.mcp.stopServer', MCP_SERVER_ID);
  });

  it('VS Code starts the MCP server with the store file and the proxy settings in its environment only, and it answers from the store', async () => {
    const proxyUrl = 'http://mcp-user:mcp-pr0xy-secret@127.0.0.1:9';
    const authorization = 'Basic bWNwLXVzZXI6bWNwLWF1dGgtc2VjcmV0';
    try {
      await syncedStore(api);
      const file = api.services.store.fileInUse();
      assert.ok(file !== undefined && fs.existsSync(file), `store file ${String(file)}`);
      // The API is on loopback, which is always reached directly: the proxy is named, never used.
      await setHttp('proxy', proxyUrl);
      await setHttp('proxyAuthorization', authorization);
      await setHttp('proxyStrictSSL', false);
      await setHttp('noProxy', ['intranet.example']);

      const offered = api.mcpServer.definition();
      const secrets = [server.token, 'mcp-pr0xy-secret', authorization, file];
      for (const secret of secrets) assert.ok(!JSON.stringify(offered).includes(secret), `the offered definition holds ${secret}`);
      const resolved = await api.mcpServer.resolve(offered);
      assert.ok(resolved instanceof vscode.McpStdioServerDefinition);
      assert.equal(resolved.env.VOICE_AI_STORE_FILE, file);
      assert.equal(resolved.env.VOICE_AI_PROXY, proxyUrl);
      assert.equal(resolved.env.VOICE_AI_PROXY_AUTHORIZATION, authorization);
      assert.equal(resolved.env.VOICE_AI_PROXY_STRICT_SSL, 'false');
      assert.equal(resolved.env.VOICE_AI_NO_PROXY, 'intranet.example');
      assert.equal(resolved.env.VOICE_AI_TOKEN, server.token);
      for (const secret of secrets) assert.ok(!resolved.args.join(' ').includes(secret) && !resolved.command.includes(secret), `the command line holds ${secret}`);

      // The server VS Code starts now reads the store: no call-log request.
      await vscode.commands.executeCommand('workbench.mcp.startServer', MCP_SERVER_ID, { waitForLiveTools: true, autoTrustChanges: true });
      const stats = await mcpToolName('voiceAi_callStats');
      server.clearRequests();
      const text = await ask(stats, { range: 'last30' });
      assert.match(text, /Source: the local call store\./);
      assert.deepEqual(server.requests.filter((r) => r.path.startsWith(CALL_LOGS_PATH)), [], 'no call-log request');
      const { cmdline, environ } = mcpProcess(offered.args[0]);
      assert.ok(environ.includes(`VOICE_AI_STORE_FILE=${file}`), 'the store file is not in the environment');
      assert.ok(environ.includes(`VOICE_AI_PROXY=${proxyUrl}`) && environ.includes(`VOICE_AI_PROXY_AUTHORIZATION=${authorization}`), 'the proxy is not in the environment');
      for (const secret of secrets) assert.ok(!cmdline.includes(secret), `the command line holds ${secret}`);
    } finally {
      await vscode.commands.executeCommand('workbench.mcp.stopServer', MCP_SERVER_ID);
      for (const name of HTTP_SETTINGS) await setHttp(name, undefined);
      await vscode.commands.executeCommand('voiceAi.clearLocalData', { confirm: false });
      await setSetting('store.enabled', false);
    }
  });

  it('with the local store synced: words are searched there, covered searches and stored calls cost no request', async () => {
    try {
      await syncedStore(api);

      const word = 'transferred';
      const fold = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      const has = (t: string | undefined) => t !== undefined && fold(t).split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(word));
      const expected = server.data.callLogs.filter((c) => c.trialCall && (has(c.summary) || has(c.transcript)));
      assert.ok(expected.length > 0, 'the sample has trial calls with the word');
      server.clearRequests();
      const found = await ask('voiceAi_searchCalls', { text: 'TRANSFERRED', callType: 'trial', pageSize: 20 });
      assert.match(found, new RegExp(`^Calls 1–${Math.min(20, expected.length)} of ${expected.length} \\(page 1 of \\d+\\) matching: words "TRANSFERRED" · trial calls`));
      assert.match(found, /Source: the local call store \(full-text search\)\./);
      for (const id of [...found.matchAll(/^\d+\. callId (\S+) · /gm)].map((m) => m[1])) assert.ok(expected.some((c) => c.id === id), `${id} has not the word`);

      const covered = await ask('voiceAi_searchCalls', { range: 'last30', actionTypes: ['APPOINTMENT_BOOKING'], pageSize: 5 });
      assert.match(covered, /Source: the local call store\.$/m);
      const stored = await ask('voiceAi_getCall', { callId: server.data.callLogs[20].id });
      assert.match(stored, /Source: the local call store\.$/m);
      assert.deepEqual(server.requests.filter((r) => r.path.startsWith(CALL_LOGS_PATH)), [], 'no call-log request');
    } finally {
      await vscode.commands.executeCommand('voiceAi.clearLocalData', { confirm: false });
      await setSetting('store.enabled', false);
    }
  });

  it('no answer holds the token', () => {
    assert.ok(answers.length >= 15, `${answers.length} answers`);
    for (const text of answers) assert.ok(!text.includes(server.token), text.slice(0, 200));
  });

  function plant(index: number, change: (c: SampleCallLog) => void): SampleCallLog {
    const call = server.data.callLogs[index];
    change(call);
    return call;
  }
});
