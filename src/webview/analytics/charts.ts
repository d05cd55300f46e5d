// Bar charts on uPlot: categories on x (days, duration buckets, action types), one or more
// series, stacked or side by side, coloured from VS Code's theme. The legend and the tooltip are
// ours (HTML, text only): the legend is a row of toggle buttons a keyboard reaches. A click on a
// stacked bar tells which series' segment it hit (none above the bar or on the category's axis
// label). The category labels are laid out for the plot's width each time uPlot sizes its axes
// (layoutCategoryAxis: one line, wrapped, or rotated and shortened), so they never overlap.
import uPlot from 'uplot';
import { displayLocale } from '../../shared/locale';
import { stackedSeriesAt } from '../../shared/analytics';
import { layoutCategoryAxis, type AxisFont, type CategoryAxisLayout } from '../../shared/categoryAxis';

export interface BarSeries {
  readonly label: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
}

export interface BarChartOptions {
  readonly categories: readonly string[];
  /** Shorter category labels for the axis (default: categories). */
  readonly axisLabels?: readonly string[];
  readonly series: readonly BarSeries[];
  /** Categories in an order a reader can fill in (days): labels are thinned out, never turned. */
  readonly ordered?: boolean;
  /** Stack the series (calls per day by agent); otherwise side by side, or one bar per category. */
  readonly stacked?: boolean;
  /** Each series has a value in one category only (the action mix): full-width bars. */
  readonly oneSeriesPerCategory?: boolean;
  readonly yLabel?: string;
  /** The y axis' numbers (default: the number in the display language). */
  readonly format?: (value: number) => string;
  /** A value in the tooltip, with its unit (default: format). */
  readonly tooltipValue?: (value: number) => string;
  /** The tooltip's heading for a category (default: the category). */
  readonly categoryTitle?: (categoryIndex: number) => string;
  /** The stacked tooltip's last line, given the total as tooltipValue writes it. */
  readonly totalLine?: (total: string) => string;
  /**
   * A click on a category's bar or its axis label. For a stacked chart `seriesIndex` is the series
   * whose segment was hit; undefined above the bar and on the axis (the whole category).
   */
  readonly onClick?: (categoryIndex: number, seriesIndex: number | undefined) => void;
  readonly theme: ThemeColors;
}

export interface ThemeColors {
  readonly foreground: string;
  readonly grid: string;
  readonly font: string;
}

export interface BarChart {
  readonly element: HTMLElement;
  setVisible(seriesIndex: number, visible: boolean): void;
  resize(width: number): void;
  destroy(): void;
}

function stack(series: readonly BarSeries[], visible: readonly boolean[]): (number | null)[][] {
  // Drawn from the tallest (every visible series summed) down, so each shorter bar paints over.
  const n = series[0]?.values.length ?? 0;
  const out: (number | null)[][] = [];
  for (let s = 0; s < series.length; s++) {
    const row: (number | null)[] = new Array(n).fill(0);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = s; k < series.length; k++) if (visible[k]) sum += series[k].values[i] ?? 0;
      row[i] = visible[s] ? sum : null;
    }
    out.push(row);
  }
  return out;
}

/** The stacked series whose segment is at `top` (px from the plot's top) in category `idx`. */
function seriesAt(u: uPlot, idx: number, top: number | undefined): number | undefined {
  if (top === undefined || top < 0) return undefined;
  return stackedSeriesAt(
    u.data.slice(1).map((row) => row[idx]),
    u.posToVal(top, 'y'),
  );
}

// The x axis (CSS px): uPlot's tick length and gap, and the most its labels may take.
const TICK = 10;
const GAP = 5;
const MAX_AXIS = 120;
/** The plot's height; the chart is as much taller as its labels need. */
const PLOT_HEIGHT = 155;
/** uPlot's own room above the plot (a third of its default axis size) and beside it (y axis, its label, the right). */
const TOP_PAD = 17;
const Y_AXIS_GUESS = 50;
const Y_LABEL = 30;
const RIGHT_PAD = 25;

