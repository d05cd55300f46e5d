// The JSON the API sent, kept beside what the schemas made of it. Parsing reads `null` as
// absent, mirrors `_id` into `id` and fills defaults: right for display, wrong for an export,
// which promises the call logs "as the API returned them".

const sent = new WeakMap<object, unknown>();

/** Remembers `raw` as the API's JSON behind `parsed` (an object made by a schema). */
export function rememberRaw(parsed: object, raw: unknown): void {
  sent.set(parsed, raw);
}

/** The API's JSON behind an object the client returned; undefined for anything else (a copy). */
export function rawOf(parsed: object): unknown {
  return sent.get(parsed);
}
