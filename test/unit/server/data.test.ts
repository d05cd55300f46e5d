import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SampleData, ACTION_TYPES, type SampleCallLog } from '../../api-server/data';
import { HOSTILE_STRINGS } from '../../api-server/hostile';
import { NOW } from './helpers';

const DAY = 86_400_000;
const E164 = /^\+[1-9]\d{10,14}$/;

// ---- a small OpenAPI schema checker over the project's copy of the spec -------------------
type Schema = Record<string, unknown>;
const SPEC_PATH = path.resolve(__dirname, '../../../../test/api-server/spec/voice-ai.json');
const spec = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8')) as { components: { schemas: Record<string, Schema> } };

function resolve(schema: Schema): Schema {
  const ref = schema.$ref as string | undefined;
  return ref ? resolve(spec.components.schemas[ref.replace('#/components/schemas/', '')]) : schema;
}

/** Errors of `value` against `schema` (oneOf treated as anyOf: two branches of the spec are identical). */
function check(value: unknown, schemaIn: Schema, at: string, errors: string[]): void {
  const schema = resolve(schemaIn);
  for (const s of (schema.allOf as Schema[] | undefined) ?? []) check(value, s, at, errors);
  const oneOf = schema.oneOf as Schema[] | undefined;
  if (oneOf && !oneOf.some((s) => { const e: string[] = []; check(value, s, at, e); return e.length === 0; })) {
    errors.push(`${at}: matches no oneOf branch`);
  }
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) errors.push(`${at}: ${JSON.stringify(value)} not in enum`);
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') errors.push(`${at}: not a string`);
      else if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${at}: not a date-time`);
      break;
    case 'number':
      if (typeof value !== 'number') errors.push(`${at}: not a number`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${at}: not a boolean`);
      break;
    case 'array':
      if (!Array.isArray(value)) errors.push(`${at}: not an array`);
      else value.forEach((v, i) => check(v, schema.items as Schema, `${at}[${i}]`, errors));
      break;
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        errors.push(`${at}: not an object`);
        break;
      }
      const obj = value as Record<string, unknown>;
      for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in obj)) errors.push(`${at}.${key}: missing`);
      const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
      for (const [key, sub] of Object.entries(props)) if (key in obj) check(obj[key], sub, `${at}.${key}`, errors);
      break;
    }
  }
}

/** Differences from the spec that api-notes documents as seen in real responses (and the spec's own examples). */
const DOCUMENTED_QUIRKS = [/^call\.summary: missing$/, /^call\.executedCallActions\[\d+\]\.actionParameters: matches no oneOf branch$/];

function callErrors(call: unknown): string[] {
  const errors: string[] = [];
  check(call, { $ref: '#/components/schemas/CallLogDTO' }, 'call', errors);
  return errors;
}

