// VS Code's display language, for the numbers, dates and durations the pure modules format
// (tree rows, the call panel's view model, the webview). Set once at activation from
// `vscode.env.language` and in the webview from the page's lang; 'en' until then, so unit tests
// under plain Node read English. Exports never use it: they stay language-neutral.
let current = 'en';

export function setDisplayLocale(language: string | undefined): void {
  current = supported(language) ? language! : 'en';
}

/** The BCP 47 tag to hand Intl, e.g. "es", "pt-BR", "en". */
export function displayLocale(): string {
  return current;
}

function supported(language: string | undefined): boolean {
  if (!language) return false;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([language]).length > 0;
  } catch {
    return false;
  }
}

/** "1,250" / "1.250" in the display language. */
export function formatNumber(n: number): string {
  return n.toLocaleString(current);
}

/** A civil day's UTC midnight (the day's own date, whatever the zone it is a day of), or undefined. */
function civilDay(day: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
}

const DAY_FORMAT: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' };

/**
 * Custom dates of a range (YYYY-MM-DD, days in the user's zone) as the display language writes
 * them: "Mar 8, 2026" / "8 mar 2026"; two days as one range, "Mar 1 – 8, 2026" / "1–8 mar 2026".
 * A text that is not a date is returned as it is.
 */
export function formatDayRange(from: string, to = from): string {
  const a = civilDay(from);
  const b = civilDay(to);
  if (!a || !b) return isoDayRange(from, to);
  const f = new Intl.DateTimeFormat(current, DAY_FORMAT);
  return from === to ? f.format(a) : f.formatRange(a, b);
}

/** The same range as ISO dates, "2026-03-01 – 2026-03-08" (for a language model; or not a date). */
export function isoDayRange(from: string, to = from): string {
  return from === to ? from : `${from} – ${to}`;
}

/**
 * An hour of the day for a time axis, as the display language writes it: "9 AM" where clocks
 * count 12 hours, "09:00" where they count 24.
 */
export function formatHourOfDay(hour: number): string {
  const twelve = new Intl.DateTimeFormat(current, { hour: 'numeric' }).resolvedOptions().hour12 === true;
  const options: Intl.DateTimeFormatOptions = twelve ? { hour: 'numeric', timeZone: 'UTC' } : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(current, options).format(new Date(Date.UTC(2024, 0, 1, hour)));
}
