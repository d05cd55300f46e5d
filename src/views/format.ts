// Words and numbers for call rows. Pure (no vscode import): unit-tested under Node.
import * as l10n from '@vscode/l10n';
import { formatNumber } from '../shared/locale';
import type { ActionType } from '../api/schemas';
import { actionWord } from '../shared/actionTypes';

/** "45s", "3m 02s", "1h 04m 09s". */
export function formatDuration(seconds: unknown): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    return '–';
  }
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return l10n.t('{0}h {1}m {2}s', formatNumber(h), pad(m), pad(s));
  if (m > 0) return l10n.t('{0}m {1}s', m, pad(s));
  return l10n.t('{0}s', s);
}

interface ActionLike {
  actionType?: unknown;
}

function actionTypes(actions: unknown): string[] {
  if (!Array.isArray(actions)) {
    return [];
  }
  return actions
    .map((a: ActionLike | null) => (a && typeof a.actionType === 'string' ? a.actionType : undefined))
    .filter((t): t is string => t !== undefined && t !== '');
}

/** What the agent did, each kind once, in the order it first happened: "transfer, SMS". */
export function describeActions(actions: unknown): string {
  return [...new Set(actionTypes(actions).map((t) => actionWord(t)))].join(', ');
}

export type CallOutcome = 'transferred' | 'booked' | 'plain';

/** The outcome that picks a call's icon: a transfer wins over a booking. */
export function callOutcome(call: { executedCallActions?: unknown; agentTransferOccurred?: unknown }): CallOutcome {
  const types = actionTypes(call.executedCallActions);
  if (types.includes('CALL_TRANSFER' satisfies ActionType) || call.agentTransferOccurred === true) return 'transferred';
  if (types.includes('APPOINTMENT_BOOKING' satisfies ActionType)) return 'booked';
  return 'plain';
}

/** Collapses whitespace and cuts long text for one-line places (labels, descriptions). */
export function oneLine(text: unknown, max = 80): string {
  if (typeof text !== 'string') return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
