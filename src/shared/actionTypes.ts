// The registry of action types, display side: for each type the API documents, one entry with
// its label, its words in a sentence, its icon and colour, and how its parameters are shown.
// The types themselves and their parameter schemas are ACTION_PARAMETER_SCHEMAS in
// src/api/schemas.ts (zod stays out of the webview bundle); this registry is typed by them,
// so a type added there does not build until it has an entry here. Used by the filter words,
// the tree and the panel's view model (which hands the webview the glyphs it needs): no vscode,
// no Node, no DOM, and only type imports from src/api.
import * as l10n from '@vscode/l10n';
import type { ActionParametersByType, ActionType, CallAction, CustomActionParameters, DataExtractionParameters, KnownCallAction } from '../api/schemas';
import type { ParamRow } from './protocol';
import { stroke, type Glyph } from './glyph';
import { genericRows, humanizeKey, isObj, listRow, MASK, maskHeader, maskUrl, row, scalarText } from './paramRows';

/** A colour of the theme's chart palette (`--vscode-charts-<name>`): the action's marker on the time axis. */
export type ChartColor = 'red' | 'green' | 'purple' | 'orange' | 'blue' | 'yellow' | 'foreground';

/** Reads a parameter and marks it as shown: the parameters no row reads are shown generically. */
export type Take<P> = <K extends keyof P & string>(key: K) => P[K];

export interface ActionTypeDisplay<P> {
  /** In the panel: "Call transfer". */
  readonly label: string;
  /** What the agent did, in a call's row: "transfer". */
  readonly word: string;
  /** In a filter: "transfers". */
  readonly plural: string;
  /** Name of the icon (a class name in the panel). */
  readonly icon: string;
  readonly glyph: Glyph;
  readonly color: ChartColor;
  /** The rows for the parameters this type is known to have; the trigger prompt and message
   *  of every type, and whatever else the API sent, are added after them. */
  params(take: Take<P>): readonly (ParamRow | undefined)[];
}

