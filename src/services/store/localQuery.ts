// A call-log filter as SQL over the store's calls table, with the API's semantics (as the local
// API server implements the spec: test/api-server/routes.ts selectCallLogs):
// - agentId equal; contactIds any of; callType LIVE/TRIAL is trialCall false/true;
// - actionTypes: at least one executed action of any of the types;
// - startDate <= createdAt <= endDate, both inclusive;
// - newest first, ties by id descending; sortBy duration: longest first, ties newest first then
//   id descending; sort=ascend is the exact reverse; `sort` without `sortBy` is ignored.
import type { CallLogFilter } from '../../api/callLogQuery';
import { ACTION_TYPES } from '../../api/schemas';
import type { SqlValue } from './sqlite';

export interface LocalQuery {
  /** " WHERE …" or "". The calls table is aliased `c`. */
  readonly where: string;
  readonly params: SqlValue[];
  /** " ORDER BY …" over the calls table `c`. */
  readonly orderBy: string;
  /** The same order over a subquery `p` that selected the keys (see pageOf). */
  readonly outerOrderBy: string;
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
    // Known types by the row's bit mask (no lookup per row); types this version does not know in the actions table.
    const mask = actionMask(types);
    const others = types.filter((t) => !(ACTION_TYPES as readonly string[]).includes(t));
    const any: string[] = [];
    if (mask !== 0) {
      any.push('(c.action_mask & ?) != 0');
      params.push(mask);
    }
    if (others.length > 0) {
      any.push(`(c.other_actions = 1 AND EXISTS (SELECT 1 FROM actions a WHERE a.call_rowid = c.rowid AND a.type IN (${others.map(() => '?').join(', ')})))`);
      params.push(...others);
    }
    conditions.push(any.length === 1 ? any[0] : `(${any.join(' OR ')})`);
  }
  const keys = filter.sortBy === 'duration' ? (['duration', 'created_at', 'id'] as const) : (['created_at', 'id'] as const);
  const descending = !(filter.sortBy !== undefined && filter.sort === 'ascend');
  const direction = descending ? 'DESC' : 'ASC';
  return {
    where: conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '',
    params,
    orderBy: ` ORDER BY ${keys.map((k) => `c.${k} ${direction}`).join(', ')}`,
    outerOrderBy: ` ORDER BY ${keys.map((k) => `p.${k} ${direction}`).join(', ')}`,
    keys,
    descending,
  };
}

/** Bit i for each of `types` that is ACTION_TYPES[i]. */
export function actionMask(types: Iterable<string>): number {
  let mask = 0;
  for (const type of types) {
    const i = (ACTION_TYPES as readonly string[]).indexOf(type);
    if (i >= 0) mask |= 1 << i;
  }
  return mask;
}

/**
 * SQL for the JSON of one page's calls, in order: the page is chosen on the narrow calls table,
 * and only its rows' JSON is read. Parameters: the query's, then limit and offset.
 */
export function pageSql(query: LocalQuery): string {
  const keys = query.keys.map((k) => `c.${k}`).join(', ');
  return `SELECT j.raw FROM (SELECT c.rowid AS r, ${keys} FROM calls c${query.where}${query.orderBy} LIMIT ? OFFSET ?) p JOIN call_json j ON j.rowid = p.r${query.outerOrderBy}`;
}

/** True when the filter narrows nothing (its total is the stored count). */
export function isUnfiltered(query: LocalQuery): boolean {
  return query.where === '';
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
