// Marks a search's words in the call panel: wherever they occur in the summary, the transcripts
// and the caller's number, case and accents ignored ("cafe" marks "Café"), as the store's search
// matched them. Text nodes are split and wrapped in <mark> elements: nothing is parsed as HTML.

/** Lower case without accents, one entry per UTF-16 unit of the result, mapped back to `text`. */
function fold(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(i);
  return { folded, origin };
}

/** The words to mark: letters and digits of each word of the query (single characters only when alone). */
export function highlightTerms(query: string): string[] {
  const words = query
    .split(/\s+/)
    .map((w) => fold(w).folded.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w !== '');
  const terms = words.length > 1 ? words.filter((w) => w.length > 1) : words;
  return [...new Set(terms)].sort((a, b) => b.length - a.length);
}

/** [start, end) ranges of `text` where a term occurs, merged, in order. */
export function matchRanges(text: string, terms: readonly string[]): [number, number][] {
  if (terms.length === 0) return [];
  const { folded, origin } = fold(text);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + term.length)) {
      ranges.push([origin[at], origin[at + term.length]]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

/** Removes earlier marks (their text stays). */
export function clearHighlights(root: ParentNode): void {
  for (const mark of root.querySelectorAll('mark.search-match')) {
    const parent = mark.parentNode;
    mark.replaceWith(document.createTextNode(mark.textContent ?? ''));
    parent?.normalize();
  }
}

/** Marks the terms of `query` inside `containers`; returns the marks, in document order. */
export function highlight(containers: Iterable<Element>, query: string): HTMLElement[] {
  const terms = highlightTerms(query);
  const marks: HTMLElement[] = [];
  if (terms.length === 0) return marks;
  for (const container of containers) {
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    for (const node of nodes) {
      const ranges = matchRanges(node.data, terms);
      // From the end, so that the offsets before stay valid while splitting.
      const found: HTMLElement[] = [];
      for (let k = ranges.length - 1; k >= 0; k--) {
        const [start, end] = ranges[k];
        const middle = node.splitText(start);
        middle.splitText(end - start);
        const mark = document.createElement('mark');
        mark.className = 'search-match';
        mark.textContent = middle.data;
        middle.replaceWith(mark);
        found.unshift(mark);
      }
      marks.push(...found);
    }
  }
  return marks;
}
