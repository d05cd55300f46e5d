// The HTML shell of our webviews: a strict Content Security Policy (scripts only with this
// page's nonce, styles from the extension or with the style nonce, no inline handlers, no
// forms), the display language, one stylesheet, a loading line and one script. Every value
// from the API reaches the page later, as data in a message, and is inserted there as text.
import * as vscode from 'vscode';
import { pageLanguage } from './webviewL10n';

export function nonce(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

function text(s: string): string {
  return s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface PageOptions {
  readonly script: vscode.Uri;
  readonly style: vscode.Uri;
  readonly title: string;
  readonly loading: string;
  /** Extra markup for the head (e.g. the translations' data block). */
  readonly head?: string;
  readonly scriptId?: string;
  /** The CSP's media-src (e.g. 'blob:' for audio the page makes of bytes it is sent); none by default. */
  readonly mediaSrc?: string;
}

export function webviewPage(webview: vscode.Webview, options: PageOptions): string {
  const n = nonce();
  // FAST (under the toolkit) probes :focus-visible support with a <style> element that
  // carries the nonce of <meta property="csp-nonce">; a separate nonce keeps scripts apart.
  const styleNonce = nonce();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${n}'`,
    `style-src ${webview.cspSource} 'nonce-${styleNonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    ...(options.mediaSrc ? [`media-src ${options.mediaSrc}`] : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${pageLanguage()}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${styleNonce}">
<link rel="stylesheet" href="${webview.asWebviewUri(options.style).toString()}">
<title>${text(options.title)}</title>
${options.head ?? ''}</head>
<body>
<main id="app" aria-busy="true"><p class="status">${text(options.loading)}</p></main>
<script${options.scriptId ? ` id="${options.scriptId}"` : ''} nonce="${n}" src="${webview.asWebviewUri(options.script).toString()}"></script>
</body>
</html>`;
}
