// 16×16 glyphs drawn with currentColor, so they follow the theme. Built with the DOM (no
// markup strings) and bundled: no icon font, nothing fetched.
import type { IconName } from '../shared/protocol';

type Shape = readonly [tag: 'path' | 'circle' | 'rect', attrs: Readonly<Record<string, string>>];

const stroke = { fill: 'none', stroke: 'currentColor', 'stroke-width': '1.3', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' };

const SHAPES: Record<IconName | 'copy' | 'refresh' | 'export', readonly Shape[]> = {
  // Handset with an outgoing arrow.
  transfer: [
    ['path', { ...stroke, d: 'M3 2.5h2l1 3-1.5 1a7 7 0 0 0 3 3l1-1.5 3 1v2a1.5 1.5 0 0 1-1.5 1.5A9.5 9.5 0 0 1 1.5 4 1.5 1.5 0 0 1 3 2.5z' }],
    ['path', { ...stroke, d: 'M10 2h4v4M14 2l-4 4' }],
  ],
  // Tag with a field line.
  extract: [
    ['path', { ...stroke, d: 'M2 2.5h6l6 6-5.5 5.5-6-6z' }],
    ['circle', { ...stroke, cx: '5', cy: '5.5', r: '1' }],
  ],
  // Tag with a live dot.
  inCallExtract: [
    ['path', { ...stroke, d: 'M2 2.5h6l6 6-5.5 5.5-6-6z' }],
    ['circle', { cx: '5', cy: '5.5', r: '1.4', fill: 'currentColor' }],
    ['path', { ...stroke, d: 'M12 1.5v3M10.5 3h3' }],
  ],
  // Three nodes, branching.
  workflow: [
    ['rect', { ...stroke, x: '1.5', y: '2', width: '4', height: '3', rx: '0.5' }],
    ['rect', { ...stroke, x: '10.5', y: '2', width: '4', height: '3', rx: '0.5' }],
    ['rect', { ...stroke, x: '10.5', y: '11', width: '4', height: '3', rx: '0.5' }],
    ['path', { ...stroke, d: 'M5.5 3.5h5M8 3.5v9h2.5' }],
  ],
  // Speech bubble.
  sms: [
    ['path', { ...stroke, d: 'M2 3h12v8H7l-3 2.5V11H2z' }],
    ['path', { ...stroke, d: 'M5 6h6M5 8.5h4' }],
  ],
  // Calendar with a check.
  booking: [
    ['rect', { ...stroke, x: '2', y: '3', width: '12', height: '11', rx: '1' }],
    ['path', { ...stroke, d: 'M2 6h12M5 1.5v3M11 1.5v3M6 10l1.5 1.5L10.5 8.5' }],
  ],
  // Braces.
  customAction: [['path', { ...stroke, d: 'M5.5 2.5C4 2.5 4 3.5 4 5s-.5 3-2 3c1.5 0 2 1.5 2 3s0 2.5 1.5 2.5M10.5 2.5C12 2.5 12 3.5 12 5s.5 3 2 3c-1.5 0-2 1.5-2 3s0 2.5-1.5 2.5' }]],
  // Open book.
  knowledgeBase: [
    ['path', { ...stroke, d: 'M8 4C6.5 2.8 4.5 2.5 1.5 2.5v10c3 0 5 .3 6.5 1.5 1.5-1.2 3.5-1.5 6.5-1.5v-10c-3 0-5 .3-6.5 1.5zM8 4v10' }],
  ],
  // Circle with a question mark.
  unknown: [
    ['circle', { ...stroke, cx: '8', cy: '8', r: '6.5' }],
    ['path', { ...stroke, d: 'M6.2 6.2a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.6' }],
    ['circle', { cx: '8', cy: '11.6', r: '0.8', fill: 'currentColor' }],
  ],
  copy: [
    ['rect', { ...stroke, x: '5', y: '5', width: '9', height: '9', rx: '1' }],
    ['path', { ...stroke, d: 'M11 5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h2' }],
  ],
  refresh: [['path', { ...stroke, d: 'M13.5 8A5.5 5.5 0 1 1 12 4.2M12.5 1.5v3h-3' }]],
  export: [['path', { ...stroke, d: 'M8 10V2M5 4.5 8 1.5l3 3M2.5 9v4.5h11V9' }]],
};

const SVG_NS = 'http://www.w3.org/2000/svg';

export function icon(name: keyof typeof SHAPES, className = 'icon'): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', className);
  for (const [tagName, attrs] of SHAPES[name]) {
    const shape = document.createElementNS(SVG_NS, tagName);
    for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, v);
    svg.append(shape);
  }
  return svg;
}
