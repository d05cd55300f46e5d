// Browser side of the call details panel. Renders the view model the extension posts after
// `ready`. Every value that came from the API is inserted with textContent / text nodes /
// setAttribute, never parsed as HTML, so a hostile string shows as text and runs nothing.
// First: the translations must be in place before any string is built.
import './l10n';
import * as l10n from '@vscode/l10n';
import {
  SECTION_IDS,
  type ActionView,
  type CallPanelWebviewState,
  type CallViewModel,
  type CopyTarget,
  type FromWebview,
  type PanelSnapshot,
  type ParamRow,
  type SectionId,
  type ToWebview,
  type TranscriptTurn,
} from '../shared/protocol';
import type { Glyph } from '../shared/glyph';
import { formatNumber } from '../shared/locale';
import { icon } from './icons';
import { button, divider, progressRing, registerToolkit, tag } from './ui';
import { clearHighlights, highlight } from './highlight';
import { el } from './dom';
import { recordingContent, recordingUpdate, seekRecording } from './player';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): CallPanelWebviewState | undefined;
  setState(state: CallPanelWebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
const cspViolations: string[] = [];
let state: CallPanelWebviewState | undefined = vscode.getState();
let view: PanelSnapshot['view'] = 'empty';
/** Scroll position to restore once, after the first render following a reload. */
let pendingScroll: number | undefined = state?.scrollY;
let renderedCallId: string | undefined;

// VS Code adds its own script (acquireVsCodeApi) to the page: only scripts beyond these count
// as injected in a snapshot.
const baselineScripts = __TEST_HOOKS__ ? document.querySelectorAll('script').length : 0;

const DEFAULT_COLLAPSED: readonly SectionId[] = ['raw'];

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

function saveState(patch: Partial<CallPanelWebviewState>): void {
  const callId = patch.callId ?? state?.callId;
  if (!callId) return;
  state = { ...state, ...patch, callId };
  vscode.setState(state);
}

function collapsed(): readonly string[] {
  return state?.collapsed ?? DEFAULT_COLLAPSED;
}

// ---- DOM helpers (text only) -------------------------------------------------------------


function copyButton(target: CopyTarget, value: string, ariaLabel: string): HTMLElement {
  return button({
    appearance: 'icon',
    ariaLabel,
    icon: icon('copy'),
    onClick: () => post({ type: 'copy', target, value }),
  });
}

/** A collapsible section: a heading whose button toggles the content (WAI-ARIA disclosure).
 *  Collapsed content stays findable with the find widget (hidden="until-found"). */
function section(id: SectionId, title: string, content: Node[], count?: number): HTMLElement {
  const s = el('section', `section section-${id}`);
  s.id = id;
  const h = el('h2', 'section-heading');
  const toggle = el('button', 'section-toggle');
  toggle.type = 'button';
  toggle.id = `${id}-toggle`;
  toggle.setAttribute('aria-controls', `${id}-content`);
  toggle.append(el('span', 'chevron'), el('span', 'section-title', title));
  if (count !== undefined) toggle.append(el('span', 'count', formatNumber(count)));
  h.append(toggle);
  const body = el('div', 'section-content');
  body.id = `${id}-content`;
  body.setAttribute('role', 'region');
  body.setAttribute('aria-labelledby', toggle.id);
  body.append(...content);
  const setOpen = (open: boolean, save: boolean) => {
    toggle.setAttribute('aria-expanded', String(open));
    if (open) body.removeAttribute('hidden');
    else body.setAttribute('hidden', 'until-found');
    if (save) {
      const set = new Set(collapsed());
      if (open) set.delete(id);
      else set.add(id);
      saveState({ collapsed: [...set] });
    }
  };
  setOpen(!collapsed().includes(id), false);
  toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true', true));
  // The find widget found text inside a collapsed section: open it for good.
  body.addEventListener('beforematch', () => setOpen(true, true));
  s.append(h, body);
  return s;
}

function emptyNote(text: string): HTMLElement {
  return el('p', 'empty', text);
}

// ---- views -------------------------------------------------------------------------------

function renderLoading(callId: string): void {
  generation++;
  view = 'loading';
  saveState({ callId });
  const p = el('p', 'status');
  p.append(progressRing(l10n.t('Loading')), document.createTextNode(` ${l10n.t('Loading call {0}…', callId)}`));
  app.setAttribute('aria-busy', 'true');
  app.replaceChildren(p);
}

function renderError(message: Extract<ToWebview, { type: 'error' }>): void {
  generation++;
  view = 'error';
  renderedCallId = undefined;
  saveState({ callId: message.callId });
  const box = el('div', 'error-view');
  box.setAttribute('role', 'alert');
  const actions = el('div', 'toolbar');
  if (message.canRetry) {
    actions.append(button({ text: l10n.t('Retry'), appearance: 'primary', icon: icon('refresh'), onClick: () => post({ type: 'retry' }) }));
  }
  actions.append(button({ text: l10n.t('Close'), appearance: 'secondary', onClick: () => post({ type: 'close' }) }));
  box.append(el('h1', 'error-title', message.title), el('p', 'error-message', message.message), el('p', 'muted', l10n.t('Call ID: {0}', message.callId)), actions);
  app.setAttribute('aria-busy', 'false');
  app.replaceChildren(box);
  afterPaint(() => post({ type: 'rendered', callId: message.callId, seq: message.seq, renderMs: 0, firstPaintMs: 0, longestTaskMs: 0, view: 'error' }));
}

/** `key` (the English label) names the field for tests in any display language; `label` is what the user reads. */
function field(dl: HTMLElement, key: string, label: string, value: string | Node, copy?: [CopyTarget, string, string]): void {
  const dt = el('dt', undefined, label);
  const dd = el('dd');
  dd.dataset.field = key;
  const v = el('span', 'value');
  if (typeof value === 'string') v.textContent = value;
  else v.append(value);
  dd.append(v);
  if (copy) dd.append(copyButton(...copy));
  dl.append(dt, dd);
}

function renderHeader(m: CallViewModel): HTMLElement {
  const h = m.header;
  const s = el('header', 'section section-header');
  s.id = 'header';
  const titleRow = el('div', 'title-row');
  const h1 = el('h1', 'call-title', h.fromNumberDisplay ? l10n.t('Call from {0}', h.fromNumberDisplay) : l10n.t('Call from an unknown number'));
  const tags = el('div', 'tags');
  tags.append(tag(h.callType === 'Trial' ? l10n.t('Trial') : l10n.t('Live'), h.callType === 'Trial' ? 'tag-trial' : 'tag-live'));
  if (h.agentDeleted) tags.append(tag(l10n.t('Agent deleted'), 'tag-warning'));
  if (h.agentTransferOccurred) tags.append(tag(l10n.t('Transferred to a person')));
  titleRow.append(h1, tags);

  const toolbar = el('div', 'toolbar');
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', l10n.t('Call actions'));
  toolbar.append(
    button({ text: l10n.t('Export This Call'), appearance: 'primary', icon: icon('export'), onClick: () => post({ type: 'export' }) }),
    button({ text: l10n.t('Refresh'), appearance: 'secondary', icon: icon('refresh'), onClick: () => post({ type: 'refresh' }) }),
    button({ text: l10n.t('Copy Call ID'), appearance: 'secondary', icon: icon('copy'), onClick: () => post({ type: 'copy', target: 'callId', value: h.callId }) }),
  );

  const dl = el('dl', 'header-fields');
  field(dl, 'Caller', l10n.t('Caller'), h.fromNumber ?? l10n.t('unknown'));
  field(dl, 'Contact ID', l10n.t('Contact ID'), h.contactId ?? '—', h.contactId ? ['contactId', h.contactId, l10n.t('Copy contact ID')] : undefined);
  const agent = el('span');
  agent.append(el('span', 'agent-name', h.agentName ?? l10n.t('Unknown agent')), el('span', 'muted mono', ` ${h.agentId}`));
  field(dl, 'Agent', l10n.t('Agent'), agent, h.agentId ? ['agentId', h.agentId, l10n.t('Copy agent ID')] : undefined);
  field(dl, 'Created', l10n.t('Created'), `${h.createdAt}`);
  field(dl, 'Time zone', l10n.t('Time zone'), h.timeZone);
  field(dl, 'Duration', l10n.t('Duration'), h.duration);
  field(dl, 'Type', l10n.t('Type'), h.callType === 'Trial' ? l10n.t('Trial call') : l10n.t('Live call'));
  field(dl, 'Message ID', l10n.t('Message ID'), h.messageId ?? '—', h.messageId ? ['messageId', h.messageId, l10n.t('Copy message ID')] : undefined);
  field(dl, 'Translation', l10n.t('Translation'), h.translation ?? l10n.t('none'));
  field(dl, 'Call ID', l10n.t('Call ID'), h.callId, ['callId', h.callId, l10n.t('Copy call ID')]);
  s.append(titleRow, toolbar, dl);
  return s;
}

function paramValue(p: ParamRow): HTMLElement {
  const dd = el('dd', p.code ? 'mono' : undefined);
  if (p.list && p.list.length > 0) {
    const ul = el('ul', 'param-list');
    for (const item of p.list) ul.append(el('li', undefined, item));
    dd.append(ul);
  } else {
    dd.textContent = p.value;
  }
  if (p.masked) dd.classList.add('masked');
  return dd;
}

function renderAction(a: ActionView, glyphs: CallViewModel['glyphs']): HTMLElement {
  const li = el('li', `action action-${a.icon}${a.known ? '' : ' action-unknown'}`);
  li.id = `action-${a.index}`;
  li.tabIndex = -1;
  li.dataset.type = a.type;
  const head = el('div', 'action-head');
  const offset = el('span', 'offset mono', a.offset ?? '—');
  offset.title = a.triggerReceivedAt ? l10n.t('Trigger received {0}', a.triggerReceivedAt) : l10n.t('No trigger time');
  const badge = el('span', 'type-badge');
  const glyph: Glyph | undefined = a.known ? glyphs[a.icon] : undefined;
  badge.append(icon(glyph ?? 'unknown'), el('span', 'type', a.typeLabel));
  const name = el('h3', 'action-name', a.name);
  const latency = el('span', 'latency', a.latency ? l10n.t('{0} to execute', a.latency) : '');
  latency.dataset.latency = a.latency ?? '';
  if (a.executedAt) latency.title = l10n.t('Executed {0}', a.executedAt);
  head.append(offset, badge, name, latency);
  li.append(head);
  if (!a.known) li.append(el('p', 'muted small', l10n.t('Action type "{0}" is not known to this extension; its parameters are shown as received.', a.type)));
  if (a.params.length > 0) {
    const dl = el('dl', 'params');
    for (const p of a.params) dl.append(el('dt', undefined, p.label), paramValue(p));
    li.append(dl);
  } else {
    li.append(el('p', 'muted small', l10n.t('No parameters.')));
  }
  return li;
}

function renderAxis(m: CallViewModel): HTMLElement {
  const axis = el('div', 'axis');
  axis.setAttribute('role', 'img');
  axis.setAttribute('aria-label', l10n.t('Time axis of the call: {0} actions over {1}', formatNumber(m.actions.length), m.header.duration));
  const track = el('div', 'axis-track');
  for (const a of m.actions) {
    if (a.offsetMs === undefined) continue;
    const marker = el('span', `axis-marker marker-${a.icon}`);
    // CSSOM, not a style attribute: allowed by the CSP.
    const color = a.color;
    if (color) marker.style.setProperty('--marker-color', `var(--vscode-charts-${color}, var(--vscode-textLink-foreground))`);
    marker.style.left = `${Math.min(100, Math.max(0, (a.offsetMs / m.axisSpanMs) * 100)).toFixed(2)}%`;
    marker.title = `${a.offset ?? ''} ${a.typeLabel}: ${a.name}`;
    const at = a.offsetMs;
    marker.addEventListener('click', () => {
      // The recording, when loaded, moves there too: the action and what was said at the time.
      seekRecording(at);
      const target = document.getElementById(`action-${a.index}`);
      target?.scrollIntoView({ block: 'center' });
      target?.focus();
    });
    track.append(marker);
  }
  const labels = el('div', 'axis-labels');
  labels.append(el('span', undefined, '0:00'), el('span', undefined, m.header.duration));
  axis.append(track, labels);
  return axis;
}

// Long lists are built in slices: the first screen is painted at once, the rest follows in
// later tasks, so a call with hundreds of actions and thousands of lines never blocks the UI.
interface Filler {
  readonly list: HTMLElement;
  readonly items: readonly unknown[];
  readonly build: (item: never) => Node;
  next: number;
}
const FIRST_SLICE = 60;
const SLICE = 250;

function fill(f: Filler, count: number): void {
  const frag = document.createDocumentFragment();
  const end = Math.min(f.items.length, f.next + count);
  for (; f.next < end; f.next++) frag.append((f.build as (item: unknown) => Node)(f.items[f.next]));
  f.list.append(frag);
}

function renderTimeline(m: CallViewModel, fillers: Filler[]): Node[] {
  if (m.actions.length === 0) return [emptyNote(l10n.t('No actions were executed during this call.'))];
  const list = el('ol', 'actions');
  list.setAttribute('aria-label', l10n.t('Executed actions in order of trigger time'));
  const f: Filler = { list, items: m.actions, build: ((a: ActionView) => renderAction(a, m.glyphs)) as (item: never) => Node, next: 0 };
  fill(f, FIRST_SLICE);
  fillers.push(f);
  return [renderAxis(m), list];
}

function renderTurn(t: TranscriptTurn): Node {
  const li = el('li', `turn turn-${t.speaker}`);
  li.dataset.speaker = t.speaker;
  li.append(el('span', 'speaker', t.speaker === 'agent' ? l10n.t('Agent') : t.speaker === 'caller' ? l10n.t('Caller') : l10n.t('Note')), el('p', 'text', t.text));
  return li;
}

function renderTurns(turns: readonly TranscriptTurn[], label: string, fillers: Filler[], translated = false): HTMLElement {
  const list = el('ol', translated ? 'transcript translated' : 'transcript');
  list.setAttribute('aria-label', label);
  const f: Filler = { list, items: turns, build: renderTurn as (item: never) => Node, next: 0 };
  fill(f, FIRST_SLICE);
  fillers.push(f);
  return list;
}

function renderTranscript(m: CallViewModel, fillers: Filler[]): Node[] {
  const out: Node[] = [];
  out.push(m.transcript.length > 0 ? renderTurns(m.transcript, l10n.t('Conversation'), fillers) : emptyNote(l10n.t('This call has no transcript.')));
  if (m.translatedTranscript) {
    out.push(el('h3', 'sub-heading', l10n.t('Translated transcript')), renderTurns(m.translatedTranscript, l10n.t('Translated conversation'), fillers, true));
  }
  return out;
}

function renderExtracted(m: CallViewModel): Node[] {
  if (m.extractedData.length === 0) return [emptyNote(l10n.t('No data was extracted from this call.'))];
  const table = el('table', 'extracted');
  const thead = el('thead');
  const hr = el('tr');
  const th1 = el('th', undefined, l10n.t('Field'));
  const th2 = el('th', undefined, l10n.t('Value'));
  th1.scope = th2.scope = 'col';
  hr.append(th1, th2);
  thead.append(hr);
  const tbody = el('tbody');
  for (const { key, value } of m.extractedData) {
    const tr = el('tr');
    const th = el('th', undefined, key);
    th.scope = 'row';
    tr.append(th, el('td', undefined, value));
    tbody.append(tr);
  }
  table.append(thead, tbody);
  return [table];
}

function renderRaw(m: CallViewModel, fillers: Filler[]): Node[] {
  const bar = el('div', 'toolbar');
  bar.append(button({ text: l10n.t('Copy JSON'), appearance: 'secondary', icon: icon('copy'), onClick: () => post({ type: 'copy', target: 'rawJson', value: m.rawJson }) }));
  const pre = el('pre', 'raw-json');
  pre.tabIndex = 0;
  pre.setAttribute('aria-label', l10n.t('Raw JSON of the call'));
  const code = el('code');
  pre.append(code);
  // Hundreds of kilobytes for a big call: set after the first screen is out.
  fillers.push({ list: code, items: [m.rawJson], build: ((json: string) => document.createTextNode(json)) as (item: never) => Node, next: 0 });
  return [bar, el('p', 'muted small', l10n.t('Authentication values of custom actions are masked.')), pre];
}

/** Bumped by every render, so that slices of an older render stop. */
let generation = 0;

// ---- search matches ----------------------------------------------------------------------

/** The search whose words are marked (from the Search Calls results), and whether the call is all in the DOM. */
let searchQuery: string | undefined;
let callComplete = false;

function applyHighlight(): void {
  clearHighlights(app);
  if (!searchQuery || !callComplete) return;
  const marks = highlight(app.querySelectorAll('.summary, .transcript .text, [data-field="Caller"] .value'), searchQuery);
  const first = marks[0];
  if (!first) return;
  // A collapsed section opens to show its match.
  const hidden = first.closest('.section-content[hidden]');
  if (hidden) document.getElementById(hidden.id.replace(/-content$/, '-toggle'))?.click();
  first.scrollIntoView({ block: 'center' });
}

// Long tasks (> 50 ms on the main thread) are what a user feels as a stall: the longest one
// during a render is reported with it (test builds only; 0 in the release build).
let longestTaskMs = 0;
if (__TEST_HOOKS__) {
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, e.duration);
    }).observe({ type: 'longtask', buffered: false });
  } catch {
    /* no Long Tasks API: reported as 0 */
  }
}

