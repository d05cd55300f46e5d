// voiceAi_searchCalls: the filter's criteria (and free text, from the local store) as compact
// rows, with the total and how to get the next page. Without text, the local store answers when
// its sync covers the range (the same page the API would give), the API otherwise.
import type { CallLogFilter } from '../api/callLogQuery';
import type { Agent, CallLog } from '../api/schemas';
import type { FilterState } from '../services/index';
import { describeFilter, filterStateToApi, sortWords } from '../services/filterState';
import { actionWord } from '../shared/actionTypes';
import type { AssistantBackend } from './backend';
import { agentsById, resolveAgent } from './agents';
import { BUDGETS, DEFAULT_SEARCH_PAGE_SIZE, GET_CALL, MAX_SEARCH_PAGE_SIZE, SEARCH_CALLS, CALL_STATS } from './definitions';
import { actionTypesOf, contactIdsOf, dateRangeOf, inputObject, optionalEnum, optionalInteger, optionalString, timeZoneOf } from './input';
import { agentLabel, BudgetedText, count, durationText, localTime, oneLine, quote } from './text';

/** The store's search gives at most this many matches (newest first), before the other criteria. */
export const MAX_TEXT_MATCHES = 1000;
const SORTS = ['newest', 'oldest', 'longest', 'shortest'] as const;
type Sort = (typeof SORTS)[number];
const SORT_FILTER: Record<Sort, Pick<FilterState, 'sortBy' | 'sort'>> = {
  newest: {},
  oldest: { sortBy: 'createdAt', sort: 'ascend' },
  longest: { sortBy: 'duration', sort: 'descend' },
  shortest: { sortBy: 'duration', sort: 'ascend' },
};

/** Free text was asked for where no store can answer it. */
export class StoreNeededError extends Error {
  override readonly name = 'StoreNeededError';
}

interface Row {
  readonly call: CallLog;
  /** For a text search: where the words were found and the sentence. */
  readonly match?: { readonly field: string; readonly snippet: string };
}

export async function searchCalls(backend: AssistantBackend, raw: unknown, signal?: AbortSignal): Promise<string> {
  const input = inputObject(SEARCH_CALLS, raw);
  const text = optionalString(input, 'text', 200);
  const agentText = optionalString(input, 'agent', 200);
  const contactIds = contactIdsOf(input);
  const callType = optionalEnum(input, 'callType', ['live', 'trial'] as const);
  const actionTypes = actionTypesOf(input);
  const dateRange = dateRangeOf(input);
  const timeZone = timeZoneOf(input, backend.timeZone());
  const sort = optionalEnum(input, 'sort', SORTS) ?? 'newest';
  const page = optionalInteger(input, 'page', 1, 100_000) ?? 1;
  const pageSize = optionalInteger(input, 'pageSize', 1, MAX_SEARCH_PAGE_SIZE) ?? DEFAULT_SEARCH_PAGE_SIZE;

  const access = backend.store();
  if (text !== undefined && !access.store) {
    throw new StoreNeededError(
      `Searching for words (text) needs the local call store, which is not available here: ${access.unavailable}. ` +
        `The other criteria (agent, dates, action types, contact ids, live/trial) work without it: call ${SEARCH_CALLS} again without text, ` +
        `then read the calls' summaries, or ${GET_CALL} for a transcript.`,
    );
  }
  const agents = await backend.agents(signal);
  const byId = agentsById(agents);
  const state: FilterState = {
    agentId: agentText !== undefined ? resolveAgent(agentText, agents) : undefined,
    contactIds,
    callType: callType === 'live' ? 'LIVE' : callType === 'trial' ? 'TRIAL' : undefined,
    actionTypes,
    dateRange: dateRange && ('preset' in dateRange ? { preset: dateRange.preset } : { from: dateRange.from, to: dateRange.to }),
    timeZone,
    ...SORT_FILTER[sort],
  };
  const filter = filterStateToApi(state, timeZone, Date.now());
  const words = [text !== undefined ? `words ${JSON.stringify(text)}` : '', describeFilter({ ...state, sortBy: undefined, sort: undefined }, timeZone, (id) => byId.get(id)?.agentName, { isoDates: true })]
    .filter((w) => w !== '')
    .join(' · ');

  let rows: Row[];
  let total: number | undefined;
  let source: string;
  const notes: string[] = [];
  if (text !== undefined && access.store) {
    const hits = access.store.search(text, { limit: MAX_TEXT_MATCHES, agentId: filter.agentId });
    const matching = hits.filter((h) => matches(h.callLog, filter)).sort((a, b) => compare(a.callLog, b.callLog, sort));
    total = matching.length;
    rows = matching.slice((page - 1) * pageSize, page * pageSize).map((h) => ({ call: h.callLog, match: { field: h.field === 'fromNumber' ? 'caller number' : h.field, snippet: h.snippet } }));
    source = 'the local call store (full-text search)';
    if (hits.length >= MAX_TEXT_MATCHES) notes.push(`Only the ${count(MAX_TEXT_MATCHES)} newest calls with these words were looked at: add words or a date range to narrow it.`);
    if (!access.covers(withoutSort(filter))) notes.push(coverageNote(access.store.coverage(), timeZone));
  } else if (access.store && access.covers(filter)) {
    const stored = access.store.page(filter, page, pageSize);
    rows = stored.callLogs.map((call) => ({ call }));
    total = stored.total;
    source = 'the local call store';
  } else {
    const client = await backend.client();
    const answer = await client.listCallLogs({ ...filter, pageSize }, page, signal);
    rows = answer.callLogs.map((call) => ({ call }));
    total = answer.total;
    source = 'the Voice AI API';
  }

  const out = new BudgetedText(BUDGETS[SEARCH_CALLS], 700);
  const first = (page - 1) * pageSize + 1;
  const pages = total !== undefined ? Math.max(1, Math.ceil(total / pageSize)) : undefined;
  const criteria = `${words || 'all calls'} · ${sortWords(state.sortBy, state.sort)}`;
  if (rows.length === 0) {
    out.add(
      total !== undefined && total > 0
        ? `Page ${page} is past the last page (${pages}) of the ${count(total)} calls matching: ${criteria}.`
        : `No calls match: ${criteria}. Source: ${source}.`,
    );
  } else {
    const range = `Calls ${count(first)}–${count(first + rows.length - 1)}`;
    out.add(`${range}${total !== undefined ? ` of ${count(total)}` : ''} (page ${page}${pages !== undefined ? ` of ${pages}` : ''}) matching: ${criteria}. Times in ${timeZone}. Source: ${source}.`);
  }
  for (const note of notes) out.add(note);
  let shown = 0;
  for (const row of rows) {
    if (!out.add(rowText(first + shown, row, byId, timeZone))) break;
    shown++;
  }
  if (shown < rows.length) {
    out.end(`Calls ${count(first + shown)}–${count(first + rows.length - 1)} of this page were left out to stay within ${count(out.budget)} characters: ask for this page again with a smaller pageSize.`);
  }
  const more = pages !== undefined ? page < pages : rows.length === pageSize;
  if (more) out.end(`More calls: call ${SEARCH_CALLS} with the same input and page: ${page + 1}${pages !== undefined ? ` (of ${pages})` : ''}.`);
  if (rows.length > 0) out.end(`A call's transcript, actions and extracted data: ${GET_CALL} with its callId. Counts and rates over a range: ${CALL_STATS}.`);
  return out.text();
}

