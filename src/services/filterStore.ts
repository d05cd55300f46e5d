// The current call filter, kept in workspace state so that it survives a reload.
import * as vscode from 'vscode';
import type { CallLogFilter } from '../api/callLogQuery';
import type { AgentDirectory, FilterService, FilterState, SettingsService } from './index';
import { describeFilter, filterStateToApi, isFilterActive, validateFilterState } from './filterState';

const STATE_KEY = 'voiceAi.filter';

export class FilterStore implements FilterService, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private state: FilterState;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly settings: SettingsService,
    private readonly agents: AgentDirectory,
    log: vscode.LogOutputChannel,
  ) {
    try {
      this.state = validateFilterState(memento.get<unknown>(STATE_KEY));
    } catch (err) {
      // A stored filter from an older version or edited by hand: start clean rather than fail.
      log.warn(`Ignoring the saved filter: ${err instanceof Error ? err.message : String(err)}`);
      this.state = {};
    }
    void this.syncContext();
  }

  private syncContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', 'voiceAi.filterActive', this.isActive());
  }

  current(): FilterState {
    return this.state;
  }

  isActive(): boolean {
    return isFilterActive(this.state);
  }

  toApiFilter(now: Date = new Date()): CallLogFilter {
    return filterStateToApi(this.state, this.settings.timeZone(), now.getTime());
  }

  describe(): string {
    // The zone only shows with a date range; its first lookup loads the zone data (tens of ms,
    // at activation when the view is described).
    const zone = this.state.dateRange ? this.settings.timeZone() : '';
    return describeFilter(this.state, zone, (id) => this.agents.nameOf(id));
  }

  async set(state: FilterState): Promise<void> {
    this.state = validateFilterState(state);
    await this.memento.update(STATE_KEY, this.isActive() ? this.state : undefined);
    await this.syncContext();
    this.emitter.fire();
  }

  clear(): Promise<void> {
    return this.set({});
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