function renderCall(m: CallViewModel, seq: number, highlightText: string | undefined): void {
  const t0 = performance.now();
  const gen = ++generation;
  searchQuery = highlightText;
  callComplete = false;
  longestTaskMs = 0;
  const sameCall = renderedCallId === m.callId;
  const scrollY = sameCall ? window.scrollY : pendingScroll;
  pendingScroll = undefined;
  view = 'call';
  renderedCallId = m.callId;
  saveState({ callId: m.callId });
  document.title = m.title;
  const fillers: Filler[] = [];
  app.replaceChildren(
    renderHeader(m),
    divider(),
    section('summary', l10n.t('Summary'), [m.summary ? el('p', 'summary', m.summary) : emptyNote(l10n.t('No summary for this call.'))]),
    section('recording', l10n.t('Recording'), recordingContent(m, { post: (action) => post({ type: 'recording', action }) })),
    section('timeline', l10n.t('Executed actions'), renderTimeline(m, fillers), m.actions.length),
    section('transcript', l10n.t('Transcript'), renderTranscript(m, fillers), m.transcript.length),
    section('extracted', l10n.t('Extracted data'), renderExtracted(m), m.extractedData.length),
    section('raw', l10n.t('Raw JSON'), renderRaw(m, fillers)),
  );
  let firstPaintMs: number | undefined;
  afterPaint(() => (firstPaintMs = performance.now() - t0));
  const pending = () => fillers.filter((f) => f.next < f.items.length);
  const step = () => {
    if (gen !== generation) return;
    const left = pending();
    if (left.length > 0) {
      for (const f of left) fill(f, SLICE);
      setTimeout(step, 0);
      return;
    }
    app.setAttribute('aria-busy', 'false');
    if (scrollY !== undefined) window.scrollTo(0, scrollY);
    callComplete = true;
    applyHighlight();
    afterPaint(() => {
      if (gen !== generation) return;
      const renderMs = performance.now() - t0;
      // Let the observer deliver the entries of the last slices first.
      setTimeout(() => post({ type: 'rendered', callId: m.callId, seq, renderMs, firstPaintMs: firstPaintMs ?? renderMs, longestTaskMs, view: 'call' }), 0);
    });
  };
  // The first screen goes out with the next frame; the rest is appended after it.
  afterPaint(step);
}

