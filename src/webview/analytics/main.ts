// Browser side of the analytics dashboard: figures, five charts (uPlot bars and an HTML heat
// map), each with a table alternative, a legend that toggles series, and clicks that filter the
// tree. Every value is inserted as text (textContent, text nodes), never parsed as HTML.
import 'uplot/dist/uPlot.min.css';
import './analytics.css';
import {
  DURATION_BUCKETS_S,
  share,
  type AnalyticsRange,
  type AnalyticsReport,
  type DashboardFromWebview,
  type DashboardModel,
  type DashboardSlice,
  type DashboardStrings,
  type DashboardToWebview,
  type DashboardWebviewState,
} from '../../shared/analytics';
import { displayLocale, formatHourOfDay, setDisplayLocale } from '../../shared/locale';
import { barChart, type BarChart, type BarSeries, type ThemeColors } from './charts';

interface VsCodeApi {
  postMessage(message: DashboardFromWebview): void;
  setState(state: DashboardWebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

setDisplayLocale(document.documentElement.lang);
const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
let charts: BarChart[] = [];
let current: DashboardModel | undefined;

function post(message: DashboardFromWebview): void {
  vscode.postMessage(message);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function button(text: string, onClick: () => void, className = 'button', title?: string): HTMLButtonElement {
  const b = el('button', className, text);
  b.type = 'button';
  if (title) b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

function fill(template: string, ...args: string[]): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? '');
}

// ---- Theme ---------------------------------------------------------------------------------

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

const PALETTE = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'];

function chartColor(name: string | undefined): string {
  return solid(cssVar(`--vscode-charts-${name ?? 'foreground'}`, cssVar('--vscode-foreground', '#888')), cardBackground());
}

type Rgba = [number, number, number, number];

/** #rgb, #rrggbb, #rrggbbaa or rgb(a)(): the colours VS Code's theme variables hold. */
function parseColor(c: string): Rgba | undefined {
  let m = /^#([0-9a-f]{3,8})$/i.exec(c.trim());
  if (m) {
    let h = m[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((x) => x + x).join('');
    if (h.length !== 6 && h.length !== 8) return undefined;
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), h.length === 8 ? n(6) / 255 : 1];
  }
  m = /^rgba?\(([^)]+)\)$/i.exec(c.trim());
  if (!m) return undefined;
  const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  return parts.length >= 3 ? [parts[0], parts[1], parts[2], parts[3] ?? 1] : undefined;
}

/**
 * `color` made opaque over `background`, mixed with `other` by `t`: stacked bars overlap, and a
 * theme's chart colours may be translucent (then one agent's colour would tint another's).
 */
function solid(color: string, background: string, other?: string, t = 0): string {
  const c = parseColor(color);
  const bg = parseColor(background) ?? [128, 128, 128, 1];
  if (!c) return color;
  let rgb = [0, 1, 2].map((i) => c[i] * c[3] + bg[i] * (1 - c[3]));
  const o = other ? parseColor(other) : undefined;
  if (o) rgb = rgb.map((v, i) => v * (1 - t) + o[i] * t);
  return `rgb(${rgb.map((v) => Math.round(v)).join(', ')})`;
}

function cardBackground(): string {
  return cssVar('--vscode-editorWidget-background', cssVar('--vscode-editor-background', '#808080'));
}

/** The i-th agent's colour: the theme's six chart colours, then the same again mixed with the text colour. */
function seriesColor(i: number): string {
  const c = cssVar(`--vscode-charts-${PALETTE[i % PALETTE.length]}`, cssVar('--vscode-foreground', '#888888'));
  return solid(c, cardBackground(), i < PALETTE.length ? undefined : cssVar('--vscode-foreground', '#888888'), 0.45);
}

/** A small funnel: "filter the tree to this". */
function funnel(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '12');
  svg.setAttribute('height', '12');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M1 2h14l-5.5 6.5V14l-3-1.5v-4z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

function theme(): ThemeColors {
  const size = cssVar('--vscode-font-size', '13px');
  return {
    foreground: cssVar('--vscode-foreground', '#888'),
    grid: cssVar('--vscode-charts-lines', 'rgba(128,128,128,0.3)'),
    font: `${size} ${cssVar('--vscode-font-family', 'sans-serif')}`,
  };
}

