// Reading a tool's input. Neither VS Code nor every MCP client checks the input against the
// schema (VS Code passes whatever the model wrote), so each field is checked here and a mistake
// comes back as one sentence the model can act on.
import { ACTION_TYPES } from '../api/schemas';
import { isId } from '../services/ids';
import { DATE_PRESETS, isDatePreset, isValidTimeZone, validateCustomRange, type DatePreset } from '../services/zones';
import { toolDefinition, type ToolName } from './definitions';

/** The input was not usable: the message says what to change. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}

export type Input = Readonly<Record<string, unknown>>;

/** The input as an object with only the schema's properties. */
export function inputObject(tool: ToolName, value: unknown): Input {
  const input = value === undefined || value === null ? {} : value;
  if (typeof input !== 'object' || Array.isArray(input)) throw new ToolInputError('The input must be a JSON object.');
  const known = Object.keys(toolDefinition(tool)?.inputSchema.properties ?? {});
  const unknown = Object.keys(input).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new ToolInputError(`Unknown input ${unknown.length === 1 ? 'property' : 'properties'} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; ${tool} takes ${known.join(', ')}.`);
  }
  return input as Input;
}

export function optionalString(input: Input, key: string, maxLength: number): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ToolInputError(`${key} must be a string.`);
  const text = value.trim();
  if (text.length > maxLength) throw new ToolInputError(`${key} is longer than ${maxLength} characters.`);
  return text === '' ? undefined : text;
}

export function optionalInteger(input: Input, key: string, min: number, max: number): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ToolInputError(`${key} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}; got ${JSON.stringify(value)}.`);
  }
  return value;
}

export function optionalEnum<T extends string>(input: Input, key: string, allowed: readonly T[]): T | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new ToolInputError(`${key} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.`);
  }
  return value as T;
}

export function callIdOf(input: Input): string {
  const id = optionalString(input, 'callId', 128);
  if (id === undefined) throw new ToolInputError('callId is required: the id of a call, as voiceAi_searchCalls lists it.');
  if (!isId(id)) throw new ToolInputError(`callId ${JSON.stringify(id)} is not a call id (letters, digits, "-" and "_" only).`);
  return id;
}

export function contactIdsOf(input: Input): string[] | undefined {
  const value = input.contactIds;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > 50) throw new ToolInputError('contactIds must be a list of up to 50 contact ids.');
  const ids = value.map((v) => (typeof v === 'string' ? v.trim() : v));
  const bad = ids.find((v) => !isId(v));
  if (bad !== undefined) throw new ToolInputError(`contactIds: ${JSON.stringify(bad)} is not a contact id.`);
  return ids.length > 0 ? [...new Set(ids as string[])] : undefined;
}

export function actionTypesOf(input: Input): string[] | undefined {
  const value = input.actionTypes;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ToolInputError(`actionTypes must be a list of ${ACTION_TYPES.join(', ')}.`);
  const types = value.map((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v));
  const bad = types.find((t) => typeof t !== 'string' || !(ACTION_TYPES as readonly string[]).includes(t));
  if (bad !== undefined) throw new ToolInputError(`actionTypes: ${JSON.stringify(bad)} is not one of ${ACTION_TYPES.join(', ')}.`);
  return types.length > 0 ? [...new Set(types as string[])] : undefined;
}

export type DateRangeInput = { readonly preset: DatePreset } | { readonly from: string; readonly to: string };

/** The range (a preset, or from/to), or undefined when none is given. */
export function dateRangeOf(input: Input): DateRangeInput | undefined {
  const preset = optionalString(input, 'range', 20);
  const from = optionalString(input, 'from', 10);
  const to = optionalString(input, 'to', 10);
  if (preset !== undefined) {
    if (from !== undefined || to !== undefined) throw new ToolInputError('Give either range or from/to, not both.');
    if (!isDatePreset(preset)) throw new ToolInputError(`range must be one of ${DATE_PRESETS.join(', ')}; got ${JSON.stringify(preset)}.`);
    return { preset };
  }
  if (from === undefined) {
    if (to !== undefined) throw new ToolInputError('to needs from (the first day, YYYY-MM-DD).');
    return undefined;
  }
  const last = to ?? from;
  const problem = validateCustomRange(from, last);
  if (problem) throw new ToolInputError(`from/to: ${problem}`);
  return { from, to: last };
}

export function timeZoneOf(input: Input, fallback: string): string {
  const zone = optionalString(input, 'timeZone', 64);
  if (zone === undefined) return fallback;
  if (!isValidTimeZone(zone)) throw new ToolInputError(`timeZone ${JSON.stringify(zone)} is not an IANA time zone (e.g. America/Chicago, Europe/Madrid, UTC).`);
  return zone;
}
