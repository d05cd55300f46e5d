// The schemas against every example in the spec file and against generated edge cases.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import {
  ACTION_PARAMETER_SCHEMAS,
  ACTION_TYPES,
  AgentSchema,
  AgentsResponseSchema,
  CallActionSchema,
  CallLogSchema,
  CallLogsResponseSchema,
  ErrorBodySchema,
  isActionOfType,
  type ActionType,
  type CallLog,
} from '../../../src/api/schemas';
import { formatIssues } from '../../../src/api/errors';
import { callLog } from './fixtures';

type Json = Record<string, unknown>;

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'test', 'api-server', 'spec'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}

const specDir = path.join(repoRoot(), 'test', 'api-server', 'spec');
const spec = JSON.parse(fs.readFileSync(path.join(specDir, 'voice-ai.json'), 'utf8')) as { components: { schemas: Record<string, Json> } };
const common = JSON.parse(fs.readFileSync(path.join(specDir, 'common-schemas.json'), 'utf8')) as { components: { schemas: Record<string, Json> } };
const schemas = spec.components.schemas;

function resolve(schema: Json): Json {
  const ref = schema.$ref;
  if (typeof ref === 'string') return schemas[ref.replace('#/components/schemas/', '')];
  return schema;
}

/** Builds an instance of a spec schema from the examples its properties give. */
function exampleOf(input: Json): unknown {
  const schema = resolve(input);
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as Json[]).map(exampleOf);
    return parts.every((p) => typeof p === 'object' && p !== null) ? Object.assign({}, ...parts) : parts[0];
  }
  if (schema.properties) {
    const out: Json = {};
    for (const [key, prop] of Object.entries(schema.properties as Record<string, Json>)) {
      const value = exampleOf(prop);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  if (schema.type === 'array' && schema.items) {
    const item = exampleOf(schema.items as Json);
    return item === undefined ? [] : [item];
  }
  if (Array.isArray(schema.enum)) return schema.enum[0];
  return undefined;
}

/** Key of a spec `examples` entry → action type. */
const EXAMPLE_KEY_TYPES: Record<string, ActionType> = {
  callTransfer: 'CALL_TRANSFER',
  dataExtraction: 'DATA_EXTRACTION',
  inCallDataExtraction: 'IN_CALL_DATA_EXTRACTION',
  workflowTrigger: 'WORKFLOW_TRIGGER',
  sms: 'SMS',
  appointmentBooking: 'APPOINTMENT_BOOKING',
  customAction: 'CUSTOM_ACTION',
  knowledgeBase: 'KNOWLEDGE_BASE',
};

function mustParse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) assert.fail(formatIssues(result.error.issues).join('\n'));
  return result.data;
}

function issuesOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) assert.fail('expected the value to be rejected');
  return formatIssues(result.error.issues);
}