// ---- Formatting ----------------------------------------------------------------------------
// Numbers and dates in the display language (the page's lang); units and words from the
// extension's l10n bundle (model.strings).

const count = (n: number) => n.toLocaleString(displayLocale());
const decimal = (n: number, digits: number) => n.toLocaleString(displayLocale(), { maximumFractionDigits: digits });

function seconds(s: number | undefined, t: DashboardStrings): string {
  if (s === undefined) return '—';
  if (s < 60) return fill(t.secondsUnit, count(Math.round(s)));
  if (s < 3600) return fill(t.minutesSecondsUnit, count(Math.floor(s / 60)), count(Math.round(s % 60)));
  return fill(t.hoursMinutesUnit, count(Math.floor(s / 3600)), count(Math.round((s % 3600) / 60)));
}

function percent(part: number, whole: number, t: DashboardStrings): string {
  const r = share(part, whole);
  return r === undefined ? '—' : fill(t.percentUnit, decimal(r * 100, 1));
}

function latency(ms: number | undefined, t: DashboardStrings): string {
  return ms === undefined ? '—' : fill(t.secondsUnit, decimal(ms / 1000, 2));
}

const callsText = (n: number, t: DashboardStrings) => (n === 1 ? t.callsOne : fill(t.callsMany, count(n)));
const actionsText = (n: number, t: DashboardStrings) => (n === 1 ? t.actionsOne : fill(t.actionsMany, count(n)));

function durationBucketLabel(i: number, t: DashboardStrings): string {
  const b = DURATION_BUCKETS_S;
  const short = (s: number) => (s < 60 ? fill(t.secondsUnit, count(s)) : fill(t.minutesUnit, count(s / 60)));
  if (i === 0) return fill(t.below, short(b[0]));
  if (i === b.length) return fill(t.atLeast, short(b[b.length - 1]));
  return fill(t.between, short(b[i - 1]), short(b[i]));
}

/** A civil day (YYYY-MM-DD) in the display language: "Mon, Nov 30, 2026" / "lun, 30 nov 2026". */
function dayFormat(options: Intl.DateTimeFormatOptions): (day: string) => string {
  const f = new Intl.DateTimeFormat(displayLocale(), { ...options, timeZone: 'UTC' });
  return (day) => {
    const [y, m, d] = day.split('-').map(Number);
    return f.format(new Date(Date.UTC(y, m - 1, d)));
  };
}

/** An hour of the day as the display language writes it ("3:00 PM", "15:00"). */
function hourLabel(hour: number): string {
  return new Intl.DateTimeFormat(displayLocale(), { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1, hour)));
}