/** One entry per action type: a type missing here (or added to the schemas only) fails the build. */
export const ACTION_TYPE_DISPLAY: { readonly [T in ActionType]: ActionTypeDisplay<ActionParametersByType[T]> } = {
  CALL_TRANSFER: {
    get label() {
      return l10n.t('Call transfer');
    },
    get word() {
      return l10n.t('transfer');
    },
    get plural() {
      return l10n.t('transfers');
    },
    icon: 'transfer',
    // Handset with an outgoing arrow.
    glyph: [
      ['path', { ...stroke, d: 'M3 2.5h2l1 3-1.5 1a7 7 0 0 0 3 3l1-1.5 3 1v2a1.5 1.5 0 0 1-1.5 1.5A9.5 9.5 0 0 1 1.5 4 1.5 1.5 0 0 1 3 2.5z' }],
      ['path', { ...stroke, d: 'M10 2h4v4M14 2l-4 4' }],
    ],
    color: 'red',
    params: (take) => {
      const kind = take('transferToType');
      return [
        row(l10n.t('Transfer to'), take('transferToValue'), { code: true }),
        // "number" is the only kind the spec knows: worth a row only when it is another.
        kind !== undefined && kind !== 'number' ? row(l10n.t('Destination type'), kind) : undefined,
        row(l10n.t('Whisper message to receiver'), take('hearWhisperMessage')),
      ];
    },
  },
  DATA_EXTRACTION: {
    get label() {
      return l10n.t('Data extraction');
    },
    get word() {
      return l10n.t('data extraction');
    },
    get plural() {
      return l10n.t('data extractions');
    },
    icon: 'extract',
    // Tag with a field line.
    glyph: [
      ['path', { ...stroke, d: 'M2 2.5h6l6 6-5.5 5.5-6-6z' }],
      ['circle', { ...stroke, cx: '5', cy: '5.5', r: '1' }],
    ],
    color: 'blue',
    params: extractionRows,
  },
  IN_CALL_DATA_EXTRACTION: {
    get label() {
      return l10n.t('In-call data extraction');
    },
    get word() {
      return l10n.t('in-call extraction');
    },
    get plural() {
      return l10n.t('in-call extractions');
    },
    icon: 'inCallExtract',
    // Tag with a live dot.
    glyph: [
      ['path', { ...stroke, d: 'M2 2.5h6l6 6-5.5 5.5-6-6z' }],
      ['circle', { cx: '5', cy: '5.5', r: '1.4', fill: 'currentColor' }],
      ['path', { ...stroke, d: 'M12 1.5v3M10.5 3h3' }],
    ],
    color: 'blue',
    params: extractionRows,
  },
  WORKFLOW_TRIGGER: {
    get label() {
      return l10n.t('Workflow trigger');
    },
    get word() {
      return l10n.t('workflow');
    },
    get plural() {
      return l10n.t('workflows');
    },
    icon: 'workflow',
    // Three nodes, branching.
    glyph: [
      ['rect', { ...stroke, x: '1.5', y: '2', width: '4', height: '3', rx: '0.5' }],
      ['rect', { ...stroke, x: '10.5', y: '2', width: '4', height: '3', rx: '0.5' }],
      ['rect', { ...stroke, x: '10.5', y: '11', width: '4', height: '3', rx: '0.5' }],
      ['path', { ...stroke, d: 'M5.5 3.5h5M8 3.5v9h2.5' }],
    ],
    color: 'purple',
    params: (take) => [row(l10n.t('Workflow ID'), take('workflowId'), { code: true })],
  },
  SMS: {
    get label() {
      return l10n.t('SMS');
    },
    get word() {
      return l10n.t('SMS');
    },
    get plural() {
      return l10n.t('SMS');
    },
    icon: 'sms',
    // Speech bubble.
    glyph: [
      ['path', { ...stroke, d: 'M2 3h12v8H7l-3 2.5V11H2z' }],
      ['path', { ...stroke, d: 'M5 6h6M5 8.5h4' }],
    ],
    color: 'green',
    params: (take) => [row(l10n.t('SMS body'), take('messageBody'))],
  },
  APPOINTMENT_BOOKING: {
    get label() {
      return l10n.t('Appointment booking');
    },
    get word() {
      return l10n.t('booking');
    },
    get plural() {
      return l10n.t('bookings');
    },
    icon: 'booking',
    // Calendar with a check.
    glyph: [
      ['rect', { ...stroke, x: '2', y: '3', width: '12', height: '11', rx: '1' }],
      ['path', { ...stroke, d: 'M2 6h12M5 1.5v3M11 1.5v3M6 10l1.5 1.5L10.5 8.5' }],
    ],
    color: 'orange',
    params: (take) => {
      const calendar = row(l10n.t('Calendar ID'), take('calendarId'), { code: true });
      const days = take('daysOfOfferingDates');
      const perDay = take('slotsPerDay');
      const gap = take('hoursBetweenSlots');
      const slots = [
        perDay !== undefined ? `${perDay} per day` : undefined,
        days !== undefined ? `over ${days} day${days === 1 ? '' : 's'}` : undefined,
        gap !== undefined ? `${gap} h apart` : undefined,
      ].filter((x): x is string => x !== undefined);
      return [calendar, slots.length > 0 ? { label: l10n.t('Slots offered'), value: slots.join(', ') } : undefined];
    },
  },
  CUSTOM_ACTION: {
    get label() {
      return l10n.t('Custom action');
    },
    get word() {
      return l10n.t('custom action');
    },
    get plural() {
      return l10n.t('custom actions');
    },
    icon: 'customAction',
    // Braces.
    glyph: [['path', { ...stroke, d: 'M5.5 2.5C4 2.5 4 3.5 4 5s-.5 3-2 3c1.5 0 2 1.5 2 3s0 2.5 1.5 2.5M10.5 2.5C12 2.5 12 3.5 12 5s.5 3 2 3c-1.5 0-2 1.5-2 3s0 2.5-1.5 2.5' }]],
    color: 'yellow',
    params: (take) => {
      const api = take('apiDetails');
      const selected = take('selectedPaths');
      // The spec's schema says selectedPaths, its example responsePathsToExtract, which the
      // schema copies into selectedPaths: one row unless the API sent two different lists.
      const fromExample = take('responsePathsToExtract');
      return [
        ...(api ? requestRows(api) : []),
        listRow(l10n.t('Response paths'), selected),
        fromExample !== selected ? listRow(l10n.t('Response paths'), fromExample) : undefined,
      ];
    },
  },
  KNOWLEDGE_BASE: {
    get label() {
      return l10n.t('Knowledge base');
    },
    get word() {
      return l10n.t('knowledge base');
    },
    get plural() {
      return l10n.t('knowledge base');
    },
    icon: 'knowledgeBase',
    // Open book.
    glyph: [['path', { ...stroke, d: 'M8 4C6.5 2.8 4.5 2.5 1.5 2.5v10c3 0 5 .3 6.5 1.5 1.5-1.2 3.5-1.5 6.5-1.5v-10c-3 0-5 .3-6.5 1.5zM8 4v10' }]],
    color: 'foreground',
    params: (take) => {
      const params = take('parameters') ?? [];
      const items = params.map(customParamLine);
      return [
        row(l10n.t('Knowledge base ID'), take('knowledgeBaseId'), { code: true }),
        items.length > 0 ? { label: l10n.t('Parameters'), value: items.join('\n'), list: items } : undefined,
      ];
    },
  },
};

