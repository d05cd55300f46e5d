// Without node:sqlite (Node 20, as desktop VS Code before 1.101 runs extensions) the store says
// why it is unavailable and nothing throws: the extension then reads the API as it always did.
// On a Node that has it, the same call opens a store (the store tests run there: test/store/).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { openCallStore } from '../../src/services/store/open';
import { sqliteAvailability } from '../../src/services/store/sqlite';

function nodeHasSqlite(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- exactly what the store does
    require('node:sqlite');
    return true;
  } catch {
    return false;
  }
}

describe('call store availability', () => {
  it('reports unavailable with a reason when this Node has no node:sqlite, and opens otherwise', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vai-store-fallback-'));
    try {
      const file = path.join(dir, 'calls.sqlite');
      const opened = openCallStore({ file, account: { baseUrl: 'https://example.test', locationId: 'loc1' } });
      if (nodeHasSqlite()) {
        assert.ok(opened.ok, opened.ok ? '' : opened.reason);
        opened.store.close();
      } else {
        assert.equal(opened.ok, false);
        assert.match(opened.ok ? '' : opened.reason, /Node 22\.13 or later, VS Code 1\.101 or later/);
        assert.equal(sqliteAvailability().ok, false, 'checked once, same answer');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