describe('api server: sample data', () => {
  const data = new SampleData({ seed: 7, calls: 2400, now: NOW, locationId: 'loc' });
  const calls = data.allCallLogs();

  it('is deterministic: same seed and now → same data; another seed → other data', () => {
    const again = new SampleData({ seed: 7, calls: 2400, now: NOW, locationId: 'loc' });
    assert.deepEqual(again.allAgents, data.allAgents);
    assert.deepEqual(again.allCallLogs(), calls);
    // Lazily built calls equal the materialized ones.
    const lazy = new SampleData({ seed: 7, calls: 2400, now: NOW, locationId: 'loc' });
    assert.deepEqual(lazy.callLog(1234), calls[1234]);
    const other = new SampleData({ seed: 8, calls: 2400, now: NOW, locationId: 'loc' });
    assert.notDeepEqual(other.callLog(0), calls[0]);
    assert.notEqual(other.allAgents[0].id, data.allAgents[0].id);
  });

  it('has at least 6 agents and one deleted agent whose calls remain', () => {
    assert.ok(data.allAgents.length >= 7);
    assert.equal(data.deletedAgentIds.size, 1);
    assert.equal(data.agents.length, data.allAgents.length - 1);
    const [deleted] = [...data.deletedAgentIds];
    const orphans = calls.filter((c) => c.agentId === deleted);
    assert.ok(orphans.length > 20);
    assert.ok(orphans.every((c) => c.isAgentDeleted));
    assert.ok(calls.filter((c) => c.agentId !== deleted).every((c) => !c.isAgentDeleted));
    for (const agent of data.allAgents) assert.ok(calls.some((c) => c.agentId === agent.id), agent.agentName);
    assert.ok(data.agents.some((a) => a.inboundNumber === undefined), 'an agent without an inbound number');
  });

  it('agents fit GetAgentResponseDTO', () => {
    for (const agent of data.allAgents) {
      const errors: string[] = [];
      check(agent, { $ref: '#/components/schemas/GetAgentResponseDTO' }, 'agent', errors);
      // The spec's own agent example has a transfer without triggerPrompt; we keep one such action.
      assert.deepEqual(errors.filter((e) => !/actionParameters: matches no oneOf branch$/.test(e)), [], agent.agentName);
      if (agent.inboundNumber) assert.match(agent.inboundNumber, E164);
    }
  });

  it('call logs fit CallLogDTO except for the quirks api-notes documents', () => {
    let quirks = 0;
    for (const call of calls) {
      const errors = callErrors(call);
      const unexpected = errors.filter((e) => !DOCUMENTED_QUIRKS.some((q) => q.test(e)));
      assert.deepEqual(unexpected, [], call.id);
      quirks += errors.length;
    }
    assert.ok(quirks > 0 && quirks < calls.length / 5, `${quirks} documented quirks`);
  });

  it('covers the last 90 days, LIVE and TRIAL, short and long calls', () => {
    const times = calls.map((c) => Date.parse(c.createdAt));
    assert.ok(Math.min(...times) > NOW - 90 * DAY && Math.min(...times) < NOW - 85 * DAY);
    assert.ok(Math.max(...times) < NOW && Math.max(...times) > NOW - DAY);
    const trials = calls.filter((c) => c.trialCall).length;
    assert.ok(trials > 200 && trials < 600, `${trials} trial calls`);
    const durations = calls.map((c) => c.duration).sort((a, b) => a - b);
    assert.ok(durations[0] >= 10 && durations[durations.length - 1] <= 1200);
    assert.ok(durations[Math.floor(durations.length / 2)] < 300, 'skewed short');
    assert.ok(durations[durations.length - 1] > 900, 'some long calls');
    assert.equal(new Set(calls.map((c) => c.id)).size, calls.length, 'unique ids');
    // Mostly in the agent's local business hours.
    const zoneOf = new Map(data.allAgents.map((a) => [a.id, new Intl.DateTimeFormat('en-US', { timeZone: a.timezone, hour: 'numeric', hourCycle: 'h23' })]));
    const daytime = calls.filter((c) => {
      const hour = Number(zoneOf.get(c.agentId)!.format(new Date(c.createdAt)));
      return hour >= 7 && hour < 21;
    }).length;
    assert.ok(daytime > calls.length * 0.75, `${daytime} of ${calls.length} calls in local daytime`);
  });

  it('has realistic phone numbers, repeated contacts, messageIds, translations, extracted data', () => {
    const numbers = calls.map((c) => c.fromNumber).filter((n): n is string => n !== undefined);
    assert.ok(numbers.length > 2000);
    for (const n of numbers) assert.match(n, E164);
    assert.ok(numbers.some((n) => n.startsWith('+1')) && numbers.some((n) => !n.startsWith('+1')));
    const contacts = new Map<string, number>();
    for (const c of calls) if (c.contactId) contacts.set(c.contactId, (contacts.get(c.contactId) ?? 0) + 1);
    assert.ok([...contacts.values()].filter((n) => n >= 5).length >= 10, 'contacts with several calls');
    assert.ok(calls.some((c) => c.contactId === undefined));
    assert.ok(calls.filter((c) => c.messageId).length > 1500);
    assert.ok(calls.some((c) => c.translation?.enabled === true && typeof c.translation.language === 'string'));
    assert.ok(calls.some((c) => c.translation?.enabled === false));
    assert.ok(calls.filter((c) => c.extractedData && Object.keys(c.extractedData).length > 2).length > 300);
    assert.ok(calls.some((c) => c.extractedData === undefined) && calls.some((c) => c.summary === undefined));
  });

  it('has bot:/human: transcripts, some without a space after the colon', () => {
    for (const c of calls) {
      const lines = c.transcript.split('\n');
      assert.ok(lines.length >= 4);
      for (const line of lines) assert.match(line, /^(bot|human): ?\S/, line);
    }
    assert.ok(calls.some((c) => /^bot:\S/m.test(c.transcript)));
    assert.ok(calls.some((c) => /^human: /m.test(c.transcript)));
  });

  it('executes all 8 action types with times inside the call, execution after trigger', () => {
    const seen = new Set<string>();
    let withNone = 0;
    let withMany = 0;
    for (const c of calls) {
      const start = Date.parse(c.createdAt);
      const end = start + c.duration * 1000;
      if (c.executedCallActions.length === 0) withNone++;
      if (c.executedCallActions.length >= 6) withMany++;
      let previous = start;
      for (const a of c.executedCallActions) {
        seen.add(a.actionType);
        const trigger = Date.parse(a.triggerReceivedAt ?? '');
        const executed = Date.parse(a.executedAt ?? '');
        assert.ok(trigger >= start && trigger <= end, `${c.id} trigger inside the call`);
        assert.ok(executed >= trigger && executed <= end, `${c.id} executed after trigger, inside the call`);
        assert.ok(trigger >= previous, 'actions in time order');
        previous = trigger;
        assert.ok(a.actionId && a.actionName && a.actionParameters);
      }
    }
    assert.deepEqual([...seen].sort(), [...ACTION_TYPES].sort());
    assert.ok(withNone > 100 && withMany > 10, `${withNone} calls without actions, ${withMany} with many`);
  });

  it('plants every hostile string somewhere in the data', () => {
    const text = JSON.stringify({ agents: data.allAgents, calls });
    for (const s of HOSTILE_STRINGS) assert.ok(text.includes(JSON.stringify(s).slice(1, -1)), s.slice(0, 40));
    const fields = (c: SampleCallLog) => ({ summary: c.summary ?? '', transcript: c.transcript, extracted: JSON.stringify(c.extractedData ?? {}) });
    assert.ok(calls.some((c) => fields(c).summary.includes('<script>')));
    assert.ok(calls.some((c) => fields(c).transcript.includes('<img src=x onerror=alert(1)>')));
    assert.ok(calls.some((c) => fields(c).extracted.includes('<script>')));
    assert.ok(data.allAgents.some((a) => a.agentName.includes('<img')));
    assert.ok(data.allAgents.some((a) => /[\u0600-\u06ff]/.test(a.agentName)));
    assert.ok(data.allAgents.some((a) => a.actions.some((x) => x.name.includes('<img'))));
  });

  it('without the hostile strings (demo, Try Sample Data): none of them, the same agents, calls and ids otherwise', () => {
    const plain = new SampleData({ seed: 7, calls: 2400, now: NOW, locationId: 'loc', hostile: false });
    const plainCalls = plain.allCallLogs();
    const text = JSON.stringify({ agents: plain.allAgents, calls: plainCalls });
    for (const s of HOSTILE_STRINGS) assert.ok(!text.includes(JSON.stringify(s).slice(1, -1)), s.slice(0, 40));
    assert.ok(!/<(img|script|svg|b)\b/i.test(text), 'no markup at all');
    assert.deepEqual(
      plain.allAgents.map((a) => a.id),
      data.allAgents.map((a) => a.id),
    );
    assert.ok(plain.allAgents.some((a) => /[\u0600-\u06ff]/.test(a.agentName)), 'still multilingual');
    assert.equal(plainCalls.length, calls.length);
    assert.deepEqual(
      plainCalls.map((c) => [c.id, c.agentId, c.createdAt, c.duration]),
      calls.map((c) => [c.id, c.agentId, c.createdAt, c.duration]),
    );
  });

  it('generates 100,000 calls quickly and filters them quickly', () => {
    let t = performance.now();
    const big = new SampleData({ seed: 1, calls: 100_000, now: NOW, locationId: 'loc' });
    const indexMs = performance.now() - t;
    t = performance.now();
    big.byCreatedAtDesc();
    big.byDurationDesc();
    const sortMs = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < 1000; i++) big.callLog(i * 97);
    const buildMs = performance.now() - t;
    console.log(`100k calls: index ${indexMs.toFixed(0)} ms, sorts ${sortMs.toFixed(0)} ms, ${(buildMs / 1000).toFixed(3)} ms per full call log`);
    assert.ok(indexMs < 8000, `index took ${indexMs} ms`);
    assert.ok(buildMs < 2000);
  });
});
