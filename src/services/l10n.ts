// Hands VS Code's translations to the modules that cannot import vscode (src/api, src/shared
// and the other pure modules use @vscode/l10n's `l10n.t`, which reads the same bundle) and VS
// Code's display language to the number and date formatting. Called first in activate().
import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { setDisplayLocale } from '../shared/locale';

export function configureLocalization(): void {
  setDisplayLocale(vscode.env.language);
  // No bundle for English (or a language we do not translate): l10n.t returns the English.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
}
