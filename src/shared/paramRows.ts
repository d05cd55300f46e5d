// Building blocks for an action's parameter rows, with credentials masked: used by the
// action-type registry (actionTypes.ts) for the known types and as the generic view of any
// other value. Pure: no vscode, no Node, no DOM.
import * as l10n from '@vscode/l10n';
import type { ParamRow } from './protocol';

type Obj = Record<string, unknown>;

export const MASK = '••••••••';

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- secrets -----------------------------------------------------------------------------

const SECRET_KEY = /(auth|token|secret|passw|pwd|api[-_]?key|apikey|credential|signature|cookie|session|private[-_]?key|bearer|x-api-key)/i;
/** Keys that match SECRET_KEY but hold no secret. */
const NOT_SECRET = new Set(['authenticationRequired', 'authorName', 'author']);

export function isSecretKey(key: string): boolean {
  return !NOT_SECRET.has(key) && SECRET_KEY.test(key);
}

/** Masks credentials in a URL: user info and query parameters with secret-looking names. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    let changed = false;
    if (u.password) {
      u.password = 'masked';
      changed = true;
    }
    for (const key of [...u.searchParams.keys()]) {
      if (isSecretKey(key) || /^(key|sig|code)$/i.test(key)) {
        u.searchParams.set(key, 'masked');
        changed = true;
      }
    }
    return changed ? u.toString().replace(/masked/g, MASK) : url;
  } catch {
    // Not a URL we can parse: mask "name=value" pairs with secret names anyway.
    return url.replace(/([?&;](?:[^=&#]*(?:token|key|secret|passw|auth|sig)[^=&#]*)=)[^&#]*/gi, `$1${MASK}`);
  }
}

/** A deep copy with secret values masked: secret-named string fields, secret headers, URLs. */
export function maskSecrets(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (key !== '' && isSecretKey(key)) return value === '' ? value : MASK;
    if (/url$/i.test(key)) return maskUrl(value);
    return value;
  }
  if (Array.isArray(value)) {
    if (key === 'headers') return value.map(maskHeader);
    return value.map((v) => maskSecrets(v));
  }
  if (isObj(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskSecrets(v, k);
    return out;
  }
  return value;
}

export function maskHeader(h: unknown): unknown {
  if (!isObj(h)) return maskSecrets(h);
  const name = typeof h.key === 'string' ? h.key : typeof h.name === 'string' ? h.name : '';
  const copy = maskSecrets(h) as Obj;
  if (isSecretKey(name) && typeof copy.value === 'string' && copy.value !== '') copy.value = MASK;
  return copy;
}

// ---- rows --------------------------------------------------------------------------------

/** "transferToValue" → "Transfer to value"; "a.b" paths keep their dots. */
export function humanizeKey(key: string): string {
  const spaced = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? l10n.t('Yes') : l10n.t('No');
  if (v === null) return '—';
  if (v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** Readable key/value rows for any value: nested objects become dotted labels, arrays of
 *  scalars become lists, deeper structures JSON. Secrets are masked first. */
export function genericRows(value: unknown, prefix = '', depth = 0): ParamRow[] {
  const masked = depth === 0 ? maskSecrets(value) : value;
  if (!isObj(masked)) {
    return masked === undefined ? [] : [{ label: prefix ? humanizeKey(prefix) : l10n.t('Value'), value: scalarText(masked) }];
  }
  const rows: ParamRow[] = [];
  for (const [k, v] of Object.entries(masked)) {
    const label = prefix ? `${prefix} › ${humanizeKey(k)}` : humanizeKey(k);
    if (Array.isArray(v)) {
      if (v.every((x) => !isObj(x) && !Array.isArray(x))) {
        rows.push({ label, value: v.map(scalarText).join(', '), list: v.map(scalarText) });
      } else {
        rows.push({ label, value: v.map((x) => (isObj(x) ? objectLine(x) : scalarText(x))).join('\n'), list: v.map((x) => (isObj(x) ? objectLine(x) : scalarText(x))) });
      }
    } else if (isObj(v) && depth < 3) {
      rows.push(...genericRows(v, label, depth + 1));
    } else {
      rows.push({ label, value: scalarText(v), masked: v === MASK ? true : undefined });
    }
  }
  return rows;
}

function objectLine(o: Obj): string {
  return Object.entries(o)
    .map(([k, v]) => `${k}: ${scalarText(v)}`)
    .join(', ');
}

/** A row, or nothing for an absent or empty value. */
export function row(label: string, value: unknown, extra?: Partial<ParamRow>): ParamRow | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return { label, value: scalarText(value), ...extra };
}

/** A bulleted row, or nothing for an absent or empty list. */
export function listRow(label: string, value: readonly unknown[] | undefined): ParamRow | undefined {
  if (value === undefined || value.length === 0) return undefined;
  const items = value.map((x) => (isObj(x) ? objectLine(x) : scalarText(x)));
  return { label, value: items.join(', '), list: items };
}
