// Where a bar chart's category labels go under its bars, so that at any width they never overlap
// nor run off the chart, and stay readable. In order of preference: on one line; wrapped at
// spaces onto up to three lines; rotated 45° (a label longer than its room shortened with "…",
// every k-th label only when even rotated ones would touch). Ordered categories (days) are
// thinned on one line instead: the ones left out are read from their neighbours. Pure (the
// webview measures the text in the chart's font; uPlot draws what this decides), so that unit
// tests can check it. The tooltip and the "Show as table" alternative keep the whole labels.

export interface AxisFont {
  /** The text's width in CSS px, in the axis' font. */
  readonly measure: (text: string) => number;
  /** The font's size in CSS px. */
  readonly size: number;
  /** From one wrapped line to the next, CSS px (uPlot: the size × its lineGap, 1.5). */
  readonly lineHeight: number;
}

export interface AxisRoom {
  /** The plot's width, CSS px: the categories share it equally. */
  readonly width: number;
  /** Room left of the plot (the y axis'), which a rotated label may run into. */
  readonly left: number;
  /** Room right of the plot. */
  readonly right: number;
  /** From the axis' line to the labels' top: the ticks and the gap. */
  readonly offset: number;
  /** The tallest the axis may be. */
  readonly maxSize: number;
}

export interface CategoryAxisLayout {
  /** Degrees uPlot turns the labels by (45: rising to the right, ending at their tick). */
  readonly rotate: 0 | 45;
  /** One per category, as drawn ("\n" between wrapped lines); null where left out. */
  readonly labels: readonly (string | null)[];
  /** Where the label drawn is not the whole one (shortened or left out). */
  readonly shortened: readonly boolean[];
  /** The axis' height, CSS px. */
  readonly size: number;
}

const MAX_LINES = 3;
const ELLIPSIS = '…';
/** Ink height of a line of text, in font sizes (ascenders, accents and descenders). */
const TEXT_HEIGHT = 1.25;
/** The least free space between two labels, in font sizes. */
const SPACING = 0.6;

/**
 * `text` wrapped at spaces into lines no wider than `max`; undefined when a word is wider. A
 * number stays with the word after it, its unit ("30 s", "10 min").
 */
export function wrapWords(text: string, max: number, measure: (s: string) => number): string[] | undefined {
  const words: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (words.length > 0 && /^\d[\d.,]*$/.test(words[words.length - 1])) words[words.length - 1] += ` ${word}`;
    else words.push(word);
  }
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (measure(word) > max) return undefined;
    const longer = line ? `${line} ${word}` : word;
    if (measure(longer) <= max) line = longer;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The longest start of `text` that, followed by "…", is no wider than `max` (the whole text when it fits). */
export function shorten(text: string, max: number, measure: (s: string) => number): string | undefined {
  if (measure(text) <= max) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length - 1;
  // The most characters that fit, by bisection (widths grow with the length).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join('').trimEnd()}${ELLIPSIS}`) <= max) lo = mid;
    else hi = mid - 1;
  }
  const start = chars.slice(0, lo).join('').trimEnd();
  return start ? `${start}${ELLIPSIS}` : undefined;
}

export function layoutCategoryAxis(labels: readonly string[], font: AxisFont, room: AxisRoom, ordered = false): CategoryAxisLayout {
  const n = Math.max(1, labels.length);
  const slot = room.width / n;
  const spacing = SPACING * font.size;
  const textHeight = TEXT_HEIGHT * font.size;
  const widths = labels.map((l) => font.measure(l));
  const widest = Math.max(0, ...widths);
  const flatSize = room.offset + textHeight + 1;
  const whole = labels.map(() => false);

  // Every label on one line.
  if (widest + spacing <= slot) return { rotate: 0, labels, shortened: whole, size: flatSize };

  if (ordered) {
    // Every k-th, on one line; one that would run off the chart's edge is left out as well.
    const k = Math.ceil((widest + spacing) / slot);
    const end = room.left + room.width + room.right;
    const shown = labels.map((l, i) => {
      const centre = room.left + (i + 0.5) * slot;
      return i % k === 0 && centre - widths[i] / 2 >= 0 && centre + widths[i] / 2 <= end ? l : null;
    });
    return { rotate: 0, labels: shown, shortened: shown.map((l) => l === null), size: flatSize };
  }

  // Wrapped at spaces, up to three lines.
  const wrapped = labels.map((l) => wrapWords(l, slot - spacing, font.measure));
  if (wrapped.every((w) => w !== undefined && w.length <= MAX_LINES)) {
    const lines = Math.max(1, ...wrapped.map((w) => w!.length));
    const size = room.offset + (lines - 1) * font.lineHeight + textHeight + 1;
    if (size <= room.maxSize) return { rotate: 0, labels: wrapped.map((w) => w!.join('\n')), shortened: whole, size };
  }

  // Rotated 45°, each label ending at its tick. Two neighbours are parallel strips slot × sin 45°
  // apart: every k-th label only when that is less than a line's height. Each label no longer
  // than the axis' height allows, nor than the room left of its tick (the y axis' included).
  const s = Math.SQRT1_2;
  const k = Math.max(1, Math.ceil((textHeight + 2) / (slot * s)));
  const byHeight = (room.maxSize - room.offset - 1) / s - textHeight / 2;
  let longest = 0;
  const shown = labels.map((l, i) => {
    if (i % k !== 0) return null;
    const tick = room.left + (i + 0.5) * slot;
    const max = Math.min(byHeight, (tick - 1) / s - textHeight / 2);
    const text = max > 0 ? shorten(l, max, font.measure) : undefined;
    if (text === undefined) return null;
    longest = Math.max(longest, text === l ? widths[i] : font.measure(text));
    return text;
  });
  return {
    rotate: 45,
    labels: shown,
    shortened: shown.map((l, i) => l !== labels[i]),
    size: Math.ceil(room.offset + (longest + textHeight / 2) * s + 1),
  };
}