function extractionRows(take: Take<DataExtractionParameters>): (ParamRow | undefined)[] {
  return [
    row(l10n.t('Contact field ID'), take('contactFieldId'), { code: true }),
    row(l10n.t('Extracts'), take('description')),
    listRow(l10n.t('Examples'), take('examples')),
    row(l10n.t('Overwrite existing value'), take('overwriteExistingValue')),
  ];
}

type ApiDetails = NonNullable<CustomActionParameters['apiDetails']>;
type ApiParameter = NonNullable<ApiDetails['parameters']>[number];

/** A custom action's request: method and URL, authentication and headers masked, its parameters. */
function requestRows(api: ApiDetails): (ParamRow | undefined)[] {
  const { method = '', url, authenticationRequired: required, authenticationValue: secret, headers = [], parameters = [], ...rest } = api;
  const rows: (ParamRow | undefined)[] = [];
  if (url || method !== '') {
    rows.push({ label: l10n.t('Request'), value: `${method}${method && url ? ' ' : ''}${url ? maskUrl(url) : ''}`, code: true });
  }
  if (required !== undefined || secret !== undefined) {
    const hasValue = secret !== undefined && secret !== '';
    rows.push({
      get label() {
        return l10n.t('Authentication');
      },
      value: `${required === true ? l10n.t('Required') : required === false ? l10n.t('Not required') : l10n.t('Unspecified')}${hasValue ? ` · ${l10n.t('value {0}', MASK)}` : ''}`,
      masked: hasValue || undefined,
    });
  }
  if (headers.length > 0) {
    const items = headers.map((h) => {
      const m = maskHeader(h);
      return isObj(m) ? `${scalarText(m.key ?? m.name)}: ${scalarText(m.value)}` : scalarText(m);
    });
    rows.push({ label: l10n.t('Headers'), value: items.join('\n'), list: items, code: true });
  }
  if (parameters.length > 0) {
    const items = parameters.map(customParamLine);
    rows.push({ label: l10n.t('API parameters'), value: items.join('\n'), list: items });
  }
  rows.push(...genericRows(rest, 'API'));
  return rows;
}

function customParamLine(p: ApiParameter): string {
  const example = p.example !== undefined ? scalarText(p.example) : undefined;
  return `${p.name || l10n.t('(unnamed)')}${p.type ? ` (${p.type})` : ''}${p.description ? ` — ${p.description}` : ''}${example ? `; ${l10n.t('e.g. {0}', example)}` : ''}`;
}

// ---- lookups, with the generic fallback for a type this build does not know -------------------

/** The entry of a known type; undefined for a type the API added after this build. */
export function actionTypeDisplay(type: string): ActionTypeDisplay<ActionParametersByType[ActionType]> | undefined {
  return Object.hasOwn(ACTION_TYPE_DISPLAY, type) ? ACTION_TYPE_DISPLAY[type as ActionType] : undefined;
}

export function isKnownAction(action: CallAction): action is KnownCallAction {
  return Object.hasOwn(ACTION_TYPE_DISPLAY, action.actionType);
}

/** "Call transfer"; an unknown "VOICEMAIL_DROP" reads "Voicemail drop". */
export function actionTypeLabel(type: string): string {
  return actionTypeDisplay(type)?.label ?? humanizeKey(type.toLowerCase());
}

/** "transfer" (or "transfers"); an unknown "VOICEMAIL_DROP" reads "voicemail drop". */
export function actionWord(type: string, plural = false): string {
  const display = actionTypeDisplay(type);
  if (display) return plural ? display.plural : display.word;
  return type.toLowerCase().replace(/_/g, ' ');
}

/** The rows of an action's parameters: its type's rows, then the trigger prompt and message,
 *  then every parameter not shown yet (generically, secrets masked), so that nothing the API
 *  sends is hidden. A type this build does not know gets the generic rows only. */
export function actionParamRows(action: CallAction): ParamRow[] {
  return isKnownAction(action) ? knownTypeRows(action.actionType, action.actionParameters) : genericRows(action.actionParameters);
}

function knownTypeRows<T extends ActionType>(type: T, parameters: ActionParametersByType[T]): ParamRow[] {
  const display: ActionTypeDisplay<ActionParametersByType[T]> = ACTION_TYPE_DISPLAY[type];
  // Parameters are loose objects: any key can be read, known ones with their types.
  const all: Readonly<Record<string, unknown>> = parameters;
  const shown = new Set<string>();
  const take = (key: string) => {
    shown.add(key);
    return all[key];
  };
  const rows = [
    ...display.params(take as Take<ActionParametersByType[T]>),
    row(l10n.t('Trigger prompt'), take('triggerPrompt')),
    row(l10n.t('Message to caller'), take('triggerMessage')),
  ];
  const rest = Object.fromEntries(Object.entries(all).filter(([k]) => !shown.has(k)));
  return [...rows.filter((r): r is ParamRow => r !== undefined), ...genericRows(rest)];
}
