// Imported first by main.ts: hands @vscode/l10n the translations the extension put in the page
// (src/panels/webviewL10n.ts) and the display language to the number formatting, before any
// module builds a string.
import * as l10n from '@vscode/l10n';
import { setDisplayLocale } from '../shared/locale';

const data = document.getElementById('voice-ai-l10n')?.textContent;
if (data) {
  try {
    l10n.config({ contents: JSON.parse(data) as Record<string, string> });
  } catch (err) {
    console.error('Translations unreadable, showing English', err);
  }
}
setDisplayLocale(document.documentElement.lang);
