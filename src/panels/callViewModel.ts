// Turns a call log, as the schemas parsed it, into what the call panel shows: formatted header,
// transcript turns, the timeline of executed actions (sorted, placed on the call's time axis,
// with per-type parameter rows and secrets masked) and the raw JSON. Pure: no vscode, no DOM,
// so it is unit-tested under plain Node. The schemas have already made the API's quirks
// (`_id`, `null`, missing optional fields, unknown keys and action types) into CallLog's types.
import * as l10n from '@vscode/l10n';
import { displayLocale, formatNumber } from '../shared/locale';
import { formatCallTime } from '../services/zones';
import type { CallAction, CallLog } from '../api/schemas';
import type { ActionView, CallViewModel, HeaderView, Speaker, TranscriptTurn } from '../shared/protocol';
import { actionParamRows, actionTypeDisplay, actionTypeLabel } from '../shared/actionTypes';
import type { Glyph } from '../shared/glyph';
import { isObj, maskSecrets, scalarText } from '../shared/paramRows';

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

/** An empty string shows as absent. */
const nonEmpty = (v: string | undefined): string | undefined => (v === '' ? undefined : v);

// ---- time formatting ---------------------------------------------------------------------

/** A zone Intl accepts; falls back to UTC so that a bad setting never breaks the panel. */
export function safeTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

