// What a call log led to, as the analytics count it. One definition for both places that count:
// the report built from call logs (services/analytics/report.ts) and the columns the local store
// keeps so that its SQL only sums them (services/store/callStore.ts).
import type { CallLog } from './schemas';

const EXTRACTION_TYPES: ReadonlySet<string> = new Set(['DATA_EXTRACTION', 'IN_CALL_DATA_EXTRACTION']);

export interface CallOutcome {
  /** At least one executed action. */
  readonly withAction: boolean;
  /** A CALL_TRANSFER action, or agentTransferOccurred. */
  readonly transferred: boolean;
  /** An APPOINTMENT_BOOKING action. */
  readonly booked: boolean;
  /** A data extraction action ran. */
  readonly extraction: boolean;
  /** ...and extractedData holds a value. */
  readonly extractionWithValue: boolean;
}

export function callOutcome(call: Pick<CallLog, 'executedCallActions' | 'agentTransferOccurred' | 'extractedData'>): CallOutcome {
  const types = new Set(call.executedCallActions.map((a) => a.actionType));
  const extraction = [...types].some((t) => EXTRACTION_TYPES.has(t));
  return {
    withAction: call.executedCallActions.length > 0,
    transferred: types.has('CALL_TRANSFER') || call.agentTransferOccurred === true,
    booked: types.has('APPOINTMENT_BOOKING'),
    extraction,
    extractionWithValue: extraction && hasExtractedValue(call.extractedData),
  };
}

/** A value the extraction produced: anything but null or an empty string. */
export function hasValue(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '';
}

/** extractedData holds at least one value. */
export function hasExtractedValue(data: Readonly<Record<string, unknown>> | undefined): boolean {
  return data !== undefined && Object.values(data).some(hasValue);
}

/** Trigger received -> executed in whole ms; undefined unless both times read and execution is not earlier. */
export function actionLatencyMs(action: { triggerReceivedAt?: unknown; executedAt?: unknown }): number | undefined {
  if (typeof action.triggerReceivedAt !== 'string' || typeof action.executedAt !== 'string') return undefined;
  const ms = Date.parse(action.executedAt) - Date.parse(action.triggerReceivedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