function weekdayNames(): string[] {
  // 2024-01-01 was a Monday.
  const f = new Intl.DateTimeFormat(displayLocale(), { weekday: 'short', timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

// ---- Building blocks -----------------------------------------------------------------------

interface Section {
  readonly root: HTMLElement;
  readonly chartBox: HTMLElement;
  readonly tableBox: HTMLElement;
}

/** A chart's section: heading, the "Show as table" toggle, the chart and its table (hidden). */
function section(id: string, title: string, s: DashboardStrings, values?: unknown): Section {
  const root = el('section', 'chart');
  root.id = id;
  root.setAttribute('aria-labelledby', `${id}-title`);
  const head = el('div', 'chart-head');
  const h = el('h2', undefined, title);
  h.id = `${id}-title`;
  const chartBox = el('div', 'chart-box');
  const tableBox = el('div', 'table-box');
  tableBox.hidden = true;
  const toggle = button(s.showTable, () => {
    const showTable = tableBox.hidden;
    tableBox.hidden = !showTable;
    chartBox.hidden = showTable;
    toggle.textContent = showTable ? s.showChart : s.showTable;
    toggle.setAttribute('aria-pressed', String(showTable));
  }, 'button secondary table-toggle');
  toggle.setAttribute('aria-pressed', 'false');
  toggle.setAttribute('aria-controls', `${id}-table`);
  tableBox.id = `${id}-table`;
  head.append(h, toggle);
  root.append(head, chartBox, tableBox);
  // Test builds: the numbers the chart was drawn from, to compare with the table.
  if (__TEST_HOOKS__ && values !== undefined) root.dataset.values = JSON.stringify(values);
  return { root, chartBox, tableBox };
}

type Cell = string | number | HTMLElement;

function table(caption: string, head: readonly Cell[], rows: readonly (readonly Cell[])[]): HTMLTableElement {
  const t = el('table', 'data-table');
  t.append(el('caption', undefined, caption));
  const thead = el('thead');
  const hr = el('tr');
  for (const h of head) {
    const th = el('th');
    th.scope = 'col';
    th.append(typeof h === 'object' ? h : document.createTextNode(String(h)));
    hr.append(th);
  }
  thead.append(hr);
  const body = el('tbody');
  for (const row of rows) {
    const tr = el('tr');
    row.forEach((c, i) => {
      const cell = i === 0 ? el('th') : el('td');
      if (i === 0) (cell as HTMLTableCellElement).scope = 'row';
      if (typeof c === 'number') {
        cell.className = 'num';
        cell.textContent = count(c);
      } else if (typeof c === 'string') cell.textContent = c;
      else {
        if (c.classList.contains('num-control')) cell.className = 'num';
        cell.append(c);
      }
      tr.append(cell);
    });
    body.append(tr);
  }
  t.append(thead, body);
  return t;
}

/** A number cell holding a control (right-aligned as the other numbers). */
function numberCell(content: HTMLElement): HTMLElement {
  content.classList.add('num-control');
  return content;
}

function filterButton(text: string | SVGSVGElement, title: string, slice: DashboardSlice): HTMLButtonElement {
  const b = button(typeof text === 'string' ? text : '', () => post({ type: 'filter', slice }), 'link', title);
  if (typeof text !== 'string') b.append(text);
  b.setAttribute('aria-label', title);
  return b;
}

/** A legend of toggle buttons; each agent also gets a button that filters the tree to it. */
function legend(label: string, entries: readonly { label: string; color: string; filter?: HTMLElement }[], onToggle: (i: number, on: boolean) => void): HTMLElement {
  const box = el('div', 'legend');
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', label);
  entries.forEach((e, i) => {
    const item = el('span', 'legend-item');
    const b = el('button', 'legend-toggle');
    b.type = 'button';
    b.setAttribute('aria-pressed', 'true');
    const swatch = el('span', 'swatch');
    swatch.style.background = e.color;
    b.append(swatch, document.createTextNode(e.label));
    b.addEventListener('click', () => {
      const on = b.getAttribute('aria-pressed') !== 'true';
      b.setAttribute('aria-pressed', String(on));
      onToggle(i, on);
    });
    item.append(b);
    if (e.filter) item.append(e.filter);
    box.append(item);
  });
  return box;
}

// ---- The dashboard -------------------------------------------------------------------------

function agentLabel(a: AnalyticsReport['agents'][number], s: DashboardStrings): string {
  return a.name ?? `${s.deletedAgent} ${a.agentId.slice(-6)}`;
}

function header(model: DashboardModel): HTMLElement {
  const s = model.strings;
  const head = el('header', 'dash-head');
  head.append(el('h1', undefined, model.title));
  const controls = el('div', 'controls');
  const select = el('select');
  select.setAttribute('aria-label', s.range);
  const presets = ['today', 'yesterday', 'last7', 'last30', 'thisMonth'] as const;
  for (const p of presets) {
    const o = el('option', undefined, s[p]);
    o.value = p;
    select.append(o);
  }
  const custom = el('option', undefined, s.custom);
  custom.value = 'custom';
  select.append(custom);
  const range = model.range;
  select.value = 'preset' in range ? range.preset : 'custom';
  const from = el('input');
  from.type = 'date';
  from.setAttribute('aria-label', s.from);
  from.value = model.report.query.from;
  const to = el('input');
  to.type = 'date';
  to.setAttribute('aria-label', s.to);
  to.value = model.report.query.to;
  const apply = button(s.apply, () => post({ type: 'range', range: { from: from.value, to: to.value } }), 'button secondary');
  const customBox = el('span', 'custom-range');
  customBox.append(from, to, apply);
  customBox.hidden = select.value !== 'custom';
  select.addEventListener('change', () => {
    customBox.hidden = select.value !== 'custom';
    if (select.value !== 'custom') post({ type: 'range', range: { preset: select.value } as AnalyticsRange });
  });
  controls.append(select, customBox, button(s.exportCsv, () => post({ type: 'exportCsv' })), button(s.exportJsonl, () => post({ type: 'exportJsonl' })));
  head.append(controls);
  return head;
}

function figures(model: DashboardModel): HTMLElement {
  const s = model.strings;
  const t = model.report.totals;
  const dl = el('dl', 'figures');
  const add = (label: string, value: string, note?: string) => {
    const box = el('div', 'figure');
    const dt = el('dt', undefined, label);
    const dd = el('dd', undefined, value);
    dd.dataset.figure = label;
    box.append(dt, dd);
    if (note) box.append(el('dd', 'note', note));
    dl.append(box);
  };
  add(s.calls, count(t.calls), `${s.live} ${count(t.liveCalls)} · ${s.trial} ${count(t.trialCalls)}`);
  add(s.durationTotal, seconds(t.durationTotal, s));
  add(s.durationMedian, seconds(t.durationMedian, s));
  add(s.durationP90, seconds(t.durationP90, s));
  add(s.withAction, percent(t.callsWithAction, t.calls, s), `${count(t.callsWithAction)} ${s.ofCalls}`);
  add(s.transferRate, percent(t.transferred, t.calls, s), `${count(t.transferred)} ${s.ofCalls}`);
  add(s.bookingRate, percent(t.booked, t.calls, s), `${count(t.booked)} ${s.ofCalls}`);
  add(s.extractionValue, percent(t.extractionWithValue, t.extractionCalls, s), `${count(t.extractionWithValue)} / ${count(t.extractionCalls)} ${s.ofExtraction}`);
  add(s.deletedAgentCalls, count(t.deletedAgentCalls));
  return dl;
}

function render(model: DashboardModel): void {
  const started = performance.now();
  for (const c of charts) c.destroy();
  charts = [];
  current = model;
  const s = model.strings;
  const r = model.report;
  // What a window reload brings back (the panel's serializer reads it): the range and the agent.
  vscode.setState({ range: model.range, ...(r.query.agentId ? { agentId: r.query.agentId } : {}) });
  app.replaceChildren();
  app.append(header(model));
  if (!model.coverage.covered && model.coverage.message) {
    const banner = el('div', 'banner');
    banner.setAttribute('role', 'status');
    banner.append(el('span', undefined, model.coverage.message));
    if (model.coverage.syncLabel) banner.append(button(model.coverage.syncLabel, () => post({ type: 'sync' }), 'button secondary'));
    if (model.coverage.settingLabel) banner.append(button(model.coverage.settingLabel, () => post({ type: 'storeSetting' }), 'button secondary'));
    app.append(banner);
  }
  app.append(figures(model));
  if (r.totals.calls === 0) {
    app.append(el('p', 'status', s.noCalls));
    app.setAttribute('aria-busy', 'false');
    post({ type: 'drawn', seq: model.seq, charts: 0, ms: performance.now() - started });
    return;
  }
  const grid = el('div', 'charts');
  app.append(grid);
  const width = () => Math.max(260, grid.clientWidth - 24);
  const th = theme();

  // Calls per day, stacked by agent.
  const dayShort = dayFormat({ month: 'short', day: 'numeric' });
  const dayLong = dayFormat({ weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
  const dayLabels = r.days.map(dayShort);
  const dayTitles = r.days.map(dayLong);
  const agentSeries: BarSeries[] = r.agents.map((a, i) => ({ label: agentLabel(a, s), color: seriesColor(i), values: a.perDay }));
  const perDay = section('per-day', s.perDay, s, { days: r.days, agents: r.agents.map((a) => ({ id: a.agentId, perDay: a.perDay })) });
  grid.append(perDay.root);
  perDay.chartBox.append(el('p', 'hint', s.clickHintDay));
  const dayChart = barChart(perDay.chartBox, width(), {
    categories: r.days,
    axisLabels: dayLabels,
    ordered: true,
    categoryTitle: (i) => dayTitles[i],
    tooltipValue: (n) => callsText(n, s),
    totalLine: (total) => fill(s.tooltipTotal, total),
    series: agentSeries,
    stacked: true,
    theme: th,
    // An agent's segment: that agent's calls of the day; above the bar or the date: the whole day.
    onClick: (i, k) => post({ type: 'filter', slice: { kind: 'day', day: r.days[i], ...(k !== undefined ? { agentId: r.agents[k].agentId } : {}) } }),
  });
  charts.push(dayChart);
  perDay.chartBox.append(
    legend(
      s.legend,
      r.agents.map((a, i) => ({
        label: agentSeries[i].label,
        color: agentSeries[i].color,
        filter: filterButton(funnel(), fill(s.filterAgent, agentSeries[i].label), { kind: 'agent', agentId: a.agentId }),
      })),
      (i, on) => dayChart.setVisible(i, on),
    ),
  );
  perDay.tableBox.append(
    table(
      s.perDay,
      [s.day, ...r.agents.map((a, i) => filterButton(agentSeries[i].label, fill(s.filterAgent, agentSeries[i].label), { kind: 'agent', agentId: a.agentId })), s.total],
      r.days.map((d, i) => [
        filterButton(dayTitles[i], fill(s.filterDay, dayTitles[i]), { kind: 'day', day: d }),
        // A day's count of an agent: the keyboard's way to the slice a bar segment's click gives.
        ...r.agents.map((a, k) =>
          a.perDay[i] > 0
            ? numberCell(filterButton(count(a.perDay[i]), fill(s.filterDayAgent, dayTitles[i], agentSeries[k].label), { kind: 'day', day: d, agentId: a.agentId }))
            : a.perDay[i],
        ),
        r.agents.reduce((n, a) => n + a.perDay[i], 0),
      ]),
    ),
  );

  // Duration distribution.
  const buckets = r.durationHistogram.map((_, i) => durationBucketLabel(i, s));
  const duration = section('duration', s.durationChart, s, { buckets, counts: r.durationHistogram });
  grid.append(duration.root);
  charts.push(
    barChart(duration.chartBox, width(), {
      categories: buckets,
      series: [{ label: s.calls, color: chartColor('blue'), values: r.durationHistogram }],
      tooltipValue: (n) => callsText(n, s),
      theme: th,
    }),
  );
  duration.tableBox.append(table(s.durationChart, [s.duration, s.calls], buckets.map((b, i) => [b, r.durationHistogram[i]])));

  // Action mix: one series per type, so that the legend toggles types and a bar has its type's colour.
  const types = r.actionTypes;
  const typeLabel = (t: string) => model.actionStyles[t]?.label ?? t;
  // Types may share a colour in the action registry (both extractions are blue): each later one is
  // mixed further with the text colour, so that no two bars, nor their legend keys, look alike.
  const used = new Set<string>();
  const typeColors = types.map((t, i) => {
    const name = model.actionStyles[t.type]?.color;
    const base = name ? chartColor(name) : seriesColor(i);
    let color = base;
    for (let k = 1; used.has(color) && k < 6; k++) color = solid(base, cardBackground(), cssVar('--vscode-foreground', '#888888'), 0.15 * k + 0.3);
    used.add(color);
    return color;
  });
  const mix = section('action-mix', s.actionMix, s, { types: types.map((t) => ({ type: t.type, actions: t.actions, calls: t.calls })) });
  grid.append(mix.root);
  if (types.length > 0) {
    mix.chartBox.append(el('p', 'hint', s.clickHint));
    const mixSeries: BarSeries[] = types.map((t, i) => ({ label: typeLabel(t.type), color: typeColors[i], values: types.map((_, k) => (k === i ? t.actions : null)) }));
    const mixChart = barChart(mix.chartBox, width(), {
      categories: types.map((t) => typeLabel(t.type)),
      series: mixSeries,
      oneSeriesPerCategory: true,
      tooltipValue: (n) => actionsText(n, s),
      theme: th,
      onClick: (i) => post({ type: 'filter', slice: { kind: 'actionType', actionType: types[i].type } }),
    });
    charts.push(mixChart);
    mix.chartBox.append(
      legend(
        s.actionType,
        mixSeries.map((m, i) => ({
          label: m.label,
          color: m.color,
          filter: filterButton(funnel(), fill(s.filterType, m.label), { kind: 'actionType', actionType: types[i].type }),
        })),
        (i, on) => mixChart.setVisible(i, on),
      ),
    );
  }
  mix.tableBox.append(
    table(
      s.actionMix,
      [s.actionType, s.actions, s.callsWithType],
      types.map((t) => [filterButton(typeLabel(t.type), fill(s.filterType, typeLabel(t.type)), { kind: 'actionType', actionType: t.type }), t.actions, t.calls]),
    ),
  );

  // Action latency, median and 95th percentile per type (seconds).
  const timed = types.filter((t) => t.timed > 0);
  const lat = section('latency', s.actionLatency, s, { types: timed.map((t) => ({ type: t.type, median: t.latencyMedianMs, p95: t.latencyP95Ms })) });
  grid.append(lat.root);
  if (timed.length > 0) {
    const latSeries: BarSeries[] = [
      { label: s.median, color: chartColor('blue'), values: timed.map((t) => (t.latencyMedianMs ?? 0) / 1000) },
      { label: s.p95, color: chartColor('orange'), values: timed.map((t) => (t.latencyP95Ms ?? 0) / 1000) },
    ];
    const latChart = barChart(lat.chartBox, width(), {
      categories: timed.map((t) => typeLabel(t.type)),
      series: latSeries,
      yLabel: s.seconds,
      format: (v) => decimal(v, 2),
      tooltipValue: (v) => fill(s.secondsUnit, decimal(v, 2)),
      theme: th,
    });
    charts.push(latChart);
    lat.chartBox.append(legend(s.actionLatency, latSeries.map((m) => ({ label: m.label, color: m.color })), (i, on) => latChart.setVisible(i, on)));
  }
  lat.tableBox.append(
    table(s.actionLatency, [s.actionType, s.median, s.p95, s.actions], timed.map((t) => [typeLabel(t.type), latency(t.latencyMedianMs, s), latency(t.latencyP95Ms, s), t.timed])),
  );

  // Weekday × hour heat map (HTML: a grid of cells whose opacity follows the count).
  const heat = section('heatmap', `${s.heatmap} (${r.query.timeZone})`, s, { heatmap: r.heatmap });
  grid.append(heat.root);
  const names = weekdayNames();
  const hours = Array.from({ length: 24 }, (_, h) => hourLabel(h));
  const max = Math.max(1, ...r.heatmap.flat());
  const map = el('div', 'heatmap');
  map.setAttribute('aria-hidden', 'true');
  map.append(el('span', 'heat-corner'));
  // Every third hour, each label over its three columns ("3 AM", "03:00").
  for (let h = 0; h < 24; h += 3) map.append(el('span', 'heat-hour', formatHourOfDay(h)));
  const heatColor = chartColor('blue');
  r.heatmap.forEach((row, d) => {
    map.append(el('span', 'heat-day', names[d]));
    row.forEach((v, h) => {
      const cell = el('span', 'heat-cell');
      cell.title = fill(s.heatCell, names[d], hours[h], callsText(v, s));
      const inner = el('span', 'heat-fill');
      inner.style.background = heatColor;
      inner.style.opacity = String(v === 0 ? 0 : 0.12 + 0.88 * (v / max));
      cell.append(inner);
      map.append(cell);
    });
  });
  heat.chartBox.append(map);
  heat.tableBox.append(
    table(
      s.heatmap,
      [s.weekday, ...Array.from({ length: 24 }, (_, h) => formatHourOfDay(h))],
      r.heatmap.map((row, d) => [names[d], ...row]),
    ),
  );

  app.setAttribute('aria-busy', 'false');
  const drawn = charts.length + 1;
  requestAnimationFrame(() => post({ type: 'drawn', seq: model.seq, charts: drawn, ms: performance.now() - started }));
}

function status(text: string, className = 'status'): void {
  for (const c of charts) c.destroy();
  charts = [];
  const p = el('p', className, text);
  p.setAttribute('role', className === 'error' ? 'alert' : 'status');
  app.replaceChildren(p);
  app.setAttribute('aria-busy', className === 'error' ? 'false' : 'true');
}

window.addEventListener('message', (event: MessageEvent<DashboardToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'loading':
      if (current) {
        // Keep the last report on screen; say that a new one is coming.
        app.setAttribute('aria-busy', 'true');
        let note = app.querySelector('.loading-note');
        if (!note) {
          note = el('p', 'loading-note');
          note.setAttribute('role', 'status');
          app.prepend(note);
        }
        note.textContent = m.message;
      } else status(m.message);
      return;
    case 'model':
      render(m.model);
      return;
    case 'error':
      current = undefined;
      status(m.message, 'error');
      return;
  }
});

// Theme changes (VS Code swaps the body's classes): charts are redrawn in the new colours.
new MutationObserver(() => {
  if (current) render(current);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    const grid = app.querySelector('.charts');
    if (grid) for (const c of charts) c.resize(Math.max(260, grid.clientWidth - 24));
  }, 100);
});

post({ type: 'ready' });
