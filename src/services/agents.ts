// The location's agents, fetched (every page) once and kept until a refresh or a change of
// connection, so that expanding an agent or naming one in a filter costs no request.
import type { Agent } from '../api/schemas';
import type { AgentDirectory, ConnectionService } from './index';

export class Agents implements AgentDirectory {
  private cache: Promise<readonly Agent[]> | undefined;
  private readonly names = new Map<string, string>();

  constructor(private readonly connection: ConnectionService) {}

  list(signal?: AbortSignal): Promise<readonly Agent[]> {
    if (!this.cache) {
      const pending = this.connection
        .getClient()
        .then((client) => client.listAgents(undefined, signal))
        .then((agents) => {
          this.names.clear();
          for (const agent of agents) {
            if (typeof agent.agentName === 'string' && agent.agentName.trim() !== '') {
              this.names.set(agent.id, agent.agentName);
            }
          }
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

  nameOf(agentId: string): string | undefined {
    return this.names.get(agentId);
  }

  invalidate(): void {
    this.cache = undefined;
  }
}
