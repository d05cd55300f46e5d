// What the export command says to the user, in words: the progress line and the reasons an export
// stopped. No vscode import, so that unit tests can read it.
import * as l10n from '@vscode/l10n';
import { formatNumber } from '../shared/locale';
import type { ExportWait } from '../api/export';
import type { RateLimit } from '../api/limiter';

/** After this long without a new page, the progress line says what the export waits for. */
export const EXPORT_STALL_MS = 2000;

/**
 * The progress line: "1,250 of 10,000 calls", and, when no page has come for a while, why: an
 * export pauses for up to 10 s after each burst of 100 requests, which looks like a hang otherwise;
 * and while the server has asked it to wait (`waiting`, e.g. a 429's Retry-After), that at once.
 */
export function exportProgressText(
  done: number,
  total: number | undefined,
  stalledMs: number,
  rateLimited: RateLimit | undefined,
  waiting?: ExportWait,
  now = Date.now(),
): string {
  const text = total !== undefined ? l10n.t('{0} of {1} calls', formatCount(done), formatCount(Math.max(total, done))) : l10n.t('{0} calls', formatCount(done));
  if (waiting) return `${text} · ${waitText(waiting, now)}`;
  if (stalledMs < EXPORT_STALL_MS || (total !== undefined && done >= total)) return text;
  if (!rateLimited) return `${text} · ${l10n.t('waiting for the API')}`;
  return `${text} · ${l10n.t("waiting for the API's rate limit ({0} requests per {1} s)", formatCount(rateLimited.max), formatCount(Math.round(rateLimited.intervalMs / 1000)))}`;
}

function waitText(waiting: ExportWait, now: number): string {
  const seconds = Math.max(0, Math.ceil((waiting.until - now) / 1000));
  const again = seconds > 0 ? l10n.t('asking again in {0}', formatWait(seconds)) : l10n.t('asking again');
  if (waiting.status === 429) return `${l10n.t("the API asks to wait (429: this location's rate limit, perhaps used by another app)")} · ${again}`;
  if (waiting.status !== undefined) return `${l10n.t('the API had a problem ({0})', waiting.status)} · ${again}`;
  return `${l10n.t("couldn't reach the API")} · ${again}`;
}

/** Why an export stopped by itself when the connection it used changed. */
export function connectionChangedText(): string {
  return l10n.t('The export stopped because the API token, location, base URL or API version changed while it ran (or the proxy settings, or sample data was started or stopped). Export again to use the new settings.');
}

/** "45 s", "3 min" (rounded down: it is a lower bound). */
export function formatWait(seconds: number): string {
  return seconds < 90 ? l10n.t('{0} s', formatCount(Math.round(seconds))) : l10n.t('{0} min', formatCount(Math.floor(seconds / 60)));
}

/** "1,250" in English, "1.250" in Spanish: the display language's digits grouping. */
export function formatCount(n: number): string {
  return formatNumber(n);
}
