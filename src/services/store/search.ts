// Free text as a full-text query, and the sentence that matched. Words are matched by prefix
// ("refund" finds "refunds"), all of them (AND), with accents and case ignored on both sides:
// SQLite's unicode61 tokenizer with remove_diacritics folds the stored text, fold() below the
// snippet search. A query that looks like a phone number ("+1 312", "(312) 555") is also
// matched against the callers' numbers as digits, anywhere in the number.

/** Letters and digits runs, as unicode61 splits them. */
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

export interface SearchPlan {
  /** An FTS5 MATCH expression, or undefined when the text has no word. */
  readonly match?: string;
  /** Digits to find in callers' numbers (3 or more), when the text is only a number. */
  readonly digits?: string;
  /** The folded words, for snippets. */
  readonly words: readonly string[];
}

export function searchPlan(text: string): SearchPlan {
  const words = [...text.matchAll(TOKEN)].map((m) => m[0]);
  const folded = words.map(fold).filter((w) => w !== '');
  // Each word quoted (FTS5 syntax characters in it are then plain text), matched as a prefix.
  const match = folded.length > 0 ? folded.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' AND ') : undefined;
  const phoneLike = /^[\s\d+\-().]+$/.test(text.trim());
  const digits = phoneLike ? text.replace(/\D/g, '') : '';
  return { match, digits: digits.length >= 3 ? digits : undefined, words: folded };
}

/** Lower case without accents: "Café" -> "cafe". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const SNIPPET_MAX = 160;

/**
 * The first sentence (or transcript line) of `text` that holds a word of the query, trimmed to
 * about 160 characters around the match; undefined when none does.
 */
export function snippetOf(text: string | undefined, words: readonly string[]): string | undefined {
  if (!text || words.length === 0) return undefined;
  const pieces = text.split(/\n+|(?<=[.!?])\s+/);
  let best: { piece: string; at: number; score: number } | undefined;
  for (const piece of pieces) {
    const folded = fold(piece);
    // Folding can change lengths (rare ligatures); positions are then approximate, never wrong text.
    let score = 0;
    let at = -1;
    for (const word of words) {
      const i = wordStart(folded, word);
      if (i >= 0) {
        score++;
        if (at < 0 || i < at) at = i;
      }
    }
    if (score > 0 && (!best || score > best.score)) best = { piece: piece.trim(), at, score };
    if (best && best.score === words.length) break;
  }
  if (!best) return undefined;
  const { piece, at } = best;
  if (piece.length <= SNIPPET_MAX) return piece;
  const start = Math.max(0, Math.min(at - 40, piece.length - SNIPPET_MAX));
  return `${start > 0 ? '…' : ''}${piece.slice(start, start + SNIPPET_MAX).trim()}${start + SNIPPET_MAX < piece.length ? '…' : ''}`;
}

/** Where `word` starts a word of `text` (both folded), -1 if nowhere. */
function wordStart(text: string, word: string): number {
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if (i === 0 || !/[\p{L}\p{N}]/u.test(text[i - 1])) return i;
  }
  return -1;
}
