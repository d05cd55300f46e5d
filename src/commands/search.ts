// Search Calls… (view title and palette): full-text search over the stored calls' summaries,
// transcripts and caller numbers, answered by the local store (no request). The results replace
// the agents in the view until Clear Search; each opens its call with the words marked.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { failureMessage, safeText } from '../services/errors';
import type { CallsView } from '../views/callsView';
import { storeMissing } from './store';
import { formatNumber } from '../shared/locale';

/** Results shown at most (newest first). */
export const SEARCH_LIMIT = 200;

export interface SearchOutcome {
  readonly query: string;
  readonly count: number;
}

export function registerSearchCommands(context: vscode.ExtensionContext, services: Services, callsView: CallsView): void {
  let lastQuery = '';
  const search = async (arg?: unknown): Promise<SearchOutcome | undefined> => {
    const missing = storeMissing(services);
    if (missing) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Search Calls searches the calls stored on this computer. {0}', missing));
      return undefined;
    }
    const store = services.store.get()!;
    const query =
      typeof arg === 'string'
        ? arg
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Search Calls'),
            prompt: vscode.l10n.t('Words or part of a phone number, in the summaries, transcripts and caller numbers of the stored calls (case and accents do not matter)'),
            placeHolder: vscode.l10n.t('e.g. refund, reembolso, +1 312'),
            value: lastQuery,
            ignoreFocusOut: true,
            validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Type a word or a number.') : v.length > 200 ? vscode.l10n.t('At most 200 characters.') : undefined),
          });
    if (query === undefined || query.trim() === '') return undefined;
    const text = query.trim().slice(0, 200);
    lastQuery = text;
    try {
      const started = performance.now();
      const hits = store.search(text, { limit: SEARCH_LIMIT });
      // Counts only: the words searched for stay out of the log.
      const rss = __TEST_HOOKS__ ? `, extension host RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(1)} MB` : '';
      services.log.info(`Search: ${hits.length} result${hits.length === 1 ? '' : 's'} in ${Math.round(performance.now() - started)} ms${rss}.`);
      const coverage = store.coverage();
      const note = services.store.syncing()
        ? vscode.l10n.t('Among the {0} calls stored so far (the sync is still running).', formatNumber(coverage.callCount))
        : !coverage.complete
          ? vscode.l10n.t('Among the {0} calls stored so far (older calls are not stored yet: Sync Now).', formatNumber(coverage.callCount))
          : undefined;
      callsView.provider.showSearch(text, hits, SEARCH_LIMIT, note);
      void vscode.commands.executeCommand('voiceAi.calls.focus');
      return { query: text, count: hits.length };
    } catch (error) {
      services.log.error(`Search failed: ${failureMessage(error)}`);
      void vscode.window.showErrorMessage(safeText(vscode.l10n.t('Voice AI: the search failed: {0}', failureMessage(error))));
      return undefined;
    }
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('voiceAi.searchCalls', search),
    vscode.commands.registerCommand('voiceAi.clearSearch', () => callsView.provider.clearSearch()),
  );
}
