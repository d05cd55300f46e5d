// Sample data's store lives in a temporary folder, removed when sample data stops. A window that
// was killed leaves its folder behind: each folder is named after the process that made it, and
// folders of processes no longer running are removed the next time one is made.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PREFIX = 'vai-sample-store-';

/** A new temporary folder for sample data's store, named after this process. */
export function makeTemporaryStoreFolder(parent = os.tmpdir()): string {
  sweepOrphanedStoreFolders(parent);
  return fs.mkdtempSync(path.join(parent, `${PREFIX}${process.pid}-`));
}

/** Removes the folders whose process is gone; returns their names. Never throws. */
export function sweepOrphanedStoreFolders(parent = os.tmpdir(), isRunning: (pid: number) => boolean = processIsRunning): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(/^vai-sample-store-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || isRunning(pid)) continue;
    try {
      fs.rmSync(path.join(parent, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // in use or not ours to remove: left for next time
    }
  }
  return removed;
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: running, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
