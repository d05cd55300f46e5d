// An agent named by the model: its id, or its name (exactly, or a part only one agent's name has).
import type { Agent } from '../api/schemas';
import { isId } from '../services/ids';
import { ToolInputError } from './input';
import { oneLine } from './text';

export function agentsById(agents: readonly Agent[]): Map<string, Agent> {
  return new Map(agents.map((a) => [a.id, a]));
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

function listed(agents: readonly Agent[]): string {
  const shown = agents.slice(0, 8).map((a) => `“${oneLine(a.agentName, 60)}” (${a.id})`);
  return `${shown.join(', ')}${agents.length > shown.length ? ` and ${agents.length - shown.length} more` : ''}`;
}

/** The agent id for `text`; a ToolInputError that lists candidates when it names none or several. */
export function resolveAgent(text: string, agents: readonly Agent[]): string {
  const byId = agents.find((a) => a.id === text);
  if (byId) return byId.id;
  const wanted = fold(text);
  const exact = agents.filter((a) => fold(a.agentName) === wanted);
  if (exact.length === 1) return exact[0].id;
  if (exact.length > 1) throw new ToolInputError(`Several agents are named ${JSON.stringify(text)}: ${listed(exact)}. Give the agent's id.`);
  const partial = agents.filter((a) => fold(a.agentName).includes(wanted));
  if (partial.length === 1) return partial[0].id;
  if (partial.length > 1) throw new ToolInputError(`${JSON.stringify(text)} matches several agents: ${listed(partial)}. Give more of the name, or the id.`);
  // Not in the list: perhaps a deleted agent's id, whose calls the API still has.
  if (isId(text) && /\d/.test(text)) return text;
  throw new ToolInputError(
    agents.length === 0 ? `No agent is named ${JSON.stringify(text)}: this location has no agents.` : `No agent is named ${JSON.stringify(text)}. The agents are: ${listed(agents)}.`,
  );
}
