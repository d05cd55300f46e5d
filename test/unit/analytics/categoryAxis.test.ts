// The category labels' layout under the dashboard's bars: with a font of fixed-width characters
// (7 px each, 12 px high), the labels drawn never overlap nor leave the chart, whatever the width.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { layoutCategoryAxis, shorten, wrapWords, type AxisFont, type AxisRoom } from '../../../src/shared/categoryAxis';

const CHAR = 7;
const font: AxisFont = { measure: (s) => Array.from(s).length * CHAR, size: 12, lineHeight: 18 };
const room = (width: number): AxisRoom => ({ width, left: 40, right: 25, offset: 15, maxSize: 120 });

const DURATIONS = ['menos de 30 s', 'de 30 s a 1 min', 'de 1 min a 2 min', 'de 2 min a 3 min', 'de 3 min a 5 min', 'de 5 min a 10 min', 'de 10 min a 15 min', 'de 15 min a 20 min', '20 min o más'];
const TYPES = ['Extracción de datos', 'Reserva de cita', 'Transferencia de llamada', 'Disparador de workflow', 'Extracción de datos durante la llamada', 'Acción personalizada', 'Base de conocimiento'];

/** Each drawn label's box (CSS px from the canvas' left edge and the axis' top), as uPlot draws it. */
function boxes(labels: readonly string[], r: AxisRoom) {
  const layout = layoutCategoryAxis(labels, font, r);
  const slot = r.width / labels.length;
  const out: { i: number; corners: [number, number][] }[] = [];
  layout.labels.forEach((text, i) => {
    if (text === null) return;
    const tick = r.left + (i + 0.5) * slot;
    const lines = text.split('\n');
    if (layout.rotate === 0) {
      // Centred under the tick, lines one under the other, from the offset down.
      const w = Math.max(...lines.map(font.measure));
      const h = (lines.length - 1) * font.lineHeight + 1.2 * font.size;
      out.push({ i, corners: [[tick - w / 2, r.offset], [tick + w / 2, r.offset], [tick + w / 2, r.offset + h], [tick - w / 2, r.offset + h]] });
    } else {
      // Ending at the tick, rising 45° to the right; vertically centred on the line through it.
      const L = font.measure(text);
      const h = 1.2 * font.size;
      const s = Math.SQRT1_2;
      const at = (x: number, y: number): [number, number] => [tick + (x + y) * s, r.offset + (-x + y) * s];
      out.push({ i, corners: [at(-L, -h / 2), at(0, -h / 2), at(0, h / 2), at(-L, h / 2)] });
    }
  });
  return { layout, boxes: out };
}

function overlaps(a: [number, number][], b: [number, number][]): boolean {
  for (const poly of [a, b]) {
    for (let i = 0; i < poly.length; i++) {
      const [x1, y1] = poly[i];
      const [x2, y2] = poly[(i + 1) % poly.length];
      const n = [y1 - y2, x2 - x1];
      const pa = a.map(([x, y]) => x * n[0] + y * n[1]);
      const pb = b.map(([x, y]) => x * n[0] + y * n[1]);
      if (Math.max(...pa) <= Math.min(...pb) || Math.max(...pb) <= Math.min(...pa)) return false;
    }
  }
  return true;
}

describe('category axis labels', () => {
  it('wide enough: every label whole on one line', () => {
    const layout = layoutCategoryAxis(['SMS', 'Call transfer'], font, room(400));
    assert.deepEqual(layout.labels, ['SMS', 'Call transfer']);
    assert.equal(layout.rotate, 0);
    assert.deepEqual(layout.shortened, [false, false]);
  });

  it('the Spanish durations wrap onto lines when one line is too long, whole', () => {
    const layout = layoutCategoryAxis(DURATIONS, font, room(900));
    assert.equal(layout.rotate, 0);
    assert.equal(layout.labels[6], 'de 10 min a\n15 min');
    assert.equal(layout.labels[3], 'de 2 min a\n3 min', 'a number stays with its unit');
    assert.deepEqual(layout.labels.map((l) => l!.replace(/\n/g, ' ')), DURATIONS);
    assert.ok(layout.size >= 15 + 18 + 12, `${layout.size} px: room for two lines`);
  });

  it('too narrow to wrap: rotated, shortened with "…" to the room each has, never overlapping', () => {
    const layout = layoutCategoryAxis(TYPES, font, room(300));
    assert.equal(layout.rotate, 45);
    const long = layout.labels[4]!;
    assert.ok(long.endsWith('…') && TYPES[4].startsWith(long.slice(0, -1)), long);
    assert.equal(layout.shortened[4], true);
    assert.ok(layout.size <= 120, `${layout.size}`);
  });

  for (const [name, labels] of [['durations', DURATIONS], ['action types', TYPES]] as const) {
    it(`${name}: at any width, no two labels overlap and none leaves the chart or its axis`, () => {
      for (let width = 120; width <= 1400; width += 7) {
        const r = room(width);
        const { layout, boxes: drawn } = boxes(labels, r);
        assert.ok(drawn.length > 0, `${width}: some label drawn`);
        for (let a = 0; a < drawn.length; a++) {
          for (let b = a + 1; b < drawn.length; b++) {
            assert.ok(!overlaps(drawn[a].corners, drawn[b].corners), `${width} px: ${labels[drawn[a].i]} / ${labels[drawn[b].i]} (${JSON.stringify(layout.labels)})`);
          }
          for (const [x, y] of drawn[a].corners) {
            assert.ok(x >= 0 && x <= r.left + r.width + r.right, `${width} px: ${layout.labels[drawn[a].i]} at x ${x}`);
            assert.ok(y >= 0 && y <= layout.size, `${width} px: ${layout.labels[drawn[a].i]} at y ${y} of ${layout.size}`);
          }
        }
        assert.ok(layout.size <= r.maxSize, `${width} px: axis ${layout.size}`);
      }
    });
  }

  it('days (ordered): every k-th on one line, never turned; those left out are marked', () => {
    const days = Array.from({ length: 30 }, (_, i) => `Nov ${i + 1}`);
    const layout = layoutCategoryAxis(days, font, room(600), true);
    assert.equal(layout.rotate, 0);
    const shown = layout.labels.map((l, i) => (l === null ? -1 : i)).filter((i) => i >= 0);
    const k = shown[1] - shown[0];
    assert.ok(k > 1 && shown.every((i) => i % k === 0), JSON.stringify(shown));
    assert.ok((600 / 30) * k >= font.measure('Nov 30'), 'two shown days are at least a label apart');
    assert.deepEqual(layout.shortened, layout.labels.map((l) => l === null));
  });

  it('wrapWords and shorten', () => {
    assert.deepEqual(wrapWords('de 10 min a 15 min', 80, font.measure), ['de 10 min a', '15 min']);
    assert.deepEqual(wrapWords('menos de 30 s', 70, font.measure), ['menos de', '30 s']);
    assert.equal(wrapWords('Extracción de datos', 50, font.measure), undefined, 'a word wider than the line');
    assert.equal(shorten('Base de conocimiento', 200, font.measure), 'Base de conocimiento');
    assert.equal(shorten('Base de conocimiento', 63, font.measure), 'Base de…', 'no space before the ellipsis');
    assert.equal(shorten('Base de conocimiento', 70, font.measure), 'Base de c…');
    assert.equal(shorten('Base', 5, font.measure), undefined);
  });
});
