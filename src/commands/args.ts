// What a command was given: nothing (the palette, a view-title button), a string (another
// command, a keybinding, a test), a node of the Agents & Calls tree (a click, a context menu,
// an inline button) or a call log (the call panel). Read in one place so that every command
// understands the same arguments.
import { looksLikeCallLog } from '../panels/callPanel';
import { AgentNode, AllCallsNode, CallNode, ErrorNode, LoadMoreNode, MessageNode, type CallsTreeNode } from '../views/nodes';

export interface CommandArgument {
  /** A node of our tree, as VS Code passes it. */
  readonly node?: CallsTreeNode;
  /** A string argument, trimmed; undefined when empty. */
  readonly text?: string;
  /** A call log: a call node's, or an object with a string id and agentId given as such. */
  readonly callLog?: { readonly id: string; readonly agentId: string };
  /** The string given, or the id of the call log (or call-like object) given. */
  readonly callId?: string;
  /** An agent: an agent node's, or an object with a string id given as such. */
  readonly agent?: { readonly id: string; readonly agentName?: string };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isTreeNode(value: unknown): value is CallsTreeNode {
  return [AgentNode, AllCallsNode, CallNode, LoadMoreNode, ErrorNode, MessageNode].some((type) => value instanceof type);
}

export function readArgument(arg: unknown): CommandArgument {
  if (typeof arg === 'string') {
    const text = arg.trim() || undefined;
    return { text, callId: text };
  }
  if (!isRecord(arg)) return {};
  // A node carries what it shows; anything else is taken as the thing itself.
  const call = 'callLog' in arg ? arg.callLog : arg;
  const agent = 'agent' in arg ? arg.agent : arg;
  const callId = isRecord(call) ? nonEmptyString(call.id) : undefined;
  return {
    node: isTreeNode(arg) ? arg : undefined,
    callLog: looksLikeCallLog(call) ? call : undefined,
    callId,
    agent:
      isRecord(agent) && typeof agent.id === 'string'
        ? { id: agent.id, agentName: typeof agent.agentName === 'string' ? agent.agentName : undefined }
        : undefined,
  };
}
