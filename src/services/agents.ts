// The location's agents, fetched (every page) once and kept until a refresh or a change of
// connection, so that expanding an agent or naming one in a filter costs no request. With the
// local store, the stored agent list is used (no request: the warm start) and every list fetched
// is stored; agents deleted since they were stored keep their names and are marked deleted.
import type { Agent } from '../api/schemas';
import type { AgentDirectory, ConnectionService } from './index';
import type { CallStore } from './store/types';

export class Agents implements AgentDirectory {
  private cache: Promise<readonly Agent[]> | undefined;
  /** The agents the cache resolved to, for an answer without waiting. */
  private settled: readonly Agent[] | undefined;
  private readonly names = new Map<string, string>();
  private readonly deleted = new Set<string>();

  constructor(
    private readonly connection: ConnectionService,
    /** The account's local store, when it is on and available. */
    private readonly store: () => CallStore | undefined = () => undefined,
  ) {}

  list(signal?: AbortSignal): Promise<readonly Agent[]> {
    if (!this.cache) this.listedNow();
    if (!this.cache) {
      const pending = this.connection
        .getClient()
        .then((client) => client.listAgents(undefined, signal))
        .then((agents) => {
          this.store()?.putAgents(agents);
          this.remember(agents);
          if (this.cache === pending) this.settled = agents;
          return agents as readonly Agent[];
        });
      this.cache = pending;
      // A failed or aborted load is not cached: the next call tries again.
      pending.catch(() => {
        if (this.cache === pending) {
          this.cache = undefined;
        }
      });
    }
    return this.cache;
  }

  /**
   * The agents when they are at hand (held, or in the local store), without waiting: the tree then
   * answers at once, with no progress bar flashing in the view (the warm start).
   */
  listedNow(): readonly Agent[] | undefined {
    if (!this.cache) {
      const stored = this.storedAgents();
      if (stored) {
        this.settled = stored;
        this.cache = Promise.resolve(stored);
      }
    }
    return this.settled;
  }

  /** The store's agents (those still listed by the API), or undefined when it has none. */
  private storedAgents(): readonly Agent[] | undefined {
    const stored = this.store()?.agents();
    if (!stored || stored.length === 0) return undefined;
    this.remember(stored.map((s) => s.agent));
    this.deleted.clear();
    for (const s of stored) if (s.deleted) this.deleted.add(s.agent.id);
    return stored.filter((s) => !s.deleted).map((s) => s.agent);
  }

  private remember(agents: readonly Agent[]): void {
    this.names.clear();
    this.deleted.clear();
    for (const agent of agents) {
      if (typeof agent.agentName === 'string' && agent.agentName.trim() !== '') {
        this.names.set(agent.id, agent.agentName);
      }
    }
  }

  nameOf(agentId: string): string | undefined {
    return this.names.get(agentId);
  }

  isDeleted(agentId: string): boolean {
    return this.deleted.has(agentId);
  }

  invalidate(): void {
    this.cache = undefined;
    this.settled = undefined;
  }
}
