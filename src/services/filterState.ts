// The filter as data: validating a stored or passed-in FilterState, turning the answers of
// the Filter Calls steps into a FilterState, a FilterState into the API's filter, and a
// FilterState into words. Pure (no vscode import) so that it is unit-tested under Node.
import * as l10n from '@vscode/l10n';
import { formatDayRange, formatNumber, isoDayRange } from '../shared/locale';
import type { CallLogFilter } from '../api/callLogQuery';
import type { FilterState } from './index';
import { actionWord } from '../shared/actionTypes';
import { ID_PATTERN, isId } from './ids';
import {
  isDatePreset,
  isValidTimeZone,
  parseCivilDate,
  presetToMs,
  civilRangeToMs,
  presetLabel,
  validateCustomRange,
  type MsRange,
} from './zones';

/** Splits "a, b c" into ids; returns an error message for the input box or the ids. */
export function parseContactIds(text: string): { ids: string[] } | { error: string } {
  const ids = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = ids.find((id) => !ID_PATTERN.test(id));
  if (bad !== undefined) {
    return { error: l10n.t('"{0}" is not a contact id (letters, digits, "_" and "-" only).', bad.slice(0, 40)) };
  }
  return { ids: [...new Set(ids)] };
}

/** Checks a FilterState that comes from storage or from a command argument; throws with a clear message. */
export function validateFilterState(value: unknown): FilterState {
  if (value === undefined || value === null) {
    return {};
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(l10n.t('A filter must be an object.'));
  }
  const v = value as Record<string, unknown>;
  const out: {
    -readonly [K in keyof FilterState]: FilterState[K];
  } = {};
  if (v.agentId !== undefined) {
    if (!isId(v.agentId)) {
      throw new Error(l10n.t('agentId must be an agent id.'));
    }
    out.agentId = v.agentId;
  }
  if (v.contactIds !== undefined) {
    if (!Array.isArray(v.contactIds) || v.contactIds.some((id) => !isId(id))) {
      throw new Error(l10n.t('contactIds must be a list of contact ids.'));
    }
    if (v.contactIds.length > 0) {
      out.contactIds = [...new Set(v.contactIds as string[])];
    }
  }
  if (v.callType !== undefined) {
    if (v.callType !== 'LIVE' && v.callType !== 'TRIAL') {
      throw new Error(l10n.t('callType must be LIVE or TRIAL.'));
    }
    out.callType = v.callType;
  }
  if (v.actionTypes !== undefined) {
    if (!Array.isArray(v.actionTypes) || v.actionTypes.some((t) => typeof t !== 'string' || !/^[A-Z0-9_]{1,64}$/.test(t))) {
      throw new Error(l10n.t('actionTypes must be a list of action types such as CALL_TRANSFER.'));
    }
    if (v.actionTypes.length > 0) {
      out.actionTypes = [...new Set(v.actionTypes as string[])];
    }
  }
  if (v.dateRange !== undefined) {
    const r = v.dateRange as Record<string, unknown> | null;
    if (r && typeof r === 'object' && 'preset' in r) {
      if (!isDatePreset(r.preset)) {
        throw new Error(l10n.t('Unknown date range "{0}".', String(r.preset)));
      }
      out.dateRange = { preset: r.preset };
    } else if (r && typeof r === 'object' && typeof r.from === 'string' && typeof r.to === 'string') {
      const problem = validateCustomRange(r.from, r.to);
      if (problem) {
        throw new Error(problem);
      }
      out.dateRange = { from: r.from.trim(), to: r.to.trim() };
    } else {
      throw new Error(l10n.t('dateRange must be a preset or a from and to date (YYYY-MM-DD).'));
    }
  }
  if (v.timeZone !== undefined) {
    if (typeof v.timeZone !== 'string' || !isValidTimeZone(v.timeZone)) {
      throw new Error(l10n.t('Unknown time zone "{0}": use an IANA name such as America/Chicago.', String(v.timeZone)));
    }
    out.timeZone = v.timeZone;
  }
  if (out.dateRange === undefined) {
    // The zone is the one a date range is meant in: alone it filters nothing, and kept it would
    // make an "active" filter that says nothing and hides nothing.
    delete out.timeZone;
  }
  if (v.sortBy !== undefined) {
    if (v.sortBy !== 'createdAt' && v.sortBy !== 'duration') {
      throw new Error(l10n.t('sortBy must be createdAt or duration.'));
    }
    out.sortBy = v.sortBy;
  }
  if (v.sort !== undefined) {
    if (v.sort !== 'ascend' && v.sort !== 'descend') {
      throw new Error(l10n.t('sort must be ascend or descend.'));
    }
    out.sort = v.sort;
  }
  if (out.sort !== undefined && out.sortBy === undefined) {
    // The API takes a direction only with a sort key.
    out.sortBy = 'createdAt';
  }
  if (out.sortBy === 'createdAt' && (out.sort === undefined || out.sort === 'descend')) {
    // Newest first is the API's default: store it as "no sort" so the filter is not "active".
    delete out.sortBy;
    delete out.sort;
  }
  return out;
}

export function isFilterActive(state: FilterState): boolean {
  return Object.values(validateFilterState(state)).some((v) => v !== undefined);
}

/** One step's answer: keep what the filter has, clear it, or set a new value. */
export type StepAnswer<T> = { readonly keep: true } | { readonly clear: true } | { readonly set: T };