function rowText(n: number, { call, match }: Row, agents: ReadonlyMap<string, Agent>, timeZone: string): string {
  const types = [...new Set(call.executedCallActions.map((a) => a.actionType))];
  const actions = types.length === 0 ? 'no actions' : `actions: ${types.slice(0, 4).map((t) => actionWord(t)).join(', ')}${types.length > 4 ? ` +${types.length - 4}` : ''}`;
  const caller = `caller ${call.fromNumber ? oneLine(call.fromNumber, 30) : 'unknown number'}${call.contactId ? ` (contact id ${oneLine(call.contactId, 40)})` : ''}`;
  const said = match ? `${match.field}: ${quote(match.snippet, 160)}` : call.summary ? `summary: ${quote(call.summary, 160)}` : 'no summary';
  return [
    `${n}. callId ${call.id}`,
    localTime(call.createdAt, timeZone),
    durationText(call.duration),
    agentLabel(call.agentId, agents, call.isAgentDeleted),
    caller,
    call.trialCall ? 'trial call' : 'live call',
    actions,
    said,
  ].join(' · ');
}

/** The API's semantics (as the local store's query has them) for a call the text search found. */
function matches(call: CallLog, filter: CallLogFilter): boolean {
  if (filter.agentId !== undefined && call.agentId !== filter.agentId) return false;
  if (filter.contactIds?.length && (call.contactId === undefined || !filter.contactIds.includes(call.contactId))) return false;
  if (filter.callType !== undefined && call.trialCall !== (filter.callType === 'TRIAL')) return false;
  const created = Date.parse(call.createdAt);
  if (filter.startDate !== undefined && !(created >= filter.startDate)) return false;
  if (filter.endDate !== undefined && !(created <= filter.endDate)) return false;
  if (filter.actionTypes?.length && !call.executedCallActions.some((a) => filter.actionTypes?.includes(a.actionType))) return false;
  return true;
}

/** Newest first, ties by id descending; by duration: longest first, then newest; ascending reverses. */
function compare(a: CallLog, b: CallLog, sort: Sort): number {
  const newestFirst = Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const key = sort === 'longest' || sort === 'shortest' ? b.duration - a.duration || newestFirst : newestFirst;
  return sort === 'oldest' || sort === 'shortest' ? -key : key;
}

function withoutSort(filter: CallLogFilter): CallLogFilter {
  const { sortBy: _sortBy, sort: _sort, ...rest } = filter;
  return rest;
}

function coverageNote(coverage: { from?: number; to?: number; complete: boolean; lastSyncedAt?: number }, timeZone: string): string {
  if (coverage.to === undefined) return 'The local call store holds no synced calls yet: calls not synced were not searched.';
  const from = coverage.complete || coverage.from === undefined ? 'the oldest call' : localTime(new Date(coverage.from).toISOString(), timeZone);
  return `Only calls synced to the local store were searched: from ${from} to ${localTime(new Date(coverage.to).toISOString(), timeZone)}; calls outside that span are not in it.`;
}
