// 16×16 glyphs drawn with currentColor, so they follow the theme. Built with the DOM (no
// markup strings) and bundled: no icon font, nothing fetched. The glyphs of the action types
// are in their registry entries (src/shared/actionTypes.ts) and come with the view model;
// these are the panel's own.
import { stroke, type Glyph } from '../shared/glyph';

const SHAPES = {
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
} satisfies Record<string, Glyph>;

const SVG_NS = 'http://www.w3.org/2000/svg';

export function icon(glyph: keyof typeof SHAPES | Glyph, className = 'icon'): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', className);
  for (const [tagName, attrs] of typeof glyph === 'string' ? SHAPES[glyph] : glyph) {
    const shape = document.createElementNS(SVG_NS, tagName);
    for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, v);
    svg.append(shape);
  }
  return svg;
}
