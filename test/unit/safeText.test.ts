// Server text in notifications: VS Code makes `[label](command:…)` in a notification a link that
// runs the command; safeText must leave no such link while keeping the words.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureMessage, safeText } from '../../src/services/errors';
import { ApiError } from '../../src/api/errors';

// VS Code's own pattern for links in notifications (src/vs/base/common/linkedText.ts).
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

describe('safeText', () => {
  const hostile = [
    '[Re-enter your token](command:voiceAi.clearToken)',
    'Denied. [docs](https://evil.example/x "title") and [open](file:///etc/passwd)',
    '[a]  (command:workbench.action.terminal.new)',
    '[[nested](command:x)](command:y)',
  ];
  it('leaves no link VS Code would render, and keeps the words', () => {
    for (const text of hostile) {
      const safe = safeText(text);
      assert.equal(safe.match(LINK), null, safe);
      assert.equal(safe.replace(/\s/g, ''), text.replace(/\s/g, ''), 'only spacing changes');
    }
    assert.equal(safeText('Plain [note] (ok)'), 'Plain [note] (ok)');
  });

  it('covers failure messages built from an API error', () => {
    const err = new ApiError('unauthorized', 'x', { status: 401, messages: ['[Fix it](command:voiceAi.clearToken)'] });
    assert.equal(safeText(failureMessage(err)).match(LINK), null);
  });
});