/** Runs fn once the new DOM was laid out and painted (next frame), or soon if hidden. */
function afterPaint(fn: () => void): void {
  if (document.hidden) setTimeout(fn, 0);
  else requestAnimationFrame(() => setTimeout(fn, 0));
}

// ---- test snapshot (test builds only) ----------------------------------------------------

function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').trim();
}

function snapshot(): PanelSnapshot {
  const sections: Partial<Record<SectionId, string>> = {};
  for (const id of SECTION_IDS) {
    const s = document.getElementById(id);
    if (s) sections[id] = text(s);
  }
  const headerFields: Record<string, string> = {};
  for (const dd of document.querySelectorAll<HTMLElement>('.header-fields dd')) {
    headerFields[dd.dataset.field ?? ''] = text(dd.querySelector('.value'));
  }
  const actions = [...document.querySelectorAll<HTMLElement>('li.action')].map((li) => {
    const dts = [...li.querySelectorAll('.params > dt')];
    return {
      type: li.dataset.type ?? '',
      typeLabel: text(li.querySelector('.type')),
      name: text(li.querySelector('.action-name')),
      offset: text(li.querySelector('.offset')),
      latency: li.querySelector<HTMLElement>('.latency')?.dataset.latency ?? '',
      params: dts.map((dt) => {
        const dd = dt.nextElementSibling;
        const items = dd ? [...dd.querySelectorAll('li')].map((x) => text(x)) : [];
        return [text(dt), items.length > 0 ? items.join('\n') : text(dd)] as const;
      }),
    };
  });
  const turns = [...document.querySelectorAll<HTMLElement>('ol.transcript:not(.translated) li.turn')].map((li) => ({
    speaker: li.dataset.speaker ?? '',
    text: text(li.querySelector('.text')),
  }));
  const extracted = [...document.querySelectorAll('table.extracted tbody tr')].map(
    (tr) => [text(tr.querySelector('th')), text(tr.querySelector('td'))] as const,
  );
  let onAttributes = 0;
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.getAttributeNames()) if (a.startsWith('on')) onAttributes++;
  }
  const buttons = [...document.querySelectorAll<HTMLElement>('vscode-button, button')].map((b) => {
    const inner = b.shadowRoot?.querySelector('button');
    const focusable = inner ? inner.tabIndex >= 0 && !inner.disabled : b.tabIndex >= 0;
    return { label: b.getAttribute('aria-label') ?? text(b), focusable };
  });
  return {
    view,
    callId: state?.callId,
    sections,
    headerFields,
    actions,
    turns,
    extracted,
    injected: {
      img: document.querySelectorAll('img').length,
      script: document.querySelectorAll('script').length - baselineScripts,
      iframe: document.querySelectorAll('iframe, object, embed').length,
      onAttributes,
    },
    cspViolations: [...cspViolations],
    buttons,
    marks: [...document.querySelectorAll('mark.search-match')].map((mark) => mark.textContent ?? ''),
  };
}

// ---- wiring ------------------------------------------------------------------------------

document.addEventListener('securitypolicyviolation', (e) => {
  const detail = `${e.violatedDirective} ${e.blockedURI || '(inline)'}`;
  if (__TEST_HOOKS__) cspViolations.push(detail);
  post({ type: 'cspViolation', detail });
});

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  switch (m?.type) {
    case 'loading':
      if (renderedCallId !== m.callId) renderLoading(m.callId);
      break;
    case 'call':
      renderCall(m.model, m.seq, m.highlight);
      break;
    case 'highlight':
      searchQuery = m.text || undefined;
      applyHighlight();
      break;
    case 'error':
      renderError(m);
      break;
    case 'recording':
      recordingUpdate(m.callId, m.update);
      break;
    case 'notice': {
      const n = el('p', 'notice', m.message);
      n.setAttribute('role', 'status');
      app.prepend(n);
      break;
    }
    case 'snapshot':
      if (__TEST_HOOKS__) post({ type: 'snapshot', requestId: m.requestId, snapshot: snapshot() });
      break;
  }
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => {
    if (view === 'call') saveState({ scrollY: Math.round(window.scrollY) });
  }, 200);
});

registerToolkit();
post({ type: 'ready', state });
