// Query validation as the real API does it (NestJS + class-validator): type, enum and unknown-
// property errors are collected into one 422 `{statusCode, message: string[], error}`; checks
// that need two parameters (date ranges) answer 400 with a single message.
import { ACTION_TYPES } from './data';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 422; messages: string[] };

export interface CallLogQuery {
  agentId?: string;
  contactIds?: string[];
  callType?: 'LIVE' | 'TRIAL';
  startDate?: number;
  endDate?: number;
  actionTypes?: string[];
  sortBy?: 'duration' | 'createdAt';
  sort?: 'ascend' | 'descend';
  page: number;
  pageSize: number;
}

export interface AgentQuery {
  query?: string;
  page: number;
  pageSize: number;
}

const CALL_LOG_PARAMS = ['locationId', 'agentId', 'contactId', 'callType', 'startDate', 'endDate', 'actionType', 'sortBy', 'sort', 'page', 'pageSize'];
const AGENT_LIST_PARAMS = ['locationId', 'page', 'pageSize', 'query'];
const SINGLE_PARAMS = ['locationId'];

/** Parameters each route accepts; anything else is `property <name> should not exist`. */
export const ALLOWED_PARAMS = {
  callLogs: CALL_LOG_PARAMS,
  callLog: SINGLE_PARAMS,
  agents: AGENT_LIST_PARAMS,
  agent: SINGLE_PARAMS,
} as const;

/** Collects class-validator style messages for unknown and repeated parameters. */
export function checkParams(params: URLSearchParams, allowed: readonly string[], messages: string[]): void {
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) {
      if (allowed.includes(key)) messages.push(`${key} must be a single value`);
      continue;
    }
    seen.add(key);
    if (!allowed.includes(key)) messages.push(`property ${key} should not exist`);
  }
}

function get(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name);
  // An empty value counts as absent (a client that builds `?agentId=` means "no filter").
  return v === null || v === '' ? undefined : v;
}

function numberParam(params: URLSearchParams, name: string, messages: string[]): number | undefined {
  const raw = get(params, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\s*-?\d+(\.\d+)?\s*$/.test(raw) || !Number.isFinite(n)) {
    messages.push(`${name} must be a number conforming to the specified constraints`);
    return undefined;
  }
  return n;
}

function intInRange(params: URLSearchParams, name: string, min: number, max: number, fallback: number, messages: string[], maxMessage?: string): number {
  const n = numberParam(params, name, messages);
  if (n === undefined) return fallback;
  if (!Number.isInteger(n)) {
    messages.push(`${name} must be an integer number`);
    return fallback;
  }
  if (n < min) messages.push(`${name} must not be less than ${min}`);
  if (n > max) messages.push(maxMessage ?? `${name} must not be greater than ${max}`);
  return n;
}

function enumParam<T extends string>(params: URLSearchParams, name: string, values: readonly T[], messages: string[]): T | undefined {
  const raw = get(params, name);
  if (raw === undefined) return undefined;
  if (!(values as readonly string[]).includes(raw)) {
    messages.push(`${name} must be one of the following values: ${values.join(', ')}`);
    return undefined;
  }
  return raw as T;
}

function list(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length ? items : undefined;
}

export function validateCallLogQuery(params: URLSearchParams): ValidationResult<CallLogQuery> {
  const messages: string[] = [];
  checkParams(params, CALL_LOG_PARAMS, messages);
  const callType = enumParam(params, 'callType', ['LIVE', 'TRIAL'] as const, messages);
  const sortBy = enumParam(params, 'sortBy', ['duration', 'createdAt'] as const, messages);
  const sort = enumParam(params, 'sort', ['ascend', 'descend'] as const, messages);
  const startDate = numberParam(params, 'startDate', messages);
  const endDate = numberParam(params, 'endDate', messages);
  const actionTypes = list(get(params, 'actionType'));
  if (actionTypes?.some((t) => !(ACTION_TYPES as readonly string[]).includes(t))) {
    messages.push(`each value in actionType must be one of the following values: ${ACTION_TYPES.join(', ')}`);
  }
  const page = intInRange(params, 'page', 1, Number.MAX_SAFE_INTEGER, 1, messages);
  const pageSize = intInRange(params, 'pageSize', 1, 50, 10, messages, 'pageSize cannot exceed 50');
  if (messages.length) return { ok: false, status: 422, messages };

  if ((startDate === undefined) !== (endDate === undefined)) {
    return { ok: false, status: 400, messages: ['startDate and endDate must be provided together'] };
  }
  if (startDate !== undefined && endDate !== undefined && startDate >= endDate) {
    return { ok: false, status: 400, messages: ['startDate must be less than endDate'] };
  }
  return {
    ok: true,
    value: {
      agentId: get(params, 'agentId'),
      contactIds: list(get(params, 'contactId')),
      callType,
      startDate,
      endDate,
      actionTypes,
      sortBy,
      sort,
      page,
      pageSize,
    },
  };
}

export function validateAgentQuery(params: URLSearchParams): ValidationResult<AgentQuery> {
  const messages: string[] = [];
  checkParams(params, AGENT_LIST_PARAMS, messages);
  const page = intInRange(params, 'page', 1, 5000, 1, messages);
  const pageSize = intInRange(params, 'pageSize', 1, 50, 10, messages, 'pageSize cannot exceed 50');
  if (messages.length) return { ok: false, status: 422, messages };
  return { ok: true, value: { query: get(params, 'query'), page, pageSize } };
}

export function validateSingleQuery(params: URLSearchParams): ValidationResult<Record<string, never>> {
  const messages: string[] = [];
  checkParams(params, SINGLE_PARAMS, messages);
  if (messages.length) return { ok: false, status: 422, messages };
  return { ok: true, value: {} };
}
