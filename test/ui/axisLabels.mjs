// Where the dashboard's chart labels land on screen, for the UI tests: no two labels of an axis
// may overlap, and none may be cut off by the edge of its chart, at any panel width.
//
// uPlot draws its axis labels on the chart's canvas: there is no element per label to ask for
// its box. So the test records what is drawn: in the webview it wraps each chart canvas's
// context (fillText, and clearRect that starts every redraw) and takes each text's ink box from
// the canvas's own measureText (with the font, alignment and baseline in force) and the
// transform in force (uPlot's rotation included). The code under test is not asked where it put
// anything. The heat map's hour labels are HTML: their text's boxes come from a DOM Range.
import * as assert from 'node:assert/strict';

/** Installs the recorders on the canvases of the charts `ids` (once per drawn chart). */
async function record(frame, ids) {
  await frame.locator('body').evaluate((_, chartIds) => {
    const store = (window.__axisLabels ??= {});
    for (const id of chartIds) {
      const canvas = document.querySelector(`#${id} canvas`);
      if (!canvas) throw new Error(`#${id} has no canvas`);
      const ctx = canvas.getContext('2d');
      if (store[id]?.canvas === canvas) continue;
      const rec = (store[id] = { canvas, draws: 0, texts: [], size: [0, 0] });
      const { fillText, clearRect } = ctx;
      ctx.clearRect = function (x, y, w, h) {
        // uPlot's draw starts by clearing the whole canvas: a new set of labels follows.
        if (x === 0 && y === 0 && w === canvas.width && h === canvas.height) {
          rec.draws++;
          rec.texts = [];
          rec.size = [canvas.width, canvas.height];
        }
        return clearRect.call(this, x, y, w, h);
      };
      ctx.fillText = function (text, x, y, maxWidth) {
        const s = String(text);
        if (s.trim() !== '') {
          const m = this.measureText(s);
          const t = this.getTransform();
          const l = x - m.actualBoundingBoxLeft;
          const r = x + m.actualBoundingBoxRight;
          const top = y - m.actualBoundingBoxAscent;
          const bottom = y + m.actualBoundingBoxDescent;
          const at = (px, py) => [t.a * px + t.c * py + t.e, t.b * px + t.d * py + t.f];
          rec.texts.push({ text: s, anchor: at(x, y), corners: [at(l, top), at(r, top), at(r, bottom), at(l, bottom)] });
        }
        return fillText.call(this, text, x, y, maxWidth);
      };
    }
  }, ids);
}

/** How many times each chart has been drawn since it was recorded. */
function draws(frame, ids) {
  return frame.locator('body').evaluate((_, chartIds) => chartIds.map((id) => window.__axisLabels?.[id]?.draws ?? 0), ids);
}

/**
 * The labels of the last drawing of each chart, in the webview's CSS px relative to the
 * canvas, sorted into the x axis (under the plot) and the y axis (left of it), with the
 * canvas's and the plot's boxes.
 */
function snapshot(frame, ids) {
  return frame.locator('body').evaluate((_, chartIds) => {
    const out = {};
    for (const id of chartIds) {
      const rec = window.__axisLabels[id];
      const canvas = rec.canvas;
      const cb = canvas.getBoundingClientRect();
      const ratio = canvas.width / cb.width;
      const ob = document.querySelector(`#${id} .u-over`).getBoundingClientRect();
      const plot = { left: ob.left - cb.left, top: ob.top - cb.top, right: ob.right - cb.left, bottom: ob.bottom - cb.top };
      const css = ([x, y]) => [x / ratio, y / ratio];
      const labels = rec.texts.map((t) => ({ text: t.text, anchor: css(t.anchor), corners: t.corners.map(css) }));
      out[id] = {
        width: cb.width,
        height: cb.height,
        drawnAt: rec.size,
        current: [canvas.width, canvas.height],
        plot,
        // The y axis' numbers end left of the plot (its 0 level with the plot's bottom).
        x: labels.filter((l) => l.anchor[0] > plot.left && l.anchor[1] >= plot.bottom - 0.5),
        y: labels.filter((l) => l.anchor[0] <= plot.left),
      };
    }
    // The heat map's hour labels: the boxes of their text (which may overflow its cell).
    const range = document.createRange();
    out.heatHours = [...document.querySelectorAll('#heatmap .heat-hour')]
      .filter((e) => (e.textContent ?? '').trim() !== '')
      .map((e) => {
        range.selectNodeContents(e);
        const b = range.getBoundingClientRect();
        return { text: e.textContent, corners: [[b.left, b.top], [b.right, b.top], [b.right, b.bottom], [b.left, b.bottom]] };
      });
    const hb = document.querySelector('#heatmap .heatmap')?.getBoundingClientRect();
    out.heatBox = hb ? { left: hb.left, top: hb.top, right: hb.right, bottom: hb.bottom } : undefined;
    return out;
  }, ids);
}

