// The first part of a WAV file as a WAV file of its own: what the player plays while the rest
// is still arriving. Its header's two sizes are rewritten to the part's length (a player given
// the whole file's sizes with half its bytes stops or waits). Pure: bytes in, bytes out.

export interface WavPrefix {
  /** The part's bytes: a copy of the header with its sizes patched, then the part's samples. */
  readonly parts: readonly Uint8Array[];
  /** How long the part plays, in milliseconds. */
  readonly durationMs: number;
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

/**
 * `chunks` (the file's first bytes, the header in the first chunk) as a playable WAV file, or
 * undefined when the header cannot be read (then the player waits for the whole file).
 */
export function wavPrefix(chunks: readonly Uint8Array[]): WavPrefix | undefined {
  const first = chunks[0];
  if (!first || first.byteLength < 44 || ascii(first, 0) !== 'RIFF' || ascii(first, 8) !== 'WAVE') return undefined;
  const view = new DataView(first.buffer, first.byteOffset, first.byteLength);
  let byteRate: number | undefined;
  let blockAlign = 1;
  // Chunks after "WAVE": "fmt " gives the rate, "data" starts the samples.
  for (let at = 12; at + 8 <= first.byteLength; ) {
    const id = ascii(first, at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 24 <= first.byteLength) {
      byteRate = view.getUint32(at + 16, true);
      blockAlign = Math.max(1, view.getUint16(at + 20, true));
    }
    if (id === 'data') {
      if (!byteRate) return undefined;
      const dataStart = at + 8;
      const length = chunks.reduce((n, c) => n + c.byteLength, 0);
      // Whole sample frames only.
      const dataBytes = Math.floor((length - dataStart) / blockAlign) * blockAlign;
      if (dataBytes <= 0) return undefined;
      const head = first.slice(0, Math.min(first.byteLength, dataStart + dataBytes));
      const headView = new DataView(head.buffer);
      headView.setUint32(4, dataStart + dataBytes - 8, true);
      headView.setUint32(at + 4, dataBytes, true);
      const parts: Uint8Array[] = [head];
      let left = dataStart + dataBytes - head.byteLength;
      for (let i = 1; i < chunks.length && left > 0; i++) {
        const c = chunks[i].byteLength <= left ? chunks[i] : chunks[i].subarray(0, left);
        parts.push(c);
        left -= c.byteLength;
      }
      return { parts, durationMs: (dataBytes / byteRate) * 1000 };
    }
    at += 8 + size + (size % 2);
  }
  return undefined;
}
