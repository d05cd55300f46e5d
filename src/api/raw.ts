// The JSON the API sent, kept beside what the schemas made of it. Parsing reads `null` as
// absent, mirrors `_id` into `id` and fills defaults: right for display, wrong for an export,
// which promises the call logs "as the API returned them".
import { CallLogSchema, type CallLog } from './schemas';

const sent = new WeakMap<object, unknown>();

/** Remembers `raw` as the API's JSON behind `parsed` (an object made by a schema). */
export function rememberRaw(parsed: object, raw: unknown): void {
  sent.set(parsed, raw);
}

/** The API's JSON behind an object the client returned; undefined for anything else (a copy). */
export function rawOf(parsed: object): unknown {
  return sent.get(parsed);
}

/**
 * A call log handed over from outside the client (a command's argument): the client's own
 * object as it is; anything else read with the schema (it is not what the API sent, so an
 * export still fetches that call). Undefined when the schema cannot read it as a call log.
 */
export function callLogFrom(value: object): CallLog | undefined {
  if (sent.has(value)) return value as CallLog;
  const parsed = CallLogSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
