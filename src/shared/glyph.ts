// The icons' data: a 16×16 icon as SVG shapes drawn with currentColor (the webview builds them
// into the DOM). Shared by the action-type registry and the panel's own icons.

export type Glyph = readonly (readonly [tag: 'path' | 'circle' | 'rect', attrs: Readonly<Record<string, string>>])[];

/** The outline style of every glyph. */
export const stroke = { fill: 'none', stroke: 'currentColor', 'stroke-width': '1.3', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' };
