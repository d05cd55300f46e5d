// Turns a call log from the API into what the call panel shows: formatted header, transcript
// turns, the timeline of executed actions (sorted, placed on the call's time axis, with
// per-type parameter rows and secrets masked) and the raw JSON. Pure: no vscode, no DOM, so
// it is unit-tested under plain Node. The API may send unknown keys, unknown action types
// and missing fields; nothing here throws on them.
import type {
  ActionView,
  CallViewModel,
  HeaderView,
  IconName,
  ParamRow,
  Speaker,
  TranscriptTurn,
} from '../shared/protocol';

export interface ViewModelOptions {
  /** IANA zone for every time shown. */
  readonly timeZone: string;
  /** The agent's name if known (from the agent directory). */
  readonly agentName?: string;
  /**
   * The JSON the API sent for this call, for the JSON section (what an export writes); without
   * it, the call as given. Secrets are masked either way.
   */
  readonly sent?: unknown;
}

type Obj = Record<string, unknown>;

export const MASK = '••••••••';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

// ---- time formatting ---------------------------------------------------------------------

/** A zone Intl accepts; falls back to UTC so that a bad setting never breaks the panel. */
export function safeTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

function parseTime(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one: a call with 500
// actions formats 1,000 times, so formatters are kept per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'short' | 'long', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === 'short'
        ? new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        : new Intl.DateTimeFormat('en-US', {
            timeZone,
            weekday: 'short',
            year: 'numeric',
            month: 'short',
            day: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
            hourCycle: 'h23',
            timeZoneName: 'short',
          });
    formatters.set(key, f);
  }
  return f;
}