export interface FilterAnswers {
  readonly agent?: StepAnswer<string>;
  readonly contactIds?: StepAnswer<string>;
  readonly callType?: StepAnswer<'LIVE' | 'TRIAL'>;
  readonly actionTypes?: StepAnswer<readonly string[]>;
  readonly dateRange?: StepAnswer<NonNullable<FilterState['dateRange']>>;
  readonly timeZone?: StepAnswer<string>;
  readonly sort?: StepAnswer<{ sortBy: 'createdAt' | 'duration'; sort: 'ascend' | 'descend' }>;
}

function apply<T>(current: T | undefined, answer: StepAnswer<T> | undefined): T | undefined {
  if (!answer || 'keep' in answer) {
    return current;
  }
  return 'clear' in answer ? undefined : answer.set;
}

/** Turns the Filter Calls answers into the new filter; a skipped step (undefined) keeps the current value. */
export function answersToFilterState(current: FilterState, answers: FilterAnswers): FilterState {
  let contactIds = current.contactIds;
  if (answers.contactIds && 'set' in answers.contactIds) {
    const parsed = parseContactIds(answers.contactIds.set);
    if ('error' in parsed) {
      throw new Error(parsed.error);
    }
    contactIds = parsed.ids.length > 0 ? parsed.ids : undefined;
  } else if (answers.contactIds && 'clear' in answers.contactIds) {
    contactIds = undefined;
  }
  const actionTypes = apply(current.actionTypes, answers.actionTypes);
  const currentSort = current.sortBy ? { sortBy: current.sortBy, sort: current.sort ?? 'descend' } : undefined;
  const sort = apply(currentSort, answers.sort);
  return validateFilterState({
    agentId: apply(current.agentId, answers.agent),
    contactIds,
    callType: apply(current.callType, answers.callType),
    actionTypes: actionTypes && actionTypes.length > 0 ? actionTypes : undefined,
    dateRange: apply(current.dateRange, answers.dateRange),
    timeZone: apply(current.timeZone, answers.timeZone),
    sortBy: sort?.sortBy,
    sort: sort?.sort,
  });
}

/** The Unix ms bounds of the filter's date range in its zone, if it has one. */
export function dateRangeToMs(state: FilterState, timeZone: string, now: number): MsRange | undefined {
  const range = state.dateRange;
  if (!range) {
    return undefined;
  }
  if ('preset' in range) {
    return isDatePreset(range.preset) ? presetToMs(range.preset, timeZone, now) : undefined;
  }
  const from = parseCivilDate(range.from);
  const to = parseCivilDate(range.to);
  return from && to ? civilRangeToMs(timeZone, from, to) : undefined;
}

/** The API filter for a FilterState; `timeZone` is the chosen zone unless the filter names its own. */
export function filterStateToApi(state: FilterState, timeZone: string, now: number): CallLogFilter {
  const filter: CallLogFilter = {};
  if (state.agentId) filter.agentId = state.agentId;
  if (state.contactIds?.length) filter.contactIds = [...state.contactIds];
  if (state.callType) filter.callType = state.callType;
  if (state.actionTypes?.length) filter.actionTypes = [...state.actionTypes];
  const range = dateRangeToMs(state, state.timeZone ?? timeZone, now);
  if (range) {
    filter.startDate = range.startDate;
    filter.endDate = range.endDate;
  }
  if (state.sortBy) {
    filter.sortBy = state.sortBy;
    filter.sort = state.sort ?? 'descend';
  }
  return filter;
}

export function sortWords(sortBy: string | undefined, sort: string | undefined): string {
  switch (`${sortBy ?? 'createdAt'}:${sort ?? 'descend'}`) {
    case 'createdAt:ascend':
      return l10n.t('oldest first');
    case 'duration:descend':
      return l10n.t('longest first');
    case 'duration:ascend':
      return l10n.t('shortest first');
    default:
      return l10n.t('newest first');
  }
}

/**
 * The filter in words, e.g. "Booking Bot · transfers · last 7 days (America/Chicago)"; '' when no
 * filter. Custom dates as the display language writes them ("Mar 1 – 8, 2026"), or as ISO dates
 * with `isoDates` (for a language model).
 */
export function describeFilter(state: FilterState, timeZone: string, agentName: (id: string) => string | undefined, { isoDates = false } = {}): string {
  const parts: string[] = [];
  if (state.agentId) parts.push(agentName(state.agentId) ?? l10n.t('agent {0}', state.agentId));
  if (state.callType) parts.push(state.callType === 'LIVE' ? l10n.t('live calls') : l10n.t('trial calls'));
  if (state.actionTypes?.length) {
    const words = state.actionTypes.map((t) => actionWord(t, true));
    parts.push(words.length > 3 ? `${words.slice(0, 2).join(', ')} +${formatNumber(words.length - 2)}` : words.join(', '));
  }
  if (state.contactIds?.length) {
    parts.push(state.contactIds.length === 1 ? l10n.t('contact {0}', state.contactIds[0]) : l10n.t('{0} contacts', formatNumber(state.contactIds.length)));
  }
  if (state.dateRange) {
    const zone = state.timeZone ?? timeZone;
    const range = 'preset' in state.dateRange
      ? (isDatePreset(state.dateRange.preset) ? presetLabel(state.dateRange.preset) : state.dateRange.preset)
      : (isoDates ? isoDayRange : formatDayRange)(state.dateRange.from, state.dateRange.to);
    parts.push(`${range} (${zone})`);
  }
  if (state.sortBy) parts.push(sortWords(state.sortBy, state.sort));
  return parts.join(' · ');
}
