// Filter Calls (a multi-step QuickPick with Back, where every step can be kept as is) and
// Clear Filter. The answers become a FilterState through the pure answersToFilterState, and
// `voiceAi.filterCalls` also takes a FilterState argument (for tests and keybindings).
import * as vscode from 'vscode';
import type { FilterState, Services } from '../services';
import { ACTION_TYPES } from '../api/schemas';
import { actionTypeDisplay } from '../shared/actionTypes';
import {
  answersToFilterState,
  describeFilter,
  parseContactIds,
  sortWords,
  validateFilterState,
  type FilterAnswers,
  type StepAnswer,
} from '../services/filterState';
import { failureMessage, safeText } from '../services/errors';
import {
  DATE_PRESETS,
  presetTitle,
  formatCivilDate,
  isValidTimeZone,
  parseCivilDate,
  presetDays,
  validateCustomRange,
  type DatePreset,
} from '../services/zones';

const BACK = Symbol('back');
type Back = typeof BACK;

interface Item<T> extends vscode.QuickPickItem {
  readonly value?: T;
}

interface StepInfo {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
}

/** One QuickPick step; resolves to the chosen items, BACK, or undefined when dismissed. */
function pick<T>(info: StepInfo, placeholder: string, items: Item<T>[], canPickMany = false): Promise<Item<T>[] | Back | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<Item<T>>();
    Object.assign(qp, info);
    qp.placeholder = placeholder;
    qp.items = items;
    qp.canSelectMany = canPickMany;
    qp.ignoreFocusOut = true;
    qp.matchOnDescription = true;
    qp.buttons = info.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    if (canPickMany) {
      qp.selectedItems = items.filter((i) => i.picked);
    } else {
      const active = items.find((i) => i.picked);
      if (active) qp.activeItems = [active];
    }
    let done = false;
    const finish = (value: Item<T>[] | Back | undefined) => {
      if (!done) {
        done = true;
        resolve(value);
        qp.dispose();
      }
    };
    qp.onDidTriggerButton(() => finish(BACK));
    qp.onDidAccept(() => finish(canPickMany ? [...qp.selectedItems] : [...qp.activeItems]));
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

