// The call-log filter: what reaches the query string and what is refused before sending.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callLogQuery, type CallLogFilter } from '../../../src/api/callLogQuery';
import { ApiError } from '../../../src/api/errors';

function refused(filter: CallLogFilter, pattern: RegExp, page?: number): void {
  assert.throws(
    () => callLogQuery(filter, page),
    (e: unknown) => e instanceof ApiError && e.kind === 'invalidInput' && pattern.test(e.message),
  );
}

describe('callLogQuery', () => {
  it('maps every filter onto the spec parameter names', () => {
    const query = callLogQuery(
      {
        agentId: 'agent-1',
        contactIds: ['c1', 'c2', 'c1'],
        callType: 'LIVE',
        startDate: 1_700_000_000_000,
        endDate: 1_700_086_400_000,
        actionTypes: ['SMS', 'CALL_TRANSFER'],
        sortBy: 'duration',
        sort: 'ascend',
        pageSize: 25,
      },
      3,
    );
    assert.deepEqual(query, {
      agentId: 'agent-1',
      contactId: 'c1,c2',
      callType: 'LIVE',
      startDate: '1700000000000',
      endDate: '1700086400000',
      actionType: 'SMS,CALL_TRANSFER',
      sortBy: 'duration',
      sort: 'ascend',
      page: '3',
      pageSize: '25',
    });
  });

  it('sends only page and pageSize (50) for an empty filter; empty lists are left out', () => {
    assert.deepEqual(callLogQuery({}), { page: '1', pageSize: '50' });
    assert.deepEqual(callLogQuery({ contactIds: [], actionTypes: [] }), { page: '1', pageSize: '50' });
  });

  it('passes an action type the spec does not know yet', () => {
    assert.equal(callLogQuery({ actionTypes: ['VOICEMAIL_DROP'] }).actionType, 'VOICEMAIL_DROP');
  });

  it('refuses bad page sizes and pages', () => {
    refused({ pageSize: 0 }, /pageSize must be a whole number from 1 to 50; got 0/);
    refused({ pageSize: 51 }, /pageSize .* got 51/);
    refused({ pageSize: 2.5 }, /pageSize/);
    refused({}, /page must be a whole number/, 0);
    refused({}, /page must be a whole number/, 1.5);
    assert.equal(callLogQuery({ pageSize: 1 }).pageSize, '1');
    assert.equal(callLogQuery({ pageSize: 50 }).pageSize, '50');
  });

  it('refuses half or inverted date ranges and non-integer dates', () => {
    refused({ startDate: 1 }, /give both or neither/);
    refused({ endDate: 1 }, /give both or neither/);
    refused({ startDate: 2000, endDate: 1000 }, /startDate must be before endDate/);
    refused({ startDate: 1000, endDate: 1000 }, /startDate must be before endDate/);
    refused({ startDate: 1.5, endDate: 1000 }, /startDate must be a Unix time/);
    refused({ startDate: Number.NaN, endDate: 1000 }, /startDate/);
    refused({ startDate: -5, endDate: 1000 }, /startDate/);
  });

  it('refuses unknown enum values', () => {
    refused({ callType: 'live' as never }, /callType must be one of LIVE, TRIAL; got "live"/);
    refused({ sortBy: 'name' as never }, /sortBy must be one of duration, createdAt/);
    refused({ sortBy: 'duration', sort: 'asc' as never }, /sort must be one of ascend, descend/);
  });

  it('refuses sort without sortBy (the API would ignore it)', () => {
    refused({ sort: 'ascend' }, /sort .* needs sortBy/);
  });

  it('refuses empty ids and ids that would break the comma-separated lists', () => {
    refused({ agentId: '' }, /agentId must be a non-empty string/);
    refused({ agentId: ' a' }, /agentId must not start or end with spaces/);
    refused({ contactIds: ['a', ''] }, /contactIds must be a non-empty string/);
    refused({ contactIds: ['a,b'] }, /must not contain commas/);
    refused({ actionTypes: ['sms'] }, /actionTypes entries must look like CALL_TRANSFER/);
  });
});
