// The stand-in is only useful if what it serves is what the client accepts: every sample call
// log and agent (hostile strings and documented quirks included) must parse with the client's
// zod schemas, and a schema-breaking fault must not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AgentSchema, CallLogSchema, CallLogsResponseSchema } from '../../../src/api/schemas';
import { SampleData } from '../../api-server/data';
import { breakSchema } from '../../api-server/faults';
import { NOW } from './helpers';

describe('api server: sample data vs the client schemas', () => {
  const data = new SampleData({ seed: 11, calls: 3000, now: NOW, locationId: 'loc' });
  const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

  it('every call log and agent parses', () => {
    for (const call of data.allCallLogs()) {
      const r = CallLogSchema.safeParse(wire(call));
      assert.ok(r.success, `${call.id}: ${r.success ? '' : JSON.stringify(r.error.issues).slice(0, 300)}`);
    }
    for (const agent of data.allAgents) assert.ok(AgentSchema.safeParse(wire(agent)).success, agent.agentName);
  });

  it('schema-breaking bodies are rejected', () => {
    const page = { total: 3, page: 1, pageSize: 3, callLogs: [0, 1, 2].map((i) => wire(data.callLog(i))) };
    assert.ok(CallLogsResponseSchema.safeParse(page).success);
    assert.ok(!CallLogsResponseSchema.safeParse(breakSchema(page, 0)).success, 'createdAt: 12345');
    assert.ok(!CallLogsResponseSchema.safeParse(breakSchema(page, 1)).success, 'no callLogs');
    assert.ok(!CallLogSchema.safeParse(breakSchema(wire(data.callLog(0)), 0)).success);
  });
});
