// Bar charts on uPlot: categories on x (days, duration buckets, action types), one or more
// series, stacked or side by side, coloured from VS Code's theme. The legend and the tooltip are
// ours (HTML, text only): the legend is a row of toggle buttons a keyboard reaches. A click on a
// stacked bar tells which series' segment it hit (none above the bar or on the category's axis
// label).
import uPlot from 'uplot';
import { displayLocale } from '../../shared/locale';
import { stackedSeriesAt } from '../../shared/analytics';

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
  readonly height?: number;
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

  const u = new uPlot(
    {
      width,
      height: options.height ?? 220,
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
          ticks: { stroke: theme.grid },
          splits: () => {
            const step = Math.max(1, Math.ceil(categories.length / Math.max(1, Math.floor(width / 70))));
            return xs.filter((i) => i % step === 0);
          },
          values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
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
  if (onClick) {
    u.over.classList.add('clickable');
    u.over.addEventListener('click', () => {
      const idx = u.cursor.idx;
      if (idx !== null && idx !== undefined) onClick(idx, options.stacked ? seriesAt(u, idx, u.cursor.top) : undefined);
    });
    // The category labels under the plot (drawn on the canvas): a click there is the whole category.
    const categoryUnder = (e: MouseEvent): number | undefined => {
      const over = u.over.getBoundingClientRect();
      if (e.clientY <= over.bottom || e.clientX < over.left || e.clientX > over.right) return undefined;
      const i = Math.round(u.posToVal(e.clientX - over.left, 'x'));
      return i >= 0 && i < categories.length ? i : undefined;
    };
    // On the chart's root: the axis is an element of its own over the canvas (clicks bubble up).
    u.root.addEventListener('mousemove', (e) => (u.root.style.cursor = categoryUnder(e) === undefined ? '' : 'pointer'));
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
      u.setSize({ width: w, height: options.height ?? 220 });
    },
    destroy() {
      u.destroy();
    },
  };
}