/** Whether two convex polygons overlap by more than `slack` px (separating axis test). */
function overlap(a, b, slack = 0.5) {
  for (const poly of [a, b]) {
    for (let i = 0; i < poly.length; i++) {
      const [x1, y1] = poly[i];
      const [x2, y2] = poly[(i + 1) % poly.length];
      const len = Math.hypot(x2 - x1, y2 - y1) || 1;
      const n = [-(y2 - y1) / len, (x2 - x1) / len];
      const span = (p) => p.map(([x, y]) => x * n[0] + y * n[1]);
      const sa = span(a);
      const sb = span(b);
      if (Math.min(Math.max(...sa), Math.max(...sb)) - Math.max(Math.min(...sa), Math.min(...sb)) <= slack) return false;
    }
  }
  return true;
}

/** What is wrong with one drawing: overlapping labels of an axis, labels cut off by the canvas. */
function problems(shot, ids) {
  const found = [];
  for (const id of ids) {
    const c = shot[id];
    for (const axis of ['x', 'y']) {
      const labels = c[axis];
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) {
          if (overlap(labels[i].corners, labels[j].corners)) found.push(`${id} ${axis} axis: "${labels[i].text}" overlaps "${labels[j].text}"`);
        }
        const xs = labels[i].corners.map((p) => p[0]);
        const ys = labels[i].corners.map((p) => p[1]);
        // The canvas clips what is drawn past its edges.
        if (Math.min(...xs) < -0.5 || Math.max(...xs) > c.width + 0.5 || Math.min(...ys) < -0.5 || Math.max(...ys) > c.height + 0.5) {
          found.push(`${id} ${axis} axis: "${labels[i].text}" is cut off (${xs.map(Math.round)} × ${ys.map(Math.round)} in a ${Math.round(c.width)} × ${Math.round(c.height)} chart)`);
        }
      }
    }
  }
  const hours = shot.heatHours;
  for (let i = 0; i < hours.length; i++) {
    for (let j = i + 1; j < hours.length; j++) {
      if (overlap(hours[i].corners, hours[j].corners)) found.push(`heat map: hour "${hours[i].text}" overlaps "${hours[j].text}"`);
    }
    const b = shot.heatBox;
    const xs = hours[i].corners.map((p) => p[0]);
    if (b && (Math.min(...xs) < b.left - 0.5 || Math.max(...xs) > b.right + 0.5)) found.push(`heat map: hour "${hours[i].text}" sticks out of the map`);
  }
  return found;
}

/**
 * Resizes the workbench's browser window to each of `widths` (narrower than it is), then back to
 * its own width, and checks each chart's labels after it redrew at that width. At its own width
 * (the widest) `full` (chart id -> its categories' full labels) must be drawn whole, every one.
 * With `screenshots`, saves `<screenshots>-<width>.png` of each chart's section at each width
 * (to look at what was checked).
 */
export async function checkAxisLabels(ui, frame, ids, { widths, full = {}, screenshots }) {
  const original = ui.page.viewportSize();
  const frameHandle = await (await frame.locator('body').elementHandle()).ownerFrame();
  await record(frame, ids);
  const found = [];
  try {
    for (const width of [...widths, original.width]) {
      const before = await draws(frame, ids);
      await ui.page.setViewportSize({ width, height: original.height });
      // Evidence of the redraw: every chart drawn again, its last drawing at the canvas's present size.
      await frameHandle.waitForFunction(
        ({ chartIds, counts }) =>
          chartIds.every((id, i) => {
            const rec = window.__axisLabels[id];
            return rec.draws > counts[i] && rec.size[0] === rec.canvas.width && rec.size[1] === rec.canvas.height;
          }),
        { chartIds: ids, counts: before },
        { timeout: 20_000 },
      );
      const shot = await snapshot(frame, ids);
      if (screenshots) for (const id of ids) await ui.screenshot(`${screenshots}-${id}-${width}`, frame.locator(`#${id}`));
      for (const p of problems(shot, ids)) found.push(`at ${width} px (charts ${Math.round(shot[ids[0]].width)} px wide): ${p}`);
      for (const id of ids) if (shot[id].x.length === 0) found.push(`at ${width} px: ${id} has no label under its bars`);
      if (width === original.width) {
        for (const [id, labels] of Object.entries(full)) {
          // Every category's label drawn, whole (a wrapped label's lines joined by spaces).
          const drawn = shot[id].x.map((l) => l.text).join(' ');
          if (drawn !== labels.join(' ')) found.push(`at ${width} px: ${id} draws "${drawn}", not its labels "${labels.join(' ')}"`);
        }
      }
    }
  } finally {
    await ui.page.setViewportSize(original);
  }
  assert.deepEqual(found, [], found.join('\n'));
}
