// Messages between the call panel (extension host) and its webview, and the view model
// the webview renders. Imported by both sides, so this file must stay free of `vscode`,
// Node and DOM APIs.
import type { ChartColor } from './actionTypes';
import type { Glyph } from './glyph';

/** The webview panel type; also the key of the panel serializer. */
export const CALL_PANEL_VIEW_TYPE = 'voiceAi.callDetails';

/** What the webview keeps with `setState` and what the serializer receives after a reload.
 *  Only ids and UI state: never the token, never the call's data. */
export interface CallPanelWebviewState {
  readonly callId: string;
  /** Ids of the sections the user collapsed. */
  readonly collapsed?: readonly string[];
  readonly scrollY?: number;
}

/** Sections of the panel, also used as element ids and as keys of a test snapshot. */
export const SECTION_IDS = ['header', 'summary', 'recording', 'timeline', 'transcript', 'extracted', 'raw'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** One labelled value of an action's parameters. `list` values render as a bulleted list. */
export interface ParamRow {
  readonly label: string;
  readonly value: string;
  readonly list?: readonly string[];
  /** Render in a monospace face (ids, URLs, JSON). */
  readonly code?: boolean;
  /** The value was replaced because it is a secret. */
  readonly masked?: boolean;
}

export interface ActionView {
  /** Position in the sorted timeline, 1-based. */
  readonly index: number;
  readonly actionId?: string;
  /** The API's actionType as received (may be a type we do not know). */
  readonly type: string;
  readonly known: boolean;
  /** Human label of the type, e.g. "Call transfer". */
  readonly typeLabel: string;
  /** Name of the type's icon (ACTION_TYPE_DISPLAY in actionTypes.ts), 'unknown' for an unknown type. */
  readonly icon: string;
  /** The type's colour on the time axis; undefined for an unknown type. */
  readonly color?: ChartColor;
  /** actionName, or the type label when the API gave no name. */
  readonly name: string;
  /** Trigger time relative to the call's start, e.g. "+1:45"; undefined without a usable time. */
  readonly offset?: string;
  readonly offsetMs?: number;
  /** Trigger → execution, e.g. "15 s"; undefined unless both times are known. */
  readonly latency?: string;
  readonly latencyMs?: number;
  readonly triggerReceivedAt?: string;
  readonly executedAt?: string;
  readonly params: readonly ParamRow[];
}

export type Speaker = 'agent' | 'caller' | 'other';

export interface TranscriptTurn {
  readonly speaker: Speaker;
  readonly text: string;
}

export interface HeaderView {
  readonly callId: string;
  readonly fromNumber?: string;
  /** fromNumber grouped for reading, e.g. "+1 234 567 8901". */
  readonly fromNumberDisplay?: string;
  readonly contactId?: string;
  readonly agentId: string;
  /** Agent name, "deleted agent", or undefined when unknown. */
  readonly agentName?: string;
  readonly agentDeleted: boolean;
  readonly createdAt: string;
  readonly createdAtIso: string;
  readonly timeZone: string;
  readonly duration: string;
  readonly durationSeconds?: number;
  readonly callType: 'Live' | 'Trial';
  readonly messageId?: string;
  /** e.g. "es", "es (disabled)", or undefined when the call has no translation. */
  readonly translation?: string;
  readonly agentTransferOccurred?: boolean;
}

export interface CallViewModel {
  readonly callId: string;
  /** Panel title, e.g. "Call · +1 234 567 8901 · Jan 15 10:30". */
  readonly title: string;
  readonly header: HeaderView;
  readonly summary?: string;
  readonly transcript: readonly TranscriptTurn[];
  readonly translatedTranscript?: readonly TranscriptTurn[];
  readonly extractedData: readonly { readonly key: string; readonly value: string }[];
  readonly actions: readonly ActionView[];
  /** The call as JSON, with secret values masked. */
  readonly rawJson: string;
  /** The icons of the action types in this call, by icon name: the webview bundle does not
   *  carry the action-type registry (its parameter rows and masking are extension-side). */
  readonly glyphs: Readonly<Record<string, Glyph>>;
  /** Length of the time axis: the call's duration, or the last trigger if that is later. */
  readonly axisSpanMs: number;
}

// ---- The call's recording (the player) -------------------------------------------------------

/** One sentence of the timed transcript, told apart by channel. */
export interface TimedSentence {
  readonly speaker: Speaker;
  /** From the start of the recording. */
  readonly startMs: number;
  readonly endMs: number;
  readonly text: string;
}

/** Why the panel has no audio to play; the extension words it (the webview shows it as text). */
export type RecordingUnavailable = 'noRecording' | 'missingScope' | 'failed';

/**
 * What the extension tells the player. The audio arrives as bytes in `chunk`s (never a URL:
 * the webview knows neither the API's address nor the token), then `complete`.
 */
export type RecordingUpdate =
  | { readonly kind: 'transcript'; readonly sentences: readonly TimedSentence[] }
  /** The recording plays without a timed transcript (the API has none for it): `message` says so. */
  | { readonly kind: 'transcriptUnavailable'; readonly message: string }
  | { readonly kind: 'chunk'; readonly bytes: Uint8Array; readonly received: number; readonly total?: number }
  | { readonly kind: 'complete'; readonly byteLength: number }
  | {
      readonly kind: 'unavailable';
      readonly reason: RecordingUnavailable;
      readonly title: string;
      readonly message: string;
      readonly canRetry: boolean;
      readonly canSetToken: boolean;
    };

/** What the player asks of the extension. */
export type RecordingAction = 'load' | 'save' | 'setToken';

// ---- Extension → webview ----------------------------------------------------------------

export type ToWebview =
  | { readonly type: 'loading'; readonly callId: string }
  /** `highlight`: a search's words, marked wherever they occur in the summary, transcript and caller. */
  | { readonly type: 'call'; readonly model: CallViewModel; readonly seq: number; readonly highlight?: string }
  /** Marks a search's words in the call shown (empty: removes the marks). */
  | { readonly type: 'highlight'; readonly text: string }
  | {
      readonly type: 'error';
      readonly callId: string;
      readonly seq: number;
      readonly title: string;
      readonly message: string;
      readonly canRetry: boolean;
    }
  | { readonly type: 'notice'; readonly message: string }
  | { readonly type: 'recording'; readonly callId: string; readonly update: RecordingUpdate }
  /** Test-only: ask the webview to describe what its DOM shows. */
  | { readonly type: 'snapshot'; readonly requestId: number };

// ---- Webview → extension ----------------------------------------------------------------

export type CopyTarget = 'callId' | 'contactId' | 'messageId' | 'agentId' | 'actionId' | 'rawJson';

export interface SnapshotAction {
  readonly type: string;
  readonly typeLabel: string;
  readonly name: string;
  readonly offset: string;
  readonly latency: string;
  readonly params: readonly (readonly [string, string])[];
}

/** The webview's DOM, described as text (test-only). */
export interface PanelSnapshot {
  readonly view: 'loading' | 'call' | 'error' | 'empty';
  readonly callId?: string;
  readonly sections: Partial<Record<SectionId, string>>;
  readonly headerFields: Record<string, string>;
  readonly actions: readonly SnapshotAction[];
  readonly turns: readonly { readonly speaker: string; readonly text: string }[];
  readonly extracted: readonly (readonly [string, string])[];
  /** Elements an injected string could have created. */
  readonly injected: { readonly img: number; readonly script: number; readonly iframe: number; readonly onAttributes: number };
  readonly cspViolations: readonly string[];
  readonly buttons: readonly { readonly label: string; readonly focusable: boolean }[];
  /** Texts of the highlighted search matches, in document order. */
  readonly marks: readonly string[];
}

export type FromWebview =
  | { readonly type: 'ready'; readonly state?: CallPanelWebviewState }
  /** Sent once everything is in the DOM and painted. `firstPaintMs`: until the first screen
   *  (header, first slices of the lists) was painted; `renderMs`: until the whole call was;
   *  `longestTaskMs`: the longest main-thread task meanwhile (what a user feels as a stall). */
  | {
      readonly type: 'rendered';
      readonly callId: string;
      readonly seq: number;
      readonly renderMs: number;
      readonly firstPaintMs: number;
      readonly longestTaskMs: number;
      readonly view: 'call' | 'error';
    }
  | { readonly type: 'copy'; readonly target: CopyTarget; readonly value: string }
  | { readonly type: 'export' }
  | { readonly type: 'refresh' }
  | { readonly type: 'retry' }
  | { readonly type: 'close' }
  | { readonly type: 'cspViolation'; readonly detail: string }
  | { readonly type: 'recording'; readonly action: RecordingAction }
  | { readonly type: 'snapshot'; readonly requestId: number; readonly snapshot: PanelSnapshot };

/** Narrow an unknown message from the webview to a FromWebview, or undefined. */
export function parseFromWebview(message: unknown): FromWebview | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const type = (message as { type?: unknown }).type;
  switch (type) {
    case 'ready':
    case 'export':
    case 'refresh':
    case 'retry':
    case 'close':
      return message as FromWebview;
    case 'rendered': {
      const m = message as { callId?: unknown; seq?: unknown; renderMs?: unknown; view?: unknown };
      return typeof m.callId === 'string' && typeof m.seq === 'number' && typeof m.renderMs === 'number' && typeof (m as { firstPaintMs?: unknown }).firstPaintMs === 'number' && typeof (m as { longestTaskMs?: unknown }).longestTaskMs === 'number' && (m.view === 'call' || m.view === 'error')
        ? (message as FromWebview)
        : undefined;
    }
    case 'copy': {
      const m = message as { target?: unknown; value?: unknown };
      return typeof m.target === 'string' && typeof m.value === 'string' ? (message as FromWebview) : undefined;
    }
    case 'cspViolation':
      return typeof (message as { detail?: unknown }).detail === 'string' ? (message as FromWebview) : undefined;
    case 'recording': {
      const action = (message as { action?: unknown }).action;
      return action === 'load' || action === 'save' || action === 'setToken' ? (message as FromWebview) : undefined;
    }
    case 'snapshot':
      return typeof (message as { requestId?: unknown }).requestId === 'number' ? (message as FromWebview) : undefined;
    default:
      return undefined;
  }
}
