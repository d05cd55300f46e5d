// The assistant tools, free of VS Code: run by the Language Model Tools (src/lm/) and by the
// MCP server (src/assistant/mcp/). A failure is never thrown at the host: it comes back as one
// sentence that says what happened and what to do, marked as an error.
import { isApiError } from '../api/errors';
import { NotConfiguredError } from '../services/errors';
import { SetupError, type AssistantBackend } from './backend';
import { callStats } from './callStats';
import { CALL_STATS, GET_CALL, SEARCH_CALLS, type ToolName } from './definitions';
import { getCall } from './getCall';
import { ToolInputError } from './input';
import { searchCalls, StoreNeededError } from './searchCalls';

export { SetupError, type AssistantBackend, type StoreAccess } from './backend';
export { TOOL_DEFINITIONS, TOOL_NAMES, BUDGETS, type ToolName, type ToolDefinition } from './definitions';

export interface ToolAnswer {
  readonly text: string;
  readonly isError: boolean;
}

const TOOLS: Readonly<Record<ToolName, (backend: AssistantBackend, input: unknown, signal?: AbortSignal) => Promise<string>>> = {
  [SEARCH_CALLS]: searchCalls,
  [GET_CALL]: getCall,
  [CALL_STATS]: callStats,
};

export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(TOOLS, name);
}

export async function runTool(name: string, input: unknown, backend: AssistantBackend, signal?: AbortSignal): Promise<ToolAnswer> {
  try {
    if (!isToolName(name)) throw new ToolInputError(`There is no tool ${JSON.stringify(name)}; the tools are ${Object.keys(TOOLS).join(', ')}.`);
    return { text: backend.redact(await TOOLS[name](backend, input, signal)), isError: false };
  } catch (error) {
    return { text: backend.redact(errorSentence(name, error, backend)), isError: true };
  }
}

/** What went wrong, in a sentence or two the model can pass on or act on. */
export function errorSentence(tool: string, error: unknown, backend: AssistantBackend): string {
  if (error instanceof ToolInputError) return `Invalid input for ${tool}: ${error.message}`;
  if (error instanceof StoreNeededError || error instanceof SetupError) return error.message;
  if (error instanceof NotConfiguredError) {
    return error.reason === 'noToken'
      ? `No API token is set, so no call can be read. ${backend.setup.noToken}`
      : `No location (sub-account) id is set, so no call can be read. ${backend.setup.noLocation}`;
  }
  if (isApiError(error)) {
    switch (error.kind) {
      case 'unauthorized':
        return `${error.message} ${backend.setup.unauthorized}`;
      case 'rateLimited': {
        const wait = error.retryAfterMs !== undefined ? ` Wait ${Math.max(1, Math.ceil(error.retryAfterMs / 1000))} s, then call ${tool} again.` : ` Wait a minute, then call ${tool} again.`;
        return `${error.message}${wait}`;
      }
      case 'notFound':
        return `${error.message} Take call ids from ${SEARCH_CALLS}.`;
      case 'aborted':
        return 'The request was cancelled.';
      case 'invalidInput':
        return `Invalid input for ${tool}: ${error.message}`;
      default:
        return error.message;
    }
  }
  if (error instanceof Error && error.name === 'AbortError') return 'The request was cancelled.';
  return `${tool} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
}
