import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildActionViews,
  buildCallViewModel,
  callTitle,
  formatLatency,
  formatOffset,
  formatPhone,
  parseTranscript,
} from '../../src/panels/callViewModel';
import { actionParamRows } from '../../src/shared/actionTypes';
import { CallActionSchema, CallLogSchema, type CallAction, type CallLog } from '../../src/api/schemas';
import { MASK, maskSecrets, maskUrl } from '../../src/shared/paramRows';
import { parseFromWebview } from '../../src/shared/protocol';

const START = '2024-01-15T16:30:00.000Z'; // 10:30 in America/Chicago (CST, UTC−6)

function at(secondsAfterStart: number): string {
  return new Date(Date.parse(START) + secondsAfterStart * 1000).toISOString();
}

/** One action of each of the 8 documented types, deliberately out of order. */
function allTypes() {
  return [
    { actionType: 'SMS', actionName: 'Send confirmation', actionParameters: { triggerPrompt: 'When asked', triggerMessage: 'Texting you', messageBody: 'Your appointment is at 2 PM' }, triggerReceivedAt: at(195), executedAt: at(210) },
    { actionType: 'CALL_TRANSFER', actionName: 'Transfer to manager', actionParameters: { transferToType: 'number', transferToValue: '+12345678901', triggerMessage: 'Transferring', hearWhisperMessage: true }, triggerReceivedAt: at(105), executedAt: at(120) },
    { actionType: 'DATA_EXTRACTION', actionName: 'Extract phone', actionParameters: { contactFieldId: 'cf1', description: "Caller's phone", examples: ['+1234567890', '+9876543210'], overwriteExistingValue: false }, triggerReceivedAt: at(240), executedAt: at(240.85) },
    { actionType: 'WORKFLOW_TRIGGER', actionName: 'Follow-up', actionParameters: { triggerPrompt: 'Quote', triggerMessage: 'Starting', workflowId: 'wf-42' }, triggerReceivedAt: at(285), executedAt: at(300) },
    { actionType: 'APPOINTMENT_BOOKING', actionName: 'Book', actionParameters: { calendarId: 'cal-7', daysOfOfferingDates: 3, slotsPerDay: 2, hoursBetweenSlots: 1 }, triggerReceivedAt: at(390), executedAt: at(405) },
    { actionType: 'CUSTOM_ACTION', actionName: 'Order status', actionParameters: { triggerPrompt: 'Order', triggerMessage: 'Checking', apiDetails: { url: 'https://api.example.com/orders?api_key=SECRETKEY&x=1', method: 'GET', authenticationRequired: true, authenticationValue: 'token123', headers: [{ key: 'Authorization', value: 'Bearer abc' }, { key: 'Content-Type', value: 'application/json' }], parameters: [{ name: 'orderId', type: 'string', description: 'Order', example: 'ORD-1' }] }, responsePathsToExtract: ['data.orderId', 'status'] }, triggerReceivedAt: at(425), executedAt: at(440) },
    { actionType: 'IN_CALL_DATA_EXTRACTION', actionName: 'Email', actionParameters: { contactFieldId: 'cf2', description: 'Email', examples: ['john@example.com'], overwriteExistingValue: true }, triggerReceivedAt: at(90), executedAt: at(105) },
    { actionType: 'KNOWLEDGE_BASE', actionName: 'Pricing', actionParameters: { triggerPrompt: 'Pricing', triggerMessage: 'Looking up', knowledgeBaseId: 'kb-9', parameters: [{ name: 'category', example: 'pricing' }] }, triggerReceivedAt: at(475), executedAt: at(490) },
  ];
}

/** Actions as the client hands them over: parsed by the schema. */
function parsedActions(raw: readonly object[]): CallAction[] {
  return raw.map((a) => CallActionSchema.parse(a));
}

/** A call log as the API sends it. */
function rawCall(extra: Record<string, unknown> = {}) {
  return {
    id: 'call-1',
    agentId: 'agent-1',
    isAgentDeleted: false,
    createdAt: START,
    duration: 540,
    trialCall: false,
    executedCallActions: allTypes(),
    summary: 'Caller asked about pricing.',
    transcript: 'bot: Hello, how can I help?\nhuman:I want pricing\nfor two seats\nbot: Sure.',
    contactId: 'contact-1',
    fromNumber: '+12345678901',
    messageId: 'msg-1',
    translation: { enabled: true, language: 'es' },
    extractedData: { email: 'a@b.c', seats: 2 },
    ...extra,
  };
}

/** A call log as the client hands it over: parsed by the schema. */
function call(extra: Record<string, unknown> = {}): CallLog {
  return CallLogSchema.parse(rawCall(extra));
}

const rows = (r: { label: string; value: string }[]) => Object.fromEntries(r.map((x) => [x.label, x.value]));

