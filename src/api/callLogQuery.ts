// The call-log filter and its translation into the list endpoint's query string.
// Everything is checked here, before a request is sent: a bad filter is the caller's
// mistake and deserves a precise message rather than the server's generic 400/422.
import { invalidInput } from './errors';

export interface CallLogFilter {
  agentId?: string;
  contactIds?: readonly string[];
  callType?: 'LIVE' | 'TRIAL';
  /** Unix ms, both or neither; startDate < endDate. */
  startDate?: number;
  endDate?: number;
  /** ACTION_TYPES values; unknown (newer) values are passed through. */
  actionTypes?: readonly string[];
  /** Newest first when absent. */
  sortBy?: 'duration' | 'createdAt';
  /** Only together with sortBy. */
  sort?: 'ascend' | 'descend';
  /** 1..50; the client uses 50 when absent. */
  pageSize?: number;
}

export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 50;
/** The agents endpoint accepts pages 1..5000. */
export const MAX_PAGE = 5000;

const CALL_TYPES = ['LIVE', 'TRIAL'] as const;
const SORT_FIELDS = ['duration', 'createdAt'] as const;
const SORT_DIRECTIONS = ['ascend', 'descend'] as const;
/** Action types are upper-case identifiers; this also keeps commas out of the list. */
const ACTION_TYPE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

function oneOf(name: string, value: unknown, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    throw invalidInput(`${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.`);
  }
}

/** A non-empty id without surrounding spaces. */
export function checkId(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidInput(`${name} must be a non-empty string.`);
  if (value.trim() !== value) throw invalidInput(`${name} must not start or end with spaces.`);
  return value;
}

/** An id for a URL path segment; '.' and '..' would change the path even when encoded. */
export function pathId(name: string, value: unknown): string {
  const id = checkId(name, value);
  if (/^\.+$/.test(id)) throw invalidInput(`${name} ${JSON.stringify(id)} is not a valid id.`);
  return encodeURIComponent(id);
}

export function checkPage(page: unknown, max = MAX_PAGE): number {
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 1 || page > max) {
    throw invalidInput(`page must be a whole number from 1 to ${max}; got ${String(page)}.`);
  }
  return page;
}

export function checkPageSize(pageSize: unknown): number {
  if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw invalidInput(`pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}; got ${String(pageSize)}.`);
  }
  return pageSize;
}

function checkList(name: string, values: unknown, pattern?: RegExp): string[] {
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw invalidInput(`${name} must be a list of strings.`);
  const out: string[] = [];
  for (const value of values) {
    checkId(`Each of ${name}`, value);
    const text = value as string;
    if (text.includes(',')) throw invalidInput(`${name} entries must not contain commas; got ${JSON.stringify(text)}.`);
    if (pattern && !pattern.test(text)) throw invalidInput(`${name} entries must look like CALL_TRANSFER; got ${JSON.stringify(text)}.`);
    if (!out.includes(text)) out.push(text);
  }
  return out;
}

function checkDate(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 8.64e15) {
    throw invalidInput(`${name} must be a Unix time in whole milliseconds; got ${String(value)}.`);
  }
}

/**
 * Validates the filter and returns the list endpoint's query parameters for one page
 * (without locationId, which the client adds to every request). Throws ApiError
 * 'invalidInput'.
 */
export function callLogQuery(filter: CallLogFilter, page = 1): Record<string, string> {
  if (typeof filter !== 'object' || filter === null) throw invalidInput('The call log filter must be an object.');
  const query: Record<string, string> = {};
  if (filter.agentId !== undefined) query.agentId = checkId('agentId', filter.agentId);
  const contactIds = checkList('contactIds', filter.contactIds);
  if (contactIds.length > 0) query.contactId = contactIds.join(',');
  oneOf('callType', filter.callType, CALL_TYPES);
  if (filter.callType !== undefined) query.callType = filter.callType;

  const { startDate, endDate } = filter;
  if ((startDate === undefined) !== (endDate === undefined)) {
    throw invalidInput('startDate and endDate go together: give both or neither.');
  }
  if (startDate !== undefined && endDate !== undefined) {
    checkDate('startDate', startDate);
    checkDate('endDate', endDate);
    if (startDate >= endDate) {
      throw invalidInput(
        `startDate must be before endDate; got ${new Date(startDate).toISOString()} to ${new Date(endDate).toISOString()}.`,
      );
    }
    query.startDate = String(startDate);
    query.endDate = String(endDate);
  }

  const actionTypes = checkList('actionTypes', filter.actionTypes, ACTION_TYPE_PATTERN);
  if (actionTypes.length > 0) query.actionType = actionTypes.join(',');

  oneOf('sortBy', filter.sortBy, SORT_FIELDS);
  oneOf('sort', filter.sort, SORT_DIRECTIONS);
  if (filter.sort !== undefined && filter.sortBy === undefined) {
    // api-notes: the API applies `sort` only with `sortBy`; alone it would be silently ignored.
    throw invalidInput('sort (ascend/descend) needs sortBy (duration or createdAt).');
  }
  if (filter.sortBy !== undefined) query.sortBy = filter.sortBy;
  if (filter.sort !== undefined) query.sort = filter.sort;

  query.page = String(checkPage(page, Number.MAX_SAFE_INTEGER));
  query.pageSize = String(checkPageSize(filter.pageSize ?? DEFAULT_PAGE_SIZE));
  return query;
}
