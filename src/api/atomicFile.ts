// A file that appears whole or not at all: written to a temporary file next to it, flushed to
// disk, and renamed into place only when complete. Temporary files are named recognisably, so
// that ours (and only ours) can be removed when the extension stops and swept later if it died.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** `.<target name>.<8 hex>.voice-ai-export.tmp`: only these are ever swept. */
const TEMP_SUFFIX = '.voice-ai-export.tmp';
const TEMP_NAME = /^\..+\.[0-9a-f]{8}\.voice-ai-export\.tmp$/;

/** Temporary files being written by this process, removed by removeTemporaryFiles(). */
const live = new Set<string>();

function temporaryPath(target: string): string {
  const p = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  live.add(p);
  return p;
}

async function discard(temp: string): Promise<void> {
  live.delete(temp);
  await fs.unlink(temp).catch(() => undefined);
}

export interface AtomicWriteOptions {
  readonly signal?: AbortSignal;
  /**
   * Called once everything is written: a replacement for the file's first `length` bytes (e.g. a
   * head whose count turned out different), or undefined to keep the file as written.
   */
  readonly replaceStart?: () => { readonly length: number; readonly text: string } | undefined;
}

/**
 * Writes `content` to `targetPath` atomically and returns the bytes written. A cancelled or
 * failed write leaves `targetPath` as it was and no temporary file behind.
 *
 * Chunks of an iterable `content` are written one at a time: the stream's high-water mark of one
 * byte makes every write wait for the previous one to reach the file, so a producer may fill the
 * same buffer again once it is asked for the next chunk.
 */
export async function writeFileAtomically(targetPath: string, content: string | AsyncIterable<Uint8Array>, options: AtomicWriteOptions = {}): Promise<number> {
  const { signal } = options;
  const target = path.resolve(targetPath);
  const mine: string[] = [];
  const newTemporary = (): string => {
    const p = temporaryPath(target);
    mine.push(p);
    return p;
  };
  let temp = newTemporary();
  try {
    let bytes = 0;
    const counted = async function* (): AsyncGenerator<Uint8Array | string> {
      if (typeof content === 'string') {
        bytes += Buffer.byteLength(content);
        yield content;
        return;
      }
      for await (const chunk of content) {
        bytes += chunk.byteLength;
        yield chunk;
      }
    };
    await pipeline(counted, createWriteStream(temp, { flags: 'wx', flush: true, highWaterMark: 1 }), { signal });
    const start = options.replaceStart?.();
    if (start) {
      // Read back through a stream of its own: the file was written through a write-only handle.
      const rewritten = newTemporary();
      const head = Buffer.from(start.text, 'utf8');
      await pipeline(
        async function* () {
          yield head;
          yield* createReadStream(temp, { start: start.length });
        },
        createWriteStream(rewritten, { flags: 'wx', flush: true }),
        { signal },
      );
      bytes += head.byteLength - start.length;
      await discard(temp);
      temp = rewritten;
    }
    if (signal?.aborted) throw signal.reason;
    await fs.rename(temp, target);
    live.delete(temp);
    await syncDirectory(path.dirname(target));
    return bytes;
  } catch (error) {
    await Promise.all(mine.map(discard));
    throw error;
  }
}

/**
 * Removes the temporary files this process is writing, at once (synchronously: VS Code may
 * end the extension host right after deactivate). The writes they belong to then fail.
 */
export function removeTemporaryFiles(): void {
  for (const p of live) {
    try {
      unlinkSync(p);
    } catch {
      // Already gone (renamed into place, or removed by its own failure).
    }
  }
  live.clear();
}

/**
 * Removes our temporary files older than `maxAgeMs` from `folder` (left by a window that was
 * closed or crashed mid-export). Files of another name, and young ones (an export still running
 * in another window), are left alone. Returns the paths removed.
 */
export async function removeStaleTemporaryFiles(folder: string, maxAgeMs: number, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => TEMP_NAME.test(n))) {
    const p = path.join(folder, name);
    try {
      const stat = await fs.lstat(p);
      if (!stat.isFile() || live.has(p) || now - stat.mtimeMs < maxAgeMs) continue;
      await fs.unlink(p);
      removed.push(p);
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
  return removed;
}

/** Makes the rename itself durable; not possible on every platform, so best effort. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse to sync a directory; the file itself is already on disk.
  }
}