describe('call view model', () => {
  test('sorts actions by trigger time and places them on the call time axis', () => {
    const m = buildCallViewModel(call(), { timeZone: 'America/Chicago', agentName: 'Booking Bot' });
    assert.deepEqual(
      m.actions.map((a) => a.type),
      ['IN_CALL_DATA_EXTRACTION', 'CALL_TRANSFER', 'SMS', 'DATA_EXTRACTION', 'WORKFLOW_TRIGGER', 'APPOINTMENT_BOOKING', 'CUSTOM_ACTION', 'KNOWLEDGE_BASE'],
    );
    assert.deepEqual(m.actions.map((a) => a.index), [1, 2, 3, 4, 5, 6, 7, 8]);
    const transfer = m.actions[1];
    assert.equal(transfer.offset, '+1:45');
    assert.equal(transfer.latency, '15 s');
    assert.equal(transfer.icon, 'transfer');
    assert.equal(transfer.typeLabel, 'Call transfer');
    assert.equal(m.actions[3].latency, '850 ms');
    assert.equal(m.axisSpanMs, 540_000);
  });

  test('header in the chosen zone, agent name, ids, translation', () => {
    const m = buildCallViewModel(call(), { timeZone: 'America/Chicago', agentName: 'Booking Bot' });
    // Written as the tree's rows write it: the year, as the call is from an earlier year than today's.
    assert.equal(m.title, 'Call · +1 234 567 8901 · Jan 15, 2024, 10:30 AM');
    assert.equal(m.header.agentName, 'Booking Bot');
    assert.match(m.header.createdAt, /Mon, Jan 15, 2024, 10:30:00 CST/);
    assert.equal(m.header.duration, '9:00');
    assert.equal(m.header.callType, 'Live');
    assert.equal(m.header.contactId, 'contact-1');
    assert.equal(m.header.messageId, 'msg-1');
    assert.equal(m.header.translation, 'es');
    const tokyo = buildCallViewModel(call({ trialCall: true }), { timeZone: 'Asia/Tokyo' });
    assert.equal(tokyo.title, 'Call · +1 234 567 8901 · Jan 16, 2024, 1:30 AM');
    assert.equal(tokyo.header.callType, 'Trial');
    assert.equal(tokyo.header.agentName, undefined);
  });

  test('a deleted agent is said so; a bad zone falls back to UTC', () => {
    const m = buildCallViewModel(call({ isAgentDeleted: true }), { timeZone: 'Not/AZone' });
    assert.equal(m.header.agentName, 'deleted agent');
    assert.equal(m.header.agentDeleted, true);
    assert.equal(m.header.timeZone, 'UTC');
    assert.equal(callTitle(call(), 'UTC'), 'Call · +1 234 567 8901 · Jan 15, 2024, 4:30 PM');
    // A call of the current year leaves the year out, as its row does.
    assert.equal(callTitle(call(), 'UTC', Date.parse('2024-06-01T00:00:00Z')), 'Call · +1 234 567 8901 · Jan 15, 4:30 PM');
  });

  test('parameters per type for all 8 types', () => {
    const byType = Object.fromEntries(
      buildActionViews(parsedActions(allTypes()), Date.parse(START), 'UTC').map((a) => [a.type, rows(a.params as { label: string; value: string }[])]),
    );
    assert.equal(byType.CALL_TRANSFER['Transfer to'], '+12345678901');
    assert.equal(byType.CALL_TRANSFER['Whisper message to receiver'], 'Yes');
    assert.equal(byType.CALL_TRANSFER['Message to caller'], 'Transferring');
    assert.equal(byType.SMS['SMS body'], 'Your appointment is at 2 PM');
    assert.equal(byType.SMS['Trigger prompt'], 'When asked');
    assert.equal(byType.WORKFLOW_TRIGGER['Workflow ID'], 'wf-42');
    assert.equal(byType.APPOINTMENT_BOOKING['Calendar ID'], 'cal-7');
    assert.equal(byType.APPOINTMENT_BOOKING['Slots offered'], '2 per day, over 3 days, 1 h apart');
    assert.equal(byType.DATA_EXTRACTION['Contact field ID'], 'cf1');
    assert.equal(byType.DATA_EXTRACTION.Extracts, "Caller's phone");
    assert.equal(byType.DATA_EXTRACTION.Examples, '+1234567890, +9876543210');
    assert.equal(byType.DATA_EXTRACTION['Overwrite existing value'], 'No');
    assert.equal(byType.IN_CALL_DATA_EXTRACTION['Overwrite existing value'], 'Yes');
    assert.equal(byType.KNOWLEDGE_BASE['Knowledge base ID'], 'kb-9');
    assert.equal(byType.KNOWLEDGE_BASE.Parameters, 'category; e.g. pricing');
    const custom = byType.CUSTOM_ACTION;
    assert.equal(custom.Request, `GET https://api.example.com/orders?api_key=${encodeURIComponent(MASK)}&x=1`.replace(encodeURIComponent(MASK), MASK));
    assert.equal(custom.Authentication, `Required · value ${MASK}`);
    assert.equal(custom.Headers, `Authorization: ${MASK}\nContent-Type: application/json`);
    assert.equal(custom['API parameters'], 'orderId (string) — Order; e.g. ORD-1');
    assert.equal(custom['Response paths'], 'data.orderId, status');
    assert.ok(!JSON.stringify(byType).includes('token123'));
    assert.ok(!JSON.stringify(byType).includes('SECRETKEY'));
    assert.ok(!JSON.stringify(byType).includes('Bearer abc'));
  });

  test('keys a known type does not expect are still shown', () => {
    const r = rows(actionParamRows(CallActionSchema.parse({ actionType: 'SMS', actionParameters: { messageBody: 'hi', priority: 'high', nested: { level: 2 } } })));
    assert.equal(r['SMS body'], 'hi');
    assert.equal(r.Priority, 'high');
    assert.equal(r['Nested › Level'], '2');
  });

  test('an unknown type gets a readable generic key/value view with secrets masked', () => {
    const [a] = buildActionViews(
      parsedActions([{ actionType: 'VOICEMAIL_DROP', actionName: 'Drop', actionParameters: { recordingUrl: 'https://x.test/v.mp3?token=abc', retries: 2, targets: ['a', 'b'], apiKey: 'k', config: { mode: 'fast' } }, triggerReceivedAt: at(1) }]),
      Date.parse(START),
      'UTC',
    );
    assert.equal(a.known, false);
    assert.equal(a.icon, 'unknown');
    assert.equal(a.typeLabel, 'Voicemail drop');
    const r = rows(a.params as { label: string; value: string }[]);
    assert.equal(r.Retries, '2');
    assert.equal(r.Targets, 'a, b');
    assert.equal(r['Api key'], MASK);
    assert.equal(r['Config › Mode'], 'fast');
    assert.ok(r['Recording url'].includes(MASK) && !r['Recording url'].includes('abc'));
    assert.equal(a.latency, undefined);
    assert.equal(a.offset, '+0:01');
  });

  test('missing times, missing fields and actions without a type do not throw', () => {
    // Non-objects in the list are refused by the schema before they reach the panel; an action
    // with an empty type is what comes closest.
    const views = buildActionViews(
      parsedActions([{ actionType: 'SMS', executedAt: at(30) }, { actionType: 'SMS', actionName: 'no time' }, { actionType: '' }, { actionType: '' }, { actionType: 'SMS', triggerReceivedAt: at(10) }]),
      Date.parse(START),
      'UTC',
    );
    assert.deepEqual(views.map((v) => v.offset), ['+0:10', '+0:30', undefined, undefined, undefined]);
    assert.equal(views[2].name, 'no time');
    assert.equal(views[1].name, 'SMS');
    assert.equal(views[3].type, 'UNKNOWN');
    // Not a call log the schema lets through (no createdAt, no duration): shown as far as it goes.
    const m = buildCallViewModel({ id: 'x', agentId: 'y', executedCallActions: [] } as Partial<CallLog> as CallLog, { timeZone: 'UTC' });
    assert.equal(m.actions.length, 0);
    assert.equal(m.transcript.length, 0);
    assert.equal(m.summary, undefined);
    assert.equal(m.header.duration, 'unknown');
    assert.equal(m.title, 'Call · unknown caller');
  });

  test('raw JSON masks action secrets but keeps extracted data', () => {
    const m = buildCallViewModel(call({ extractedData: { authToken: 'caller said 1234' } }), { timeZone: 'UTC' });
    assert.ok(!m.rawJson.includes('token123'));
    assert.ok(!m.rawJson.includes('Bearer abc'));
    assert.ok(m.rawJson.includes('caller said 1234'));
    assert.ok(m.rawJson.includes('"authenticationRequired": true'));
  });

  test('raw JSON shows what the API sent when known (nulls, _id), still masked', () => {
    const sent = { ...rawCall({ summary: null }), _id: 'from-api', futureField: null };
    const m = buildCallViewModel(call(), { timeZone: 'UTC', sent });
    const shown = JSON.parse(m.rawJson) as Record<string, unknown>;
    assert.equal(shown.summary, null);
    assert.equal(shown._id, 'from-api');
    assert.ok('futureField' in shown);
    assert.ok(!m.rawJson.includes('token123'));
    assert.ok(!m.rawJson.includes('Bearer abc'));
  });

  test('hostile strings pass through as plain data', () => {
    const evil = '<img src=x onerror="alert(1)">';
    const m = buildCallViewModel(call({ summary: evil, fromNumber: evil }), { timeZone: 'UTC' });
    assert.equal(m.summary, evil);
    assert.equal(m.header.fromNumber, evil);
  });
});

