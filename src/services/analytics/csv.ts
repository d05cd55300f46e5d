// The report's day × agent rows as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or
// line break quoted, quotes doubled; UTF-8; a header row; numbers as plain digits, never in a
// locale's format), for a spreadsheet, DuckDB or BigQuery.
import type { AnalyticsReport } from '../../shared/analytics';

export const CSV_COLUMNS = [
  'date',
  'time_zone',
  'agent_id',
  'agent_name',
  'agent_deleted',
  'calls',
  'live_calls',
  'trial_calls',
  'duration_total_s',
  'calls_with_action',
  'transferred',
  'booked',
] as const;

/**
 * One field. A text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
 * CR: an agent name comes from the CRM) gets a leading apostrophe, as OWASP advises for CSV.
 */
export function csvField(value: string | number | boolean): string {
  let text = typeof value === 'number' ? numberText(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Digits with a dot, never an exponent or a locale's separators. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  // Whole numbers through BigInt: String() writes 1e+21 from 10^21 on.
  if (Number.isInteger(n)) return BigInt(n).toString();
  // Below 10^21 a fraction has no exponent once rounded to thousandths (tiny ones round to 0).
  return String(Math.round(n * 1000) / 1000);
}

export function csvLine(fields: readonly (string | number | boolean)[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

/** The header and one row per day and agent (agents with calls in the range; days without calls give zeros). */
export function* reportCsvLines(report: AnalyticsReport): Generator<string[]> {
  yield [csvLine(CSV_COLUMNS)];
  const zone = report.query.timeZone;
  for (let d = 0; d < report.days.length; d++) {
    const rows: string[] = [];
    for (const a of report.agents) {
      const calls = a.perDay[d];
      const x = a.daily;
      rows.push(
        csvLine([report.days[d], zone, a.agentId, a.name ?? '', a.deleted, calls, calls - x.trialCalls[d], x.trialCalls[d], x.durationTotal[d], x.callsWithAction[d], x.transferred[d], x.booked[d]]),
      );
    }
    yield rows;
  }
}
