// A call log handed over from outside the client (a command's argument) becomes a typed
// CallLog: the client's own object as it is, anything else read with the schema.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VoiceAiClient } from '../../../src/api/client';
import { callLogFrom, rawOf } from '../../../src/api/raw';
import { CallActionSchema } from '../../../src/api/schemas';
import { callLog, startFixture } from './fixtures';

describe('call logs handed over', () => {
  let close: (() => Promise<void>) | undefined;
  after(async () => close?.());

  it("the client's own call log is taken as it is, with the JSON the API sent", async () => {
    const sent = callLog('c1', { summary: null, futureField: 1 });
    const fixture = await startFixture(() => ({ body: sent }));
    close = () => fixture.close();
    const client = new VoiceAiClient({ baseUrl: fixture.baseUrl, token: 't', locationId: 'loc', rateLimit: false });
    try {
      const fetched = await client.getCallLog('c1');
      assert.equal(callLogFrom(fetched), fetched);
      assert.deepEqual(rawOf(fetched), sent);
    } finally {
      await client.close();
    }
  });

  it('another object is read with the schema, quirks and all, and not taken for what the API sent', () => {
    const given = { ...callLog('x'), _id: 'x', id: undefined, summary: null, trialCall: null, extra: { a: 1 } };
    const read = callLogFrom(given);
    assert.ok(read);
    assert.notEqual(read, given);
    assert.equal(read.id, 'x');
    assert.equal(read.summary, undefined);
    assert.equal(read.trialCall, false);
    assert.deepEqual(read.extra, { a: 1 });
    assert.equal(rawOf(read), undefined, 'an export of it fetches the call');
  });

  it('an object the schema cannot read as a call log is refused', () => {
    assert.equal(callLogFrom({ id: 'x', agentId: 'y' }), undefined);
    assert.equal(callLogFrom({ ...callLog('x'), duration: '12' }), undefined);
  });

  it("an executed action's `_id` is its actionId, and its fields are typed", () => {
    const action = CallActionSchema.parse({ _id: 'a1', actionType: 'SMS', triggerReceivedAt: '2024-01-15T16:30:00.000Z' });
    assert.equal(action.actionId, 'a1');
    // Compile-time: the common fields keep their types (an `unknown` here would not build).
    const when: string | undefined = action.triggerReceivedAt;
    assert.equal(when, '2024-01-15T16:30:00.000Z');
    assert.equal(CallActionSchema.parse({ actionId: 'own', _id: 'a1', actionType: 'SMS' }).actionId, 'own');
  });
});
