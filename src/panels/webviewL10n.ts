// The call panel's translations: the part of VS Code's bundle that the webview's sources use
// (their keys are listed at build time in dist/webview-l10n-keys.json, see esbuild.mjs), put in
// the panel's HTML as a JSON data block that src/webview/l10n.ts hands to @vscode/l10n.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

let keys: readonly string[] | undefined;

/** The webview's strings in the display language; undefined in English (the sources' own text). */
export function webviewTranslations(extensionPath: string): Record<string, string> | undefined {
  const bundle = vscode.l10n.bundle;
  if (!bundle) return undefined;
  try {
    keys ??= JSON.parse(fs.readFileSync(path.join(extensionPath, 'dist', 'webview-l10n-keys.json'), 'utf8')) as string[];
  } catch {
    // A build without the list: the whole bundle is bigger but still right.
    return bundle;
  }
  const out: Record<string, string> = {};
  for (const key of keys) if (key in bundle) out[key] = bundle[key];
  return out;
}

/** The data block for the panel's HTML: JSON that cannot close the script element it sits in. */
export function translationsScript(extensionPath: string): string {
  const strings = webviewTranslations(extensionPath);
  if (!strings) return '';
  const json = JSON.stringify(strings).replace(/</g, '\\u003c');
  return `<script type="application/json" id="voice-ai-l10n">${json}</script>\n`;
}

/** The page's lang attribute: VS Code's display language (a BCP 47 tag). */
export function pageLanguage(): string {
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(vscode.env.language) ? vscode.env.language : 'en';
}
