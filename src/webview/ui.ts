// The only module that touches @vscode/webview-ui-toolkit (deprecated upstream): it registers
// just the components the panel uses and exposes small helpers. If the toolkit cannot
// register, the helpers fall back to native elements, so replacing it means editing this file.
// vscode-tag/badge and vscode-progress-ring are NOT used: their templates carry `style="…"`
// attributes, which our CSP (no 'unsafe-inline') blocks and reports; plain elements styled by
// panel.css do the same job.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeDivider } from '@vscode/webview-ui-toolkit';

let toolkit = false;

export function registerToolkit(): void {
  try {
    provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDivider());
    toolkit = true;
  } catch (err) {
    console.error('Toolkit components unavailable, using native elements', err);
  }
}

export interface ButtonOptions {
  /** Visible text; omit for an icon-only button (then `ariaLabel` is required). */
  readonly text?: string;
  readonly ariaLabel?: string;
  readonly title?: string;
  readonly icon?: Element;
  readonly appearance?: 'primary' | 'secondary' | 'icon';
  readonly onClick: () => void;
}

export function button(options: ButtonOptions): HTMLElement {
  const b = document.createElement(toolkit ? 'vscode-button' : 'button');
  if (!toolkit) (b as HTMLButtonElement).type = 'button';
  b.className = `ui-button${options.appearance === 'icon' ? ' ui-icon-button' : ''}`;
  if (toolkit && options.appearance) b.setAttribute('appearance', options.appearance);
  if (options.ariaLabel) b.setAttribute('aria-label', options.ariaLabel);
  if (options.title ?? options.ariaLabel) b.title = options.title ?? options.ariaLabel ?? '';
  if (options.icon) {
    if (toolkit && options.text) options.icon.setAttribute('slot', 'start');
    b.append(options.icon);
  }
  if (options.text) b.append(document.createTextNode(options.text));
  b.addEventListener('click', () => options.onClick());
  return b;
}

export function tag(text: string, className = ''): HTMLElement {
  const t = document.createElement('span');
  t.className = `ui-tag ${className}`.trim();
  t.textContent = text;
  return t;
}

export function divider(): HTMLElement {
  const d = document.createElement(toolkit ? 'vscode-divider' : 'hr');
  d.setAttribute('role', 'presentation');
  return d;
}

export function progressRing(label: string): HTMLElement {
  const r = document.createElement('span');
  r.setAttribute('role', 'progressbar');
  r.setAttribute('aria-label', label);
  r.className = 'ui-progress';
  return r;
}