/** One InputBox step that refuses invalid input with a message. */
function input(info: StepInfo, options: { prompt: string; value: string; placeholder?: string; validate: (v: string) => string | undefined }): Promise<string | Back | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    Object.assign(box, info);
    box.prompt = options.prompt;
    box.value = options.value;
    box.placeholder = options.placeholder;
    box.ignoreFocusOut = true;
    box.buttons = info.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    let done = false;
    const finish = (value: string | Back | undefined) => {
      if (!done) {
        done = true;
        resolve(value);
        box.dispose();
      }
    };
    box.onDidChangeValue((v) => {
      box.validationMessage = options.validate(v);
    });
    box.onDidTriggerButton(() => finish(BACK));
    box.onDidAccept(() => {
      const problem = options.validate(box.value);
      box.validationMessage = problem;
      if (!problem) finish(box.value);
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}

const KEEP = { keep: true } as const;
const CLEAR = { clear: true } as const;

function keepItem<T>(current: string): Item<StepAnswer<T>> {
  return { label: `$(check) ${vscode.l10n.t('Keep as is')}`, description: current, value: KEEP, picked: true };
}

type Draft = { -readonly [K in keyof FilterAnswers]: FilterAnswers[K] };

/** Runs the steps; returns the answers, or undefined if the user dismissed the flow. */
async function askFilter(services: Services): Promise<FilterAnswers | undefined> {
  const current = services.filter.current();
  const zone = services.settings.timeZone();
  const draft: Draft = {};
  const title = vscode.l10n.t('Voice AI: Filter Calls');
  const totalSteps = 6;
  const info = (step: number): StepInfo => ({ title, step, totalSteps });
  let rangeZone = current.timeZone ?? zone;

  const steps: Array<() => Promise<boolean | Back | undefined>> = [
    // 1. Agent
    async () => {
      let agentItems: Item<StepAnswer<string>>[] = [];
      try {
        const agents = await services.agents.list();
        agentItems = [...agents]
          .sort((a, b) => String(a.agentName ?? '').localeCompare(String(b.agentName ?? '')))
          .map((a) => ({ label: `$(hubot) ${String(a.agentName ?? a.id)}`, description: [a.language, a.inboundNumber].filter((x) => typeof x === 'string').join(' · '), value: { set: a.id } }));
      } catch (err) {
        // Still let the user set the other parts of the filter.
        agentItems = [{ label: `$(warning) ${vscode.l10n.t('Agents could not be loaded')}`, detail: failureMessage(err), value: KEEP }];
      }
      const currentName = current.agentId ? (services.agents.nameOf(current.agentId) ?? current.agentId) : vscode.l10n.t('all agents');
      const r = await pick(info(1), vscode.l10n.t('Which agent?'), [keepItem<string>(currentName), { label: vscode.l10n.t('All agents'), value: CLEAR }, ...agentItems]);
      if (r === BACK || r === undefined) return r;
      draft.agent = r[0]?.value ?? KEEP;
      return true;
    },
    // 2. Contact ids
    async () => {
      const r = await input(info(2), {
        prompt: vscode.l10n.t('Contact ids, separated by commas or spaces. Empty: any contact. Enter keeps what is shown.'),
        value: (current.contactIds ?? []).join(', '),
        placeholder: vscode.l10n.t('any contact'),
        validate: (v) => {
          const parsed = parseContactIds(v);
          return 'error' in parsed ? parsed.error : undefined;
        },
      });
      if (r === BACK || r === undefined) return r;
      draft.contactIds = { set: r };
      return true;
    },
    // 3. Call type
    async () => {
      const now = current.callType === 'LIVE' ? vscode.l10n.t('live calls') : current.callType === 'TRIAL' ? vscode.l10n.t('trial calls') : vscode.l10n.t('all calls');
      const r = await pick<StepAnswer<'LIVE' | 'TRIAL'>>(info(3), vscode.l10n.t('Live calls, trial calls or both?'), [
        keepItem(now),
        { label: vscode.l10n.t('All calls'), value: CLEAR },
        { label: vscode.l10n.t('Live calls only'), value: { set: 'LIVE' } },
        { label: vscode.l10n.t('Trial calls only'), description: vscode.l10n.t('test calls made from the agent builder'), value: { set: 'TRIAL' } },
      ]);
      if (r === BACK || r === undefined) return r;
      draft.callType = r[0]?.value ?? KEEP;
      return true;
    },
    // 4. Action types (multi-select; none = any)
    async () => {
      const chosen = new Set(current.actionTypes ?? []);
      const items: Item<string>[] = [...ACTION_TYPES, ...[...chosen].filter((t) => !(ACTION_TYPES as readonly string[]).includes(t))].map((t) => ({
        label: actionTypeDisplay(t)?.plural ?? t,
        description: t,
        value: t,
        picked: chosen.has(t),
      }));
      const r = await pick(info(4), vscode.l10n.t('Calls where the agent did any of these (none: any call)'), items, true);
      if (r === BACK || r === undefined) return r;
      draft.actionTypes = { set: r.map((i) => i.value).filter((v): v is string => v !== undefined) };
      return true;
    },
    // 5. Date range (in the chosen zone), with a way to change that zone
    async () => {
      for (;;) {
        const now = Date.now();
        const span = (p: DatePreset) => {
          const { from, to } = presetDays(p, rangeZone, now);
          const a = formatCivilDate(from);
          const b = formatCivilDate(to);
          return a === b ? a : `${a} – ${b}`;
        };
        type RangeChoice = StepAnswer<NonNullable<FilterState['dateRange']>> | 'custom' | 'zone';
        const currentRange = describeFilter({ dateRange: current.dateRange, timeZone: current.timeZone }, zone, () => undefined) || vscode.l10n.t('any time');
        const r = await pick<RangeChoice>(info(5), vscode.l10n.t('Date range, in {0}', rangeZone), [
          keepItem(currentRange),
          { label: vscode.l10n.t('Any time'), value: CLEAR },
          ...DATE_PRESETS.map((p) => ({ label: presetTitle(p), description: span(p), value: { set: { preset: p } } })),
          { label: vscode.l10n.t('Custom range…'), description: vscode.l10n.t('from – to, YYYY-MM-DD'), value: 'custom' },
          { label: `$(globe) ${vscode.l10n.t('Time zone: {0}', rangeZone)}`, description: vscode.l10n.t('change…'), value: 'zone' },
        ]);
        if (r === BACK || r === undefined) return r;
        const choice = r[0]?.value ?? KEEP;
        if (choice === 'zone') {
          const z = await input(info(5), {
            prompt: vscode.l10n.t('IANA time zone the date range is meant in (empty: the voiceAi.timeZone setting).'),
            value: rangeZone,
            placeholder: zone,
            validate: (v) =>
              v.trim() === '' || isValidTimeZone(v.trim()) ? undefined : vscode.l10n.t('"{0}" is not an IANA time zone, e.g. America/Chicago or Asia/Kolkata.', v.trim()),
          });
          if (z === undefined) return undefined;
          if (z !== BACK) {
            rangeZone = z.trim() === '' ? zone : z.trim();
            draft.timeZone = rangeZone === zone ? CLEAR : { set: rangeZone };
          }
          continue;
        }
        if (choice === 'custom') {
          const existing = current.dateRange && 'from' in current.dateRange ? current.dateRange : undefined;
          const from = await input(info(5), {
            prompt: vscode.l10n.t('First day (YYYY-MM-DD, in {0})', rangeZone),
            value: existing?.from ?? '',
            placeholder: formatCivilDate(presetDays('last7', rangeZone, now).from),
            validate: (v) => (parseCivilDate(v) ? undefined : validateCustomRange(v, v)),
          });
          if (from === undefined) return undefined;
          if (from === BACK) continue;
          const to = await input(info(5), {
            prompt: vscode.l10n.t('Last day, included (YYYY-MM-DD, in {0})', rangeZone),
            value: existing?.to ?? from.trim(),
            validate: (v) => validateCustomRange(from, v),
          });
          if (to === undefined) return undefined;
          if (to === BACK) continue;
          draft.dateRange = { set: { from: from.trim(), to: to.trim() } };
          return true;
        }
        draft.dateRange = choice;
        return true;
      }
    },
    // 6. Sort
    async () => {
      type Sort = { sortBy: 'createdAt' | 'duration'; sort: 'ascend' | 'descend' };
      const r = await pick<StepAnswer<Sort>>(info(6), vscode.l10n.t('Order of the calls'), [
        keepItem(sortWords(current.sortBy, current.sort)),
        { label: vscode.l10n.t('Newest first'), value: CLEAR },
        { label: vscode.l10n.t('Oldest first'), value: { set: { sortBy: 'createdAt', sort: 'ascend' } } },
        { label: vscode.l10n.t('Longest first'), value: { set: { sortBy: 'duration', sort: 'descend' } } },
        { label: vscode.l10n.t('Shortest first'), value: { set: { sortBy: 'duration', sort: 'ascend' } } },
      ]);
      if (r === BACK || r === undefined) return r;
      draft.sort = r[0]?.value ?? KEEP;
      return true;
    },
  ];

  let i = 0;
  while (i < steps.length) {
    const result = await steps[i]();
    if (result === undefined) return undefined;
    i = result === BACK ? Math.max(0, i - 1) : i + 1;
  }
  return draft;
}

export function registerFilterCommands(context: vscode.ExtensionContext, services: Services): void {
  const filterCalls = async (arg?: unknown): Promise<FilterState | undefined> => {
    try {
      let next: FilterState;
      if (arg !== undefined && arg !== null && typeof arg === 'object' && !('kind' in arg)) {
        // A FilterState passed by a test or a keybinding: checked like a stored one.
        next = validateFilterState(arg);
      } else {
        const answers = await askFilter(services);
        if (!answers) return undefined;
        next = answersToFilterState(services.filter.current(), answers);
      }
      await services.filter.set(next);
      services.log.info(`Filter: ${services.filter.describe() || 'none'}`);
      return services.filter.current();
    } catch (err) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Voice AI: invalid filter: {0}', safeText(failureMessage(err))));
      return undefined;
    }
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('voiceAi.filterCalls', filterCalls),
    // Same command with the filled icon, shown in the view title while a filter is active.
    vscode.commands.registerCommand('voiceAi.filterCallsActive', filterCalls),
    vscode.commands.registerCommand('voiceAi.clearFilter', async () => {
      await services.filter.clear();
      services.log.info('Filter cleared.');
    }),
  );
}
