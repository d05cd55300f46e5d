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