describe('schemas: every example in the spec', () => {
  it('the call log built from CallLogDTO examples parses, with all 8 executed actions typed', () => {
    const example = exampleOf(schemas.CallLogDTO) as Json;
    const call = mustParse(CallLogSchema, example);
    assert.equal(call.id, example.id);
    assert.equal(call.executedCallActions.length, 8);
    assert.deepEqual(new Set(call.executedCallActions.map((a) => a.actionType)), new Set(ACTION_TYPES));
    // The translation example has translatedTranscript but no `enabled`.
    assert.equal(call.translation?.translatedTranscript, 'Translated version of the call transcript');
    assert.deepEqual(call.extractedData, example.extractedData);
    const custom = call.executedCallActions.find((a) => a.actionType === 'CUSTOM_ACTION');
    assert.ok(custom && isActionOfType(custom, 'CUSTOM_ACTION'));
    // The example says responsePathsToExtract where the schema says selectedPaths.
    assert.deepEqual(custom.actionParameters.selectedPaths, ['data.orderId', 'status']);
    assert.deepEqual(custom.actionParameters.responsePathsToExtract, ['data.orderId', 'status']);
    assert.equal(custom.actionParameters.apiDetails?.headers?.[0]?.key, 'Content-Type');
    const transfer = call.executedCallActions[0];
    assert.ok(isActionOfType(transfer, 'CALL_TRANSFER'));
    // The call-transfer example has no triggerPrompt.
    assert.equal(transfer.actionParameters.triggerPrompt, undefined);
    assert.equal(transfer.actionParameters.transferToValue, '+12345678901');
  });

  it('each executedCallActions example parses on its own and keeps every key', () => {
    const examples = (schemas.CallLogDTO.properties as Record<string, Json>).executedCallActions.example as Json[];
    assert.equal(examples.length, 8);
    for (const example of examples) {
      const action = mustParse(CallActionSchema, example);
      for (const key of Object.keys(example.actionParameters as Json)) {
        assert.ok(key in action.actionParameters, `${String(example.actionType)} lost ${key}`);
      }
      assert.equal(action.executedAt, example.executedAt);
      assert.equal(action.triggerReceivedAt, example.triggerReceivedAt);
    }
  });

  it('the call log list built from CallLogsResponseDTO examples parses', () => {
    const example = exampleOf(schemas.CallLogsResponseDTO) as Json;
    const page = mustParse(CallLogsResponseSchema, example);
    assert.equal(page.total, 150);
    assert.equal(page.callLogs.length, 1);
  });

  it('every actionParameters example of every schema parses as its action type', () => {
    let count = 0;
    for (const [name, schema] of Object.entries(schemas)) {
      const params = (schema.properties as Record<string, Json> | undefined)?.actionParameters;
      const examples = params?.examples as Record<string, { value: Json }> | undefined;
      if (!examples) continue;
      for (const [key, { value }] of Object.entries(examples)) {
        const type = EXAMPLE_KEY_TYPES[key];
        assert.ok(type, `${name}: unknown example key ${key}`);
        const parsed = mustParse(ACTION_PARAMETER_SCHEMAS[type], value) as Json;
        for (const k of Object.keys(value)) assert.ok(k in parsed, `${name}.${key} lost ${k}`);
        // And inside an executed action.
        mustParse(CallActionSchema, { actionType: type, actionName: key, actionParameters: value });
        count++;
      }
    }
    assert.ok(count >= 7 * 2 + 3 * 4, `only ${count} examples found`);
  });

  it('the agent built from GetAgentResponseDTO examples parses (actions with _id)', () => {
    const example = exampleOf(schemas.GetAgentResponseDTO) as Json;
    const agent = mustParse(AgentSchema, example);
    assert.equal(agent.id, example.id);
    assert.equal(agent.agentName, 'Customer Support Agent');
    assert.equal(agent.actions?.[0]?.id, '507f1f77bcf86cd799439011');
    assert.equal(agent.actions?.[0]?._id, '507f1f77bcf86cd799439011');
    const list = mustParse(AgentsResponseSchema, exampleOf(schemas.GetAgentsResponseDTO));
    assert.equal(list.agents.length, 1);
  });

  it('the agent responses of the create and patch endpoints parse as agents too', () => {
    for (const name of ['CreateAgentResponseDTO', 'PatchAgentResponseDTO']) {
      if (!schemas[name]) continue;
      mustParse(AgentSchema, exampleOf(schemas[name]));
    }
  });

  it('the error body examples parse, with message as string or string[]', () => {
    for (const [name, schema] of Object.entries(common.components.schemas)) {
      const body = mustParse(ErrorBodySchema, exampleOf(schema));
      assert.ok(body.message !== undefined, name);
    }
    assert.deepEqual(mustParse(ErrorBodySchema, { statusCode: 422, message: ['a', 'b'], traceId: 't' }).message, ['a', 'b']);
  });
});

describe('schemas: tolerated deviations', () => {
  it('accepts a call log with only what the extension needs', () => {
    const call = mustParse(CallLogSchema, { id: 'c1', agentId: 'a1', createdAt: '2026-01-01T00:00:00Z', duration: 0 });
    assert.equal(call.isAgentDeleted, false);
    assert.equal(call.trialCall, false);
    assert.deepEqual(call.executedCallActions, []);
    assert.equal(call.summary, undefined);
    assert.equal(call.extractedData, undefined);
  });

  it('reads null optional fields as absent', () => {
    const call = mustParse(CallLogSchema, callLog('c1', { contactId: null, translation: null, summary: null, executedCallActions: null }));
    assert.equal(call.contactId, undefined);
    assert.equal(call.summary, undefined);
    assert.deepEqual(call.executedCallActions, []);
  });

  it('keeps unknown keys, including agentTransferOccurred', () => {
    const call = mustParse(CallLogSchema, callLog('c1', { agentTransferOccurred: true, somethingNew: { a: 1 } }));
    assert.equal(call.agentTransferOccurred, true);
    assert.deepEqual(call.somethingNew, { a: 1 });
  });

  it('accepts _id for id', () => {
    const raw = callLog('x');
    delete raw.id;
    assert.equal(mustParse(CallLogSchema, { ...raw, _id: 'mongo-id' }).id, 'mongo-id');
    assert.equal(mustParse(AgentSchema, { _id: 'agent-x', agentName: 'X' }).id, 'agent-x');
  });

  it('keeps an action of an unknown type with its parameters as they are', () => {
    const call = mustParse(
      CallLogSchema,
      callLog('c1', {
        executedCallActions: [{ actionType: 'VOICEMAIL_DROP', actionName: 'Drop', actionParameters: { audioId: 'v1', retries: 2 } }],
      }),
    ) as CallLog;
    const action = call.executedCallActions[0];
    assert.equal(action.actionType, 'VOICEMAIL_DROP');
    assert.deepEqual(action.actionParameters, { audioId: 'v1', retries: 2 });
  });

  it('accepts an action without name, parameters or times', () => {
    const action = mustParse(CallActionSchema, { actionType: 'SMS' });
    assert.deepEqual(action.actionParameters, {});
    assert.equal(action.actionName, undefined);
  });

  it('keeps extra keys in knowledge-base parameters', () => {
    const action = mustParse(CallActionSchema, {
      actionType: 'KNOWLEDGE_BASE',
      actionName: 'KB',
      actionParameters: { knowledgeBaseId: 'kb', triggerMessage: 'One moment', extra: [1, 2] },
    });
    assert.ok(isActionOfType(action, 'KNOWLEDGE_BASE'));
    assert.equal(action.actionParameters.triggerMessage, 'One moment');
    assert.deepEqual(action.actionParameters.extra, [1, 2]);
  });

  it('parses every action type with empty parameters (all spec-required parameters missing)', () => {
    for (const type of ACTION_TYPES) mustParse(CallActionSchema, { actionType: type, actionName: type, actionParameters: {} });
  });
});