/** "Jan 15 10:30" in the zone, for titles. */
export function formatShortDateTime(ms: number, timeZone: string): string {
  const parts = formatter('short', timeZone).formatToParts(ms);
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('month')} ${get('day')} ${get('hour')}:${get('minute')}`;
}

/** "Mon, Jan 15, 2024, 04:30:00 CST" in the zone. */
export function formatLongDateTime(ms: number, timeZone: string): string {
  return formatter('long', timeZone).format(ms);
}

/** Whole seconds as "m:ss" or "h:mm:ss". */
export function formatClock(totalSeconds: number): string {
  const s = Math.floor(Math.abs(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Offset from the call's start: "+1:45", "−0:03" when the clock of an action ran early. */
export function formatOffset(ms: number): string {
  return `${ms < 0 ? '−' : '+'}${formatClock(ms / 1000)}`;
}

/** Trigger → execution: "850 ms", "2.5 s", "15 s", "2 min 5 s". */
export function formatLatency(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const a = Math.abs(ms);
  if (a < 1000) return `${sign}${Math.round(a)} ms`;
  if (a < 10_000) return `${sign}${(Math.round(a / 100) / 10).toString()} s`;
  if (a < 60_000) return `${sign}${Math.round(a / 1000)} s`;
  const totalS = Math.round(a / 1000);
  return `${sign}${Math.floor(totalS / 60)} min ${totalS % 60} s`;
}

/** "+12345678901" → "+1 234 567 8901"; other numbers are shown as received. */
export function formatPhone(n: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(n);
  return m ? `+1 ${m[1]} ${m[2]} ${m[3]}` : n;
}

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

function maskHeader(h: unknown): unknown {
  if (!isObj(h)) return maskSecrets(h);
  const name = typeof h.key === 'string' ? h.key : typeof h.name === 'string' ? h.name : '';
  const copy = maskSecrets(h) as Obj;
  if (isSecretKey(name) && typeof copy.value === 'string' && copy.value !== '') copy.value = MASK;
  return copy;
}

// ---- transcript --------------------------------------------------------------------------

const SPEAKER_LINE = /^\s*(bot|agent|assistant|ai|human|caller|user|customer)\s*:\s?(.*)$/i;

/** Parses "bot: …" / "human: …" lines (with or without a space after the colon); lines
 *  without a prefix continue the previous turn. Text before the first prefix is "other". */
export function parseTranscript(transcript: unknown): TranscriptTurn[] {
  if (typeof transcript !== 'string' || transcript.trim() === '') return [];
  const turns: { speaker: Speaker; lines: string[] }[] = [];
  for (const rawLine of transcript.split(/\r\n|\r|\n/)) {
    const m = SPEAKER_LINE.exec(rawLine);
    if (m) {
      const who = m[1].toLowerCase();
      const speaker: Speaker = who === 'bot' || who === 'agent' || who === 'assistant' || who === 'ai' ? 'agent' : 'caller';
      turns.push({ speaker, lines: [m[2].trim()] });
    } else if (turns.length > 0) {
      turns[turns.length - 1].lines.push(rawLine.trim());
    } else if (rawLine.trim() !== '') {
      turns.push({ speaker: 'other', lines: [rawLine.trim()] });
    }
  }
  return turns
    .map((t) => ({ speaker: t.speaker, text: t.lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() }))
    .filter((t) => t.text !== '');
}

// ---- actions -----------------------------------------------------------------------------

interface TypeInfo {
  readonly label: string;
  readonly icon: IconName;
}

export const ACTION_TYPE_INFO: Readonly<Record<string, TypeInfo>> = {
  CALL_TRANSFER: { label: 'Call transfer', icon: 'transfer' },
  DATA_EXTRACTION: { label: 'Data extraction', icon: 'extract' },
  IN_CALL_DATA_EXTRACTION: { label: 'In-call data extraction', icon: 'inCallExtract' },
  WORKFLOW_TRIGGER: { label: 'Workflow trigger', icon: 'workflow' },
  SMS: { label: 'SMS', icon: 'sms' },
  APPOINTMENT_BOOKING: { label: 'Appointment booking', icon: 'booking' },
  CUSTOM_ACTION: { label: 'Custom action', icon: 'customAction' },
  KNOWLEDGE_BASE: { label: 'Knowledge base', icon: 'knowledgeBase' },
};

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

function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
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
    return masked === undefined ? [] : [{ label: prefix ? humanizeKey(prefix) : 'Value', value: scalarText(masked) }];
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

function row(label: string, value: unknown, extra?: Partial<ParamRow>): ParamRow | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return { label, value: scalarText(value), ...extra };
}

function listRow(label: string, value: unknown): ParamRow | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const items = value.map((x) => (isObj(x) ? objectLine(x) : scalarText(x)));
  return { label, value: items.join(', '), list: items };
}

function customParamLine(p: unknown): string {
  if (!isObj(p)) return scalarText(p);
  const name = str(p.name) ?? '(unnamed)';
  const type = str(p.type);
  const desc = str(p.description);
  const example = p.example !== undefined ? scalarText(p.example) : undefined;
  return `${name}${type ? ` (${type})` : ''}${desc ? ` — ${desc}` : ''}${example ? `; e.g. ${example}` : ''}`;
}

/** Parameter rows for a known type; keys not consumed are appended generically, so no data
 *  the API sends is hidden. */
export function actionParamRows(type: string, parameters: unknown): ParamRow[] {
  const p = isObj(parameters) ? parameters : {};
  const used = new Set<string>();
  const take = (k: string) => {
    used.add(k);
    return p[k];
  };
  const rows: (ParamRow | undefined)[] = [];
  switch (type) {
    case 'CALL_TRANSFER': {
      const to = take('transferToValue');
      const kind = take('transferToType');
      rows.push(row('Transfer to', to, { code: true }));
      if (kind !== undefined && kind !== 'number') rows.push(row('Destination type', kind));
      rows.push(row('Whisper message to receiver', take('hearWhisperMessage')));
      break;
    }
    case 'SMS':
      rows.push(row('SMS body', take('messageBody')));
      break;
    case 'WORKFLOW_TRIGGER':
      rows.push(row('Workflow ID', take('workflowId'), { code: true }));
      break;
    case 'APPOINTMENT_BOOKING': {
      rows.push(row('Calendar ID', take('calendarId'), { code: true }));
      const days = num(take('daysOfOfferingDates'));
      const perDay = num(take('slotsPerDay'));
      const gap = num(take('hoursBetweenSlots'));
      const parts = [
        perDay !== undefined ? `${perDay} per day` : undefined,
        days !== undefined ? `over ${days} day${days === 1 ? '' : 's'}` : undefined,
        gap !== undefined ? `${gap} h apart` : undefined,
      ].filter((x): x is string => x !== undefined);
      if (parts.length > 0) rows.push({ label: 'Slots offered', value: parts.join(', ') });
      // Keep non-numeric values the API might send instead of dropping them.
      for (const k of ['daysOfOfferingDates', 'slotsPerDay', 'hoursBetweenSlots']) {
        if (p[k] !== undefined && num(p[k]) === undefined) rows.push(row(humanizeKey(k), p[k]));
      }
      break;
    }
    case 'DATA_EXTRACTION':
    case 'IN_CALL_DATA_EXTRACTION':
      rows.push(row('Contact field ID', take('contactFieldId'), { code: true }));
      rows.push(row('Extracts', take('description')));
      rows.push(listRow('Examples', take('examples')));
      rows.push(row('Overwrite existing value', take('overwriteExistingValue')));
      break;
    case 'CUSTOM_ACTION': {
      const api = take('apiDetails');
      if (isObj(api)) {
        const method = str(api.method) ?? '';
        const url = str(api.url);
        if (url !== undefined || method !== '') {
          rows.push({ label: 'Request', value: `${method}${method && url ? ' ' : ''}${url ? maskUrl(url) : ''}`, code: true });
        }
        const required = api.authenticationRequired;
        const secret = api.authenticationValue;
        if (required !== undefined || secret !== undefined) {
          const hasValue = typeof secret === 'string' ? secret !== '' : secret !== undefined && secret !== null;
          rows.push({
            label: 'Authentication',
            value: `${required === true ? 'Required' : required === false ? 'Not required' : 'Unspecified'}${hasValue ? ` · value ${MASK}` : ''}`,
            masked: hasValue || undefined,
          });
        }
        if (Array.isArray(api.headers) && api.headers.length > 0) {
          const items = api.headers.map((h) => {
            const m = maskHeader(h);
            return isObj(m) ? `${scalarText(m.key ?? m.name)}: ${scalarText(m.value)}` : scalarText(m);
          });
          rows.push({ label: 'Headers', value: items.join('\n'), list: items, code: true });
        }
        if (Array.isArray(api.parameters) && api.parameters.length > 0) {
          const items = api.parameters.map(customParamLine);
          rows.push({ label: 'API parameters', value: items.join('\n'), list: items });
        }
        const known = new Set(['method', 'url', 'authenticationRequired', 'authenticationValue', 'headers', 'parameters']);
        const rest = Object.fromEntries(Object.entries(api).filter(([k]) => !known.has(k)));
        rows.push(...genericRows(rest, 'API'));
      } else if (api !== undefined) {
        rows.push(row('API details', JSON.stringify(maskSecrets(api)), { code: true }));
      }
      // The spec's schema says selectedPaths, its example responsePathsToExtract.
      rows.push(listRow('Response paths', take('selectedPaths')));
      rows.push(listRow('Response paths', take('responsePathsToExtract')));
      break;
    }
    case 'KNOWLEDGE_BASE': {
      rows.push(row('Knowledge base ID', take('knowledgeBaseId'), { code: true }));
      const params = take('parameters');
      if (Array.isArray(params) && params.length > 0) {
        const items = params.map(customParamLine);
        rows.push({ label: 'Parameters', value: items.join('\n'), list: items });
      }
      break;
    }
    default:
      return genericRows(parameters);
  }
  rows.push(row('Trigger prompt', take('triggerPrompt')));
  rows.push(row('Message to caller', take('triggerMessage')));
  const rest = Object.fromEntries(Object.entries(p).filter(([k]) => !used.has(k)));
  return [...rows.filter((r): r is ParamRow => r !== undefined), ...genericRows(rest)];
}

/** Every action, sorted by trigger time (then execution time; actions with neither keep
 *  their order, after the others), with offsets from the call's start and latencies. */
export function buildActionViews(actions: unknown, callStartMs: number | undefined, timeZone: string): ActionView[] {
  if (!Array.isArray(actions)) return [];
  const keyed = actions.map((raw, i) => {
    const a = isObj(raw) ? raw : {};
    const trigger = parseTime(a.triggerReceivedAt);
    const executed = parseTime(a.executedAt);
    return { a, i, trigger, executed, sortKey: trigger ?? executed ?? Number.POSITIVE_INFINITY };
  });
  keyed.sort((x, y) => (x.sortKey === y.sortKey ? x.i - y.i : x.sortKey < y.sortKey ? -1 : 1));
  return keyed.map(({ a, trigger, executed }, n): ActionView => {
    const type = typeof a.actionType === 'string' && a.actionType !== '' ? a.actionType : 'UNKNOWN';
    const info = ACTION_TYPE_INFO[type];
    const typeLabel = info?.label ?? humanizeKey(type.toLowerCase());
    const at = trigger ?? executed;
    const offsetMs = at !== undefined && callStartMs !== undefined ? at - callStartMs : undefined;
    const latencyMs = trigger !== undefined && executed !== undefined ? executed - trigger : undefined;
    return {
      index: n + 1,
      actionId: str(a.actionId) ?? str(a._id),
      type,
      known: info !== undefined,
      typeLabel,
      icon: info?.icon ?? 'unknown',
      name: str(a.actionName) ?? typeLabel,
      offset: offsetMs !== undefined ? formatOffset(offsetMs) : undefined,
      offsetMs,
      latency: latencyMs !== undefined ? formatLatency(latencyMs) : undefined,
      latencyMs,
      triggerReceivedAt: trigger !== undefined ? formatLongDateTime(trigger, timeZone) : undefined,
      executedAt: executed !== undefined ? formatLongDateTime(executed, timeZone) : undefined,
      params: actionParamRows(type, a.actionParameters),
    };
  });
}

// ---- the whole call ----------------------------------------------------------------------

/** Title of the panel: "Call · +1 234 567 8901 · Jan 15 10:30". */
export function callTitle(call: object, timeZone: string): string {
  const c = call as Obj;
  const zone = safeTimeZone(timeZone);
  const from = str(c.fromNumber);
  const start = parseTime(c.createdAt);
  return ['Call', from ? formatPhone(from) : 'unknown caller', start !== undefined ? formatShortDateTime(start, zone) : undefined]
    .filter((x) => x !== undefined)
    .join(' · ');
}

export function buildCallViewModel(call: object, options: ViewModelOptions): CallViewModel {
  const c = call as Obj;
  const timeZone = safeTimeZone(options.timeZone);
  const callId = str(c.id) ?? '';
  const start = parseTime(c.createdAt);
  const durationSeconds = num(c.duration);
  const deleted = c.isAgentDeleted === true;
  const translation = isObj(c.translation) ? c.translation : undefined;
  const language = translation ? str(translation.language) : undefined;
  const header: HeaderView = {
    callId,
    fromNumber: str(c.fromNumber),
    fromNumberDisplay: str(c.fromNumber) !== undefined ? formatPhone(str(c.fromNumber) as string) : undefined,
    contactId: str(c.contactId),
    agentId: str(c.agentId) ?? '',
    agentName: deleted ? (options.agentName ? `${options.agentName} (deleted agent)` : 'deleted agent') : options.agentName,
    agentDeleted: deleted,
    createdAt: start !== undefined ? formatLongDateTime(start, timeZone) : scalarText(c.createdAt) || 'unknown',
    createdAtIso: typeof c.createdAt === 'string' ? c.createdAt : '',
    timeZone,
    duration: durationSeconds !== undefined ? formatClock(durationSeconds) : 'unknown',
    durationSeconds,
    callType: c.trialCall === true ? 'Trial' : 'Live',
    messageId: str(c.messageId),
    translation: translation
      ? language
        ? `${language}${translation.enabled === false ? ' (disabled)' : ''}`
        : translation.enabled === true
          ? 'enabled'
          : translation.enabled === false
            ? 'off'
            : undefined
      : undefined,
    agentTransferOccurred: typeof c.agentTransferOccurred === 'boolean' ? c.agentTransferOccurred : undefined,
  };
  const actions = buildActionViews(c.executedCallActions, start, timeZone);
  const lastOffset = actions.reduce((m, a) => (a.offsetMs !== undefined && a.offsetMs > m ? a.offsetMs : m), 0);
  const extracted = isObj(c.extractedData) ? c.extractedData : undefined;
  const translated = translation ? parseTranscript(translation.translatedTranscript) : [];
  return {
    callId,
    title: callTitle(call, timeZone),
    header,
    summary: str(c.summary),
    transcript: parseTranscript(c.transcript),
    translatedTranscript: translated.length > 0 ? translated : undefined,
    // Extracted data is the caller's own answers, not configuration: shown as received.
    extractedData: extracted ? Object.entries(extracted).map(([key, v]) => ({ key, value: scalarText(v) })) : [],
    actions,
    rawJson: JSON.stringify(rawForDisplay(isObj(options.sent) ? options.sent : c), null, 2),
    axisSpanMs: Math.max((durationSeconds ?? 0) * 1000, lastOffset, 1),
  };
}

/** The call with the secrets of its action configuration masked (extracted data kept as is). */
function rawForDisplay(c: Obj): unknown {
  const masked = maskSecrets(c) as Obj;
  if ('extractedData' in c) masked.extractedData = c.extractedData;
  return masked;
}
