// Sample data's temporary store folders: named after their process; a killed window's folder is
// removed the next time one is made, a running one's never.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { makeTemporaryStoreFolder, sweepOrphanedStoreFolders } from '../../src/services/store/temporary';

describe('temporary store folders', () => {
  it("removes the folders of processes that are gone, keeps running ones' and anything else", async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'vai-temp-test-'));
    try {
      // A process that ran and ended: its pid is free.
      const child = spawn(process.execPath, ['-e', '']);
      const deadPid = child.pid!;
      await once(child, 'exit');
      for (const name of [`vai-sample-store-${deadPid}-aaaaaa`, `vai-sample-store-${process.pid}-bbbbbb`, 'vai-sample-store-cccccc', 'other-folder']) {
        fs.mkdirSync(path.join(parent, name));
        fs.writeFileSync(path.join(parent, name, 'calls.sqlite'), 'x');
      }
      const made = makeTemporaryStoreFolder(parent);
      assert.match(path.basename(made), new RegExp(`^vai-sample-store-${process.pid}-`));
      assert.deepEqual(
        fs.readdirSync(parent).sort(),
        [path.basename(made), `vai-sample-store-${process.pid}-bbbbbb`, 'vai-sample-store-cccccc', 'other-folder'].sort(),
      );
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('a parent folder that does not exist: nothing removed, no error', () => {
    const asked: number[] = [];
    assert.deepEqual(sweepOrphanedStoreFolders(path.join(os.tmpdir(), 'vai-no-such-folder-' + process.pid), (pid) => (asked.push(pid), false)), []);
    assert.deepEqual(asked, []);
  });
});