let measuring: CanvasRenderingContext2D | null | undefined;

/** Text widths in `font` (CSS px), as the chart's canvas draws them. */
function axisFont(font: string): AxisFont {
  measuring ??= document.createElement('canvas').getContext('2d');
  const size = Number.parseFloat(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? '') || 13;
  const cache = new Map<string, number>();
  return {
    size,
    lineHeight: size * 1.5,
    measure: (text) => {
      let w = cache.get(text);
      if (w === undefined) {
        if (measuring) measuring.font = font;
        w = measuring ? measuring.measureText(text).width : text.length * size * 0.6;
        cache.set(text, w);
      }
      return w;
    },
  };
}

export function barChart(container: HTMLElement, width: number, options: BarChartOptions): BarChart {
  const { categories, series, theme } = options;
  const fmt = options.format ?? ((v: number) => v.toLocaleString(displayLocale()));
  const tipValue = options.tooltipValue ?? fmt;
  const visible = series.map(() => true);
  const xs = categories.map((_, i) => i);
  const data = (): uPlot.AlignedData => [xs, ...(options.stacked ? stack(series, visible) : series.map((s) => [...s.values]))] as uPlot.AlignedData;
  const side = !options.stacked && !options.oneSeriesPerCategory && series.length === 2;
  const barWidth = side ? 0.8 / series.length : 0.8;
  const tooltip = document.createElement('div');
  tooltip.className = 'chart-tooltip';
  tooltip.setAttribute('role', 'status');
  tooltip.hidden = true;
  const labels = options.axisLabels ?? categories;
  const font = axisFont(theme.font);
  const lay = (plotWidth: number, left: number, right: number) =>
    layoutCategoryAxis(labels, font, { width: plotWidth, left, right, offset: TICK + GAP, maxSize: MAX_AXIS }, options.ordered);
  // Before uPlot has sized anything: the layout for a y axis of a usual width, for the chart's height.
  const heightFor = (w: number) => {
    const left = Y_AXIS_GUESS + (options.yLabel ? Y_LABEL : 0);
    return PLOT_HEIGHT + TOP_PAD + lay(Math.max(1, w - left - RIGHT_PAD), left, RIGHT_PAD).size;
  };
  // The layout for the plot uPlot is sizing now (its width comes to the axis' `space`, its left
  // edge in bbox), kept until that changes.
  let plotWidth = 0;
  let layout: CategoryAxisLayout | undefined;
  let laidFor = '';
  const axisLayout = (u: uPlot): CategoryAxisLayout => {
    const left = u.bbox.left / uPlot.pxRatio;
    const key = `${plotWidth} ${left} ${u.width}`;
    if (!layout || key !== laidFor) {
      layout = lay(plotWidth, left, Math.max(0, u.width - left - plotWidth));
      laidFor = key;
    }
    return layout;
  };

  const u = new uPlot(
    {
      width,
      height: heightFor(width),
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: () => [-0.5, categories.length - 0.5] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
      },
      axes: [
        {
          stroke: theme.foreground,
          font: theme.font,
          grid: { show: false },
          ticks: { stroke: theme.grid, size: TICK },
          gap: GAP,
          space: (_u, _axis, _min, _max, dim) => {
            plotWidth = dim;
            return 30;
          },
          // A tick under every category; its label as the layout has it (null: none).
          splits: () => xs,
          values: (u, splits) => splits.map((i) => axisLayout(u).labels[i] ?? null),
          rotate: (u) => axisLayout(u).rotate,
          size: (u, values) => (values === null ? heightFor(width) - PLOT_HEIGHT - TOP_PAD : axisLayout(u).size),
        },
        {
          stroke: theme.foreground,
          font: theme.font,
          grid: { stroke: theme.grid, width: 1 },
          ticks: { stroke: theme.grid },
          label: options.yLabel,
          labelFont: theme.font,
          values: (_u, splits) => splits.map((v) => fmt(v)),
        },
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.color,
          fill: s.color,
          width: 0,
          points: { show: false },
          // Two series side by side: the first left of the category's centre, the second right.
          paths: uPlot.paths.bars!({ size: [barWidth, Infinity, 1], align: side ? (i === 0 ? -1 : 1) : 0 }),
        })),
      ],
      hooks: {
        setCursor: [
          (self) => {
            const idx = self.cursor.idx;
            if (idx === null || idx === undefined || self.cursor.left === undefined || self.cursor.left < 0) {
              tooltip.hidden = true;
              return;
            }
            tooltip.replaceChildren();
            const head = document.createElement('strong');
            head.textContent = options.categoryTitle?.(idx) ?? categories[idx];
            tooltip.append(head);
            const hovered = options.stacked ? seriesAt(self, idx, self.cursor.top) : undefined;
            let total = 0;
            series.forEach((s, k) => {
              const v = s.values[idx];
              if (!visible[k] || v === null || v === undefined) return;
              if (options.oneSeriesPerCategory && v === 0) return;
              total += v;
              const line = document.createElement('div');
              const swatch = document.createElement('span');
              swatch.className = 'swatch';
              swatch.style.background = s.color;
              // One series (the duration histogram): the value alone, its label is the chart's.
              line.append(swatch, document.createTextNode(series.length === 1 ? tipValue(v) : `${s.label}: ${tipValue(v)}`));
              // The segment under the pointer: the one a click filters to.
              if (options.stacked && k === hovered) line.className = 'tooltip-active';
              tooltip.append(line);
            });
            if (options.stacked && series.length > 1) {
              const line = document.createElement('div');
              line.className = 'tooltip-total';
              line.textContent = options.totalLine?.(tipValue(total)) ?? tipValue(total);
              if (hovered === undefined) line.classList.add('tooltip-active');
              tooltip.append(line);
            }
            tooltip.hidden = false;
            const left = Math.min(self.cursor.left + 12, self.over.clientWidth - tooltip.offsetWidth);
            tooltip.style.left = `${Math.max(0, left)}px`;
            tooltip.style.top = `${Math.max(0, (self.cursor.top ?? 0) - tooltip.offsetHeight - 8)}px`;
          },
        ],
      },
    },
    data(),
    container,
  );
  u.over.append(tooltip);
  u.over.addEventListener('mouseleave', () => (tooltip.hidden = true));
  const onClick = options.onClick;
  // The category under the pointer below the plot (its label, drawn on the canvas).
  const categoryUnder = (e: MouseEvent): number | undefined => {
    const over = u.over.getBoundingClientRect();
    if (e.clientY <= over.bottom || e.clientX < over.left || e.clientX > over.right) return undefined;
    const i = Math.round(u.posToVal(e.clientX - over.left, 'x'));
    return i >= 0 && i < categories.length ? i : undefined;
  };
  // On the chart's root: the axis is an element of its own over the canvas (events bubble up).
  u.root.addEventListener('mousemove', (e) => {
    const i = categoryUnder(e);
    u.root.style.cursor = onClick && i !== undefined ? 'pointer' : '';
    // A label drawn shortened or left out: the whole one on hover.
    u.root.title = i !== undefined && layout?.shortened[i] ? (options.categoryTitle?.(i) ?? categories[i]) : '';
  });
  if (onClick) {
    u.over.classList.add('clickable');
    u.over.addEventListener('click', () => {
      const idx = u.cursor.idx;
      if (idx !== null && idx !== undefined) onClick(idx, options.stacked ? seriesAt(u, idx, u.cursor.top) : undefined);
    });
    // A click on a category's label is the whole category.
    u.root.addEventListener('click', (e) => {
      const i = categoryUnder(e);
      if (i !== undefined) onClick(i, undefined);
    });
  }
  return {
    element: u.root,
    setVisible(seriesIndex, show) {
      visible[seriesIndex] = show;
      if (options.stacked) {
        u.setData(data());
      }
      u.setSeries(seriesIndex + 1, { show });
    },
    resize(w) {
      u.setSize({ width: w, height: heightFor(w) });
    },
    destroy() {
      u.destroy();
    },
  };
}
