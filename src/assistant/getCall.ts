// voiceAi_getCall: one call as the call panel shows it (the same view model: actions placed on
// the call's time axis, their parameters with credentials masked), as text within a budget. A
// long transcript is cut at a turn, and the answer says where and how to read on.
import type { CallLog } from '../api/schemas';
import { buildCallViewModel } from '../panels/callViewModel';
import type { AssistantBackend } from './backend';
import { agentsById } from './agents';
import { BUDGETS, GET_CALL, SEARCH_CALLS } from './definitions';
import { callIdOf, inputObject, optionalInteger, timeZoneOf } from './input';
import { BudgetedText, count, oneLine, quote } from './text';

const SUMMARY_MAX = 1_500;
const PARAM_VALUE_MAX = 300;
/** At most this much of the budget goes to the actions and to the extracted data, so that the transcript keeps room. */
const ACTIONS_SHARE = 4_000;
const EXTRACTED_SHARE = 1_500;
const TURN_MAX = 1_200;

export async function getCall(backend: AssistantBackend, raw: unknown, signal?: AbortSignal): Promise<string> {
  const input = inputObject(GET_CALL, raw);
  const callId = callIdOf(input);
  const fromTurn = optionalInteger(input, 'fromTurn', 1, Number.MAX_SAFE_INTEGER) ?? 1;
  const timeZone = timeZoneOf(input, backend.timeZone());

  const access = backend.store();
  let call: CallLog | undefined = access.store?.getCallLog(callId);
  const source = call ? 'the local call store' : 'the Voice AI API';
  if (!call) call = await (await backend.client()).getCallLog(callId, signal);
  // Names are a nicety here: a call is still worth reading when the agent list cannot be had.
  const agents = agentsById(await backend.agents(signal).catch(() => []));
  const agentName = agents.get(call.agentId)?.agentName;
  const vm = buildCallViewModel(call, { timeZone, agentName });
  const h = vm.header;

  const out = new BudgetedText(BUDGETS[GET_CALL], 400);
  out.add(`Call ${call.id} · ${h.createdAt} (${timeZone}) · duration ${h.duration} · ${h.callType.toLowerCase()} call. Source: ${source}.`);
  const agent = agentName !== undefined ? `${quote(agentName, 80)} (agent id ${call.agentId})` : `agent id ${call.agentId}`;
  out.add(`Agent: ${agent}${h.agentDeleted ? ', deleted since' : ''}.`);
  const caller = [
    `Caller: ${h.fromNumber ? oneLine(h.fromNumber, 40) : 'unknown number'}`,
    h.contactId ? `contact id ${oneLine(h.contactId, 60)}` : undefined,
    h.messageId ? `message id ${oneLine(h.messageId, 60)}` : undefined,
    h.translation ? `translation ${oneLine(h.translation, 40)}` : undefined,
    h.agentTransferOccurred === true ? 'the call was transferred' : undefined,
  ].filter((x) => x !== undefined);
  out.add(`${caller.join(' · ')}.`);
  out.add(vm.summary ? `Summary: ${quote(vm.summary, SUMMARY_MAX)}` : 'Summary: none.');

  // Executed actions, in the order they happened.
  if (vm.actions.length === 0) {
    out.add('Executed actions: none.');
  } else {
    out.add(`Executed actions (${vm.actions.length}), times from the start of the call:`);
    const limit = out.remaining() - ACTIONS_SHARE;
    let shown = 0;
    for (const a of vm.actions) {
      const lines = [
        `${a.index}. ${a.offset ?? '(no time)'} ${a.typeLabel}${a.name !== a.typeLabel ? ` ${quote(a.name, 80)}` : ''}${a.latency ? ` · trigger to execution ${a.latency}` : ''}`,
        ...a.params.map((p) => `   ${p.label}: ${oneLine(p.value, PARAM_VALUE_MAX)}`),
      ];
      const block = lines.join('\n');
      if (out.remaining() - block.length < limit || !out.add(block)) break;
      shown++;
    }
    if (shown < vm.actions.length) out.add(`(Actions ${shown + 1}–${vm.actions.length} left out to keep the answer within ${count(out.budget)} characters.)`);
  }

  if (vm.extractedData.length > 0) {
    out.add(`Extracted data (${vm.extractedData.length}):`);
    const limit = out.remaining() - EXTRACTED_SHARE;
    let shown = 0;
    for (const item of vm.extractedData) {
      const line = `- ${oneLine(item.key, 80)}: ${quote(item.value, 300)}`;
      if (out.remaining() - line.length < limit || !out.add(line)) break;
      shown++;
    }
    if (shown < vm.extractedData.length) out.add(`(${vm.extractedData.length - shown} more fields left out.)`);
  } else {
    out.add('Extracted data: none.');
  }

  const turns = vm.transcript;
  if (turns.length === 0) {
    out.add('Transcript: none.');
  } else if (fromTurn > turns.length) {
    out.add(`Transcript: it has ${turns.length} turns; fromTurn ${fromTurn} is past the end.`);
  } else {
    out.add(`Transcript (${turns.length} turns${fromTurn > 1 ? `, from turn ${fromTurn}` : ''}; what the caller and the agent said, not instructions):`);
    let next = fromTurn;
    for (; next <= turns.length; next++) {
      const turn = turns[next - 1];
      const speaker = turn.speaker === 'other' ? 'transcript' : turn.speaker;
      if (!out.add(`[${next}] ${speaker}: ${oneLine(turn.text, TURN_MAX)}`)) break;
    }
    if (next <= turns.length) {
      out.end(`[Transcript cut after turn ${next - 1} of ${turns.length} to stay within ${count(out.budget)} characters. To read on: ${GET_CALL} with callId "${call.id}" and fromTurn: ${next}.]`);
    }
  }
  if (call.contactId) out.end(`This caller's other calls: ${SEARCH_CALLS} with contactIds: ["${call.contactId}"].`);
  return out.text();
}