describe('transcript parsing', () => {
  test('bot/human lines, no space after colon, continuation lines, text before the first turn', () => {
    const turns = parseTranscript('Call started\nbot: Hello\nhuman:Hi there\nsecond line\n\nbot:   Bye\nHUMAN : ok');
    assert.deepEqual(turns, [
      { speaker: 'other', text: 'Call started' },
      { speaker: 'agent', text: 'Hello' },
      { speaker: 'caller', text: 'Hi there\nsecond line' },
      { speaker: 'agent', text: 'Bye' },
      { speaker: 'caller', text: 'ok' },
    ]);
  });
  test('Windows line ends and empty input', () => {
    assert.deepEqual(parseTranscript('bot: a\r\nhuman: b'), [
      { speaker: 'agent', text: 'a' },
      { speaker: 'caller', text: 'b' },
    ]);
    assert.deepEqual(parseTranscript(''), []);
    assert.deepEqual(parseTranscript(undefined), []);
  });
  test('a URL at the start of a continuation line is not a speaker', () => {
    assert.deepEqual(parseTranscript('bot: see\nhttps://example.com'), [{ speaker: 'agent', text: 'see\nhttps://example.com' }]);
  });
});

describe('formatting and masking helpers', () => {
  test('offsets, latencies, phones', () => {
    assert.equal(formatOffset(105_000), '+1:45');
    assert.equal(formatOffset(3_723_000), '+1:02:03');
    assert.equal(formatOffset(-3000), '−0:03');
    assert.equal(formatLatency(0), '0 ms');
    assert.equal(formatLatency(2500), '2.5 s');
    assert.equal(formatLatency(125_000), '2 min 5 s');
    assert.equal(formatPhone('+12345678901'), '+1 234 567 8901');
    assert.equal(formatPhone('+442071234567'), '+442071234567');
  });
  test('URL credentials and secret query parameters are masked', () => {
    assert.equal(maskUrl('https://api.example.com/x?a=1'), 'https://api.example.com/x?a=1');
    const u = maskUrl('https://user:pw@api.example.com/x?token=t&a=1');
    assert.ok(!u.includes('pw@') && !u.includes('token=t') && u.includes('a=1'));
    assert.ok(!maskUrl('not a url?apikey=zzz').includes('zzz'));
  });
  test('maskSecrets masks secret-named strings and secret headers, deeply', () => {
    const out = maskSecrets({ a: { password: 'p', n: 1, headers: [{ key: 'X-Api-Key', value: 'v' }, { key: 'Accept', value: '*/*' }] }, authenticationRequired: true }) as {
      a: { password: string; headers: { value: string }[] };
      authenticationRequired: boolean;
    };
    assert.equal(out.a.password, MASK);
    assert.equal(out.a.headers[0].value, MASK);
    assert.equal(out.a.headers[1].value, '*/*');
    assert.equal(out.authenticationRequired, true);
  });
  test('messages from the webview are validated', () => {
    assert.equal(parseFromWebview(null), undefined);
    assert.equal(parseFromWebview({ type: 'nope' }), undefined);
    assert.equal(parseFromWebview({ type: 'copy', target: 'callId' }), undefined);
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.equal(parseFromWebview({ type: 'rendered', callId: 'c', seq: 1, renderMs: 3 }), undefined);
    assert.deepEqual(parseFromWebview({ type: 'rendered', callId: 'c', seq: 1, renderMs: 3, firstPaintMs: 1, longestTaskMs: 0, view: 'call' }), { type: 'rendered', callId: 'c', seq: 1, renderMs: 3, firstPaintMs: 1, longestTaskMs: 0, view: 'call' });
  });
});

describe('a large call', () => {
  test('500 actions and a 2,000-line transcript build quickly', () => {
    const actions = Array.from({ length: 500 }, (_, i) => ({ ...allTypes()[i % 8], triggerReceivedAt: at(500 - i), executedAt: at(501 - i) }));
    const transcript = Array.from({ length: 2000 }, (_, i) => (i % 2 ? `human:line ${i}` : `bot: line ${i}`)).join('\n');
    const big = call({ executedCallActions: actions, transcript, duration: 600 });
    const t0 = performance.now();
    const m = buildCallViewModel(big, { timeZone: 'Europe/Berlin' });
    const ms = performance.now() - t0;
    assert.equal(m.actions.length, 500);
    assert.equal(m.transcript.length, 2000);
    for (let i = 1; i < m.actions.length; i++) assert.ok((m.actions[i - 1].offsetMs ?? 0) <= (m.actions[i].offsetMs ?? 0));
    assert.ok(ms < 1000, `view model took ${ms.toFixed(0)} ms`);
  });
});
