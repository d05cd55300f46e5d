// Ids in this API (locations, agents, call logs, contacts) are opaque strings; we refuse only
// what could not be one. One pattern, so that every command and the filter agree.
import * as l10n from '@vscode/l10n';
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** For an input box: what is wrong with a location id, or undefined. */
export function validateLocationId(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return l10n.t('Enter the location (sub-account) id, e.g. {0}.', 've9EPM428h8vShlRW1KT');
  return isId(v) ? undefined : l10n.t('A location id has only letters, digits, "_" and "-".');
}

/** For an input box: what is wrong with a call log id, or undefined. */
export function validateCallId(value: string): string | undefined {
  const id = value.trim();
  if (id === '') return l10n.t('Enter the ID of a call log.');
  if (id.length > 128) return l10n.t('That is too long for a call log ID.');
  if (!isId(id)) return l10n.t('A call log ID contains only letters, digits, "-" and "_".');
  return undefined;
}
