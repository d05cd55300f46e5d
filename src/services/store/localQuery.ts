// A call-log filter as SQL over the store's calls table, with the API's semantics (as the local
// API server implements the spec: test/api-server/routes.ts selectCallLogs):
// - agentId equal; contactIds any of; callType LIVE/TRIAL is trialCall false/true;
// - actionTypes: at least one executed action of any of the types;
// - startDate <= createdAt <= endDate, both inclusive;
// - newest first, ties by id descending; sortBy duration: longest first, ties newest first then
//   id descending; sort=ascend is the exact reverse; `sort` without `sortBy` is ignored.
import type { CallLogFilter } from '../../api/callLogQuery';
import type { SqlValue } from './sqlite';

export interface LocalQuery {
  /** " WHERE …" or "". The calls table is aliased `c`. */
  readonly where: string;
  readonly params: SqlValue[];
  /** " ORDER BY …" */
  readonly orderBy: string;
  /** The order's columns, most significant first, and whether it runs descending. */
  readonly keys: readonly ('created_at' | 'duration' | 'id')[];
  readonly descending: boolean;
}

export function localQuery(filter: CallLogFilter): LocalQuery {
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  if (filter.agentId !== undefined) {
    conditions.push('c.agent_id = ?');
    params.push(filter.agentId);
  }
  const contacts = [...new Set(filter.contactIds ?? [])];
  if (contacts.length > 0) {
    conditions.push(`c.contact_id IN (${contacts.map(() => '?').join(', ')})`);
    params.push(...contacts);
  }
  if (filter.callType !== undefined) {
    conditions.push('c.trial = ?');
    params.push(filter.callType === 'TRIAL' ? 1 : 0);
  }
  if (filter.startDate !== undefined) {
    conditions.push('c.created_at >= ?');
    params.push(filter.startDate);
  }
  if (filter.endDate !== undefined) {
    conditions.push('c.created_at <= ?');
    params.push(filter.endDate);
  }
  const types = [...new Set(filter.actionTypes ?? [])];
  if (types.length > 0) {
    conditions.push(`EXISTS (SELECT 1 FROM actions a WHERE a.call_rowid = c.rowid AND a.type IN (${types.map(() => '?').join(', ')}))`);
    params.push(...types);
  }
  const keys = filter.sortBy === 'duration' ? (['duration', 'created_at', 'id'] as const) : (['created_at', 'id'] as const);
  const descending = !(filter.sortBy !== undefined && filter.sort === 'ascend');
  const direction = descending ? 'DESC' : 'ASC';
  return {
    where: conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '',
    params,
    orderBy: ` ORDER BY ${keys.map((k) => `c.${k} ${direction}`).join(', ')}`,
    keys,
    descending,
  };
}

/**
 * The condition that continues `query` after the row whose order keys are `after` (keyset
 * paging: each page costs the same however deep it is).
 */
export function afterRow(query: LocalQuery, after: readonly SqlValue[]): { readonly sql: string; readonly params: SqlValue[] } {
  const columns = query.keys.map((k) => `c.${k}`).join(', ');
  const marks = query.keys.map(() => '?').join(', ');
  return { sql: `(${columns}) ${query.descending ? '<' : '>'} (${marks})`, params: [...after] };
}