describe('schemas: errors name the field path', () => {
  it('a missing createdAt in the 4th call of a page', () => {
    const body = { total: 5, page: 1, pageSize: 5, callLogs: [callLog('a'), callLog('b'), callLog('c'), callLog('d', { createdAt: undefined })] };
    assert.deepEqual(issuesOf(CallLogsResponseSchema, body), ['callLogs[3].createdAt: expected string, received undefined']);
  });

  it('wrong types', () => {
    assert.deepEqual(issuesOf(CallLogSchema, callLog('a', { duration: '120' })), ['duration: expected number, received string']);
    assert.deepEqual(issuesOf(CallLogSchema, callLog('a', { createdAt: 'yesterday' })), ['createdAt: expected an ISO date-time string']);
    assert.deepEqual(issuesOf(CallLogSchema, callLog('a', { trialCall: 'no' })), ['trialCall: expected boolean, received string']);
    assert.deepEqual(issuesOf(CallLogSchema, callLog('a', { agentId: 7 })), ['agentId: expected string, received number']);
    assert.deepEqual(issuesOf(CallLogSchema, callLog('a', { extractedData: 'x' })), ['extractedData: expected record, received string']);
    assert.deepEqual(issuesOf(CallLogSchema, 'nope'), ['(response): expected object, received string']);
  });

  it('a wrong parameter type inside an action, with its full path', () => {
    const body = {
      total: 1,
      page: 1,
      pageSize: 1,
      callLogs: [
        callLog('a', {
          executedCallActions: [
            { actionType: 'SMS', actionName: 'ok', actionParameters: { messageBody: 'hi' } },
            { actionType: 'DATA_EXTRACTION', actionName: 'bad', actionParameters: { examples: 'not a list' } },
          ],
        }),
      ],
    };
    assert.deepEqual(issuesOf(CallLogsResponseSchema, body), [
      'callLogs[0].executedCallActions[1].actionParameters.examples: expected array, received string',
    ]);
  });

  it('an action without actionType, and an agent without a name', () => {
    assert.deepEqual(issuesOf(CallActionSchema, { actionName: 'x' }), ['actionType: expected string, received undefined']);
    assert.deepEqual(issuesOf(AgentsResponseSchema, { total: 1, agents: [{ id: 'a' }] }), [
      'agents[0].agentName: expected string, received undefined',
    ]);
  });

  it('generated: removing any one required field from a spec call log is named', () => {
    const example = exampleOf(schemas.CallLogDTO) as Json;
    for (const field of ['id', 'agentId', 'createdAt', 'duration']) {
      const broken = { ...example };
      delete broken[field];
      const issues = issuesOf(CallLogSchema, broken);
      assert.equal(issues.length, 1, field);
      assert.match(issues[0], new RegExp(`^${field}: `));
    }
    // Every other spec-required field may be missing.
    for (const field of (schemas.CallLogDTO.required as string[]).filter((f) => !['id', 'agentId', 'createdAt', 'duration'].includes(f))) {
      const partial = { ...example };
      delete partial[field];
      mustParse(CallLogSchema, partial);
    }
  });
});
