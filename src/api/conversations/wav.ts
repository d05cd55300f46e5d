// The little of the WAV (RIFF) format the client needs: whether bytes start a WAV file, and how
// long the file says it is, so that a recording cut off without a Content-Length is still noticed.

/** Bytes needed to read the header fields below. */
export const WAV_HEAD_BYTES = 12;

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

/** True when `head` (the first 12 bytes or more) starts a RIFF/WAVE file. */
export function isWav(head: Uint8Array): boolean {
  return head.byteLength >= WAV_HEAD_BYTES && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WAVE';
}

/**
 * The file's length as its RIFF header gives it, or undefined when it does not say (a streaming
 * writer may leave 0 or 0xFFFFFFFF there).
 */
export function declaredWavLength(head: Uint8Array): number | undefined {
  if (!isWav(head)) return undefined;
  const size = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(4, true);
  return size === 0 || size === 0xffffffff ? undefined : size + 8;
}