function parseTime(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one: a call with 500
// actions formats 1,000 times, so formatters are kept per zone and display language.
const formatters = new Map<string, Intl.DateTimeFormat>();
function longFormatter(timeZone: string): Intl.DateTimeFormat {
  const locale = displayLocale();
  const key = `${timeZone} ${locale}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
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

/** "Mon, Jan 15, 2024, 04:30:00 CST" in the zone. */
export function formatLongDateTime(ms: number, timeZone: string): string {
  return longFormatter(timeZone).format(ms);
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

/** Trigger → execution: "850 ms", "2.5 s" (Spanish "2,5 s"), "15 s", "2 min 5 s". */
export function formatLatency(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const a = Math.abs(ms);
  if (a < 1000) return `${sign}${formatNumber(Math.round(a))} ms`;
  if (a < 10_000) return `${sign}${formatNumber(Math.round(a / 100) / 10)} s`;
  if (a < 60_000) return `${sign}${formatNumber(Math.round(a / 1000))} s`;
  const totalS = Math.round(a / 1000);
  return `${sign}${formatNumber(Math.floor(totalS / 60))} min ${totalS % 60} s`;
}

/** "+12345678901" → "+1 234 567 8901"; other numbers are shown as received. */
export function formatPhone(n: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(n);
  return m ? `+1 ${m[1]} ${m[2]} ${m[3]}` : n;
}

// ---- transcript --------------------------------------------------------------------------

const SPEAKER_LINE = /^\s*(bot|agent|assistant|ai|human|caller|user|customer)\s*:\s?(.*)$/i;

/** Parses "bot: …" / "human: …" lines (with or without a space after the colon); lines
 *  without a prefix continue the previous turn. Text before the first prefix is "other". */
export function parseTranscript(transcript: string | undefined): TranscriptTurn[] {
  if (transcript === undefined || transcript.trim() === '') return [];
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

/** Every action, sorted by trigger time (then execution time; actions with neither keep
 *  their order, after the others), with offsets from the call's start and latencies. */
export function buildActionViews(actions: readonly CallAction[], callStartMs: number | undefined, timeZone: string): ActionView[] {
  const keyed = actions.map((a, i) => {
    const trigger = parseTime(a.triggerReceivedAt);
    const executed = parseTime(a.executedAt);
    return { a, i, trigger, executed, sortKey: trigger ?? executed ?? Number.POSITIVE_INFINITY };
  });
  keyed.sort((x, y) => (x.sortKey === y.sortKey ? x.i - y.i : x.sortKey < y.sortKey ? -1 : 1));
  return keyed.map(({ a, trigger, executed }, n): ActionView => {
    const type = a.actionType !== '' ? a.actionType : 'UNKNOWN';
    const display = actionTypeDisplay(type);
    const typeLabel = actionTypeLabel(type);
    const at = trigger ?? executed;
    const offsetMs = at !== undefined && callStartMs !== undefined ? at - callStartMs : undefined;
    const latencyMs = trigger !== undefined && executed !== undefined ? executed - trigger : undefined;
    return {
      index: n + 1,
      actionId: nonEmpty(a.actionId),
      type,
      known: display !== undefined,
      typeLabel,
      icon: display?.icon ?? 'unknown',
      color: display?.color,
      name: nonEmpty(a.actionName) ?? typeLabel,
      offset: offsetMs !== undefined ? formatOffset(offsetMs) : undefined,
      offsetMs,
      latency: latencyMs !== undefined ? formatLatency(latencyMs) : undefined,
      latencyMs,
      triggerReceivedAt: trigger !== undefined ? formatLongDateTime(trigger, timeZone) : undefined,
      executedAt: executed !== undefined ? formatLongDateTime(executed, timeZone) : undefined,
      params: actionParamRows(a),
    };
  });
}

// ---- the whole call ----------------------------------------------------------------------

/** Title of the panel: "Call · +1 234 567 8901 · Jan 15, 10:30 AM", its time written as the tree's rows write it. */
export function callTitle(call: Pick<CallLog, 'fromNumber' | 'createdAt'>, timeZone: string, now = Date.now()): string {
  const zone = safeTimeZone(timeZone);
  const from = nonEmpty(call.fromNumber);
  const start = parseTime(call.createdAt);
  return [l10n.t('Call'), from ? formatPhone(from) : l10n.t('unknown caller'), start !== undefined ? formatCallTime(call.createdAt, zone, displayLocale(), now) : undefined]
    .filter((x) => x !== undefined)
    .join(' · ');
}

export function buildCallViewModel(call: CallLog, options: ViewModelOptions): CallViewModel {
  const timeZone = safeTimeZone(options.timeZone);
  const start = parseTime(call.createdAt);
  const durationSeconds = Number.isFinite(call.duration) ? call.duration : undefined;
  const deleted = call.isAgentDeleted;
  const from = nonEmpty(call.fromNumber);
  const { translation } = call;
  const language = nonEmpty(translation?.language);
  const header: HeaderView = {
    callId: call.id,
    fromNumber: from,
    fromNumberDisplay: from !== undefined ? formatPhone(from) : undefined,
    contactId: nonEmpty(call.contactId),
    agentId: call.agentId,
    agentName: deleted ? (options.agentName ? l10n.t('{0} (deleted agent)', options.agentName) : l10n.t('deleted agent')) : options.agentName,
    agentDeleted: deleted,
    createdAt: start !== undefined ? formatLongDateTime(start, timeZone) : call.createdAt || l10n.t('unknown'),
    createdAtIso: call.createdAt,
    timeZone,
    duration: durationSeconds !== undefined ? formatClock(durationSeconds) : l10n.t('unknown'),
    durationSeconds,
    callType: call.trialCall ? 'Trial' : 'Live',
    messageId: nonEmpty(call.messageId),
    translation: translation
      ? language
        ? translation.enabled === false
          ? l10n.t('{0} (disabled)', language)
          : language
        : translation.enabled === true
          ? l10n.t('enabled')
          : translation.enabled === false
            ? l10n.t('off')
            : undefined
      : undefined,
    agentTransferOccurred: call.agentTransferOccurred,
  };
  const actions = buildActionViews(call.executedCallActions, start, timeZone);
  const lastOffset = actions.reduce((m, a) => (a.offsetMs !== undefined && a.offsetMs > m ? a.offsetMs : m), 0);
  const translated = parseTranscript(translation?.translatedTranscript);
  return {
    callId: call.id,
    title: callTitle(call, timeZone),
    header,
    summary: nonEmpty(call.summary),
    transcript: parseTranscript(call.transcript),
    translatedTranscript: translated.length > 0 ? translated : undefined,
    // Extracted data is the caller's own answers, not configuration: shown as received.
    extractedData: Object.entries(call.extractedData ?? {}).map(([key, v]) => ({ key, value: scalarText(v) })),
    actions,
    glyphs: glyphsOf(actions),
    rawJson: JSON.stringify(rawForDisplay(isObj(options.sent) ? options.sent : call), null, 2),
    axisSpanMs: Math.max((durationSeconds ?? 0) * 1000, lastOffset, 1),
  };
}

function glyphsOf(actions: readonly ActionView[]): Record<string, Glyph> {
  const glyphs: Record<string, Glyph> = {};
  for (const a of actions) {
    const display = actionTypeDisplay(a.type);
    if (display) glyphs[display.icon] = display.glyph;
  }
  return glyphs;
}

/** The call with the secrets of its action configuration masked (extracted data kept as is). */
function rawForDisplay(c: Obj): unknown {
  const masked = maskSecrets(c) as Obj;
  if ('extractedData' in c) masked.extractedData = c.extractedData;
  return masked;
}
