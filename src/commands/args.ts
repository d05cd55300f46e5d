// What a command was given: nothing (the palette, a view-title button), a string (another
// command, a keybinding, a test), a node of the Agents & Calls tree (a click, a context menu,
// an inline button) or a call log (the call panel). Read in one place so that every command
// understands the same arguments.
import { looksLikeCallLog } from '../panels/callPanel';
import { AgentNode, AllCallsNode, CallNode, ErrorNode, LoadMoreNode, MessageNode, SearchHitNode, type CallsTreeNode } from '../views/nodes';

export interface CommandArgument {
  /** A node of our tree, as VS Code passes it. */
  readonly node?: CallsTreeNode;
  /** A call log: a call node's, or an object with a string id and agentId given as such. */
  readonly callLog?: { readonly id: string; readonly agentId: string };
  /** The string given (trimmed; undefined when empty), or the id of the call log given. */
  readonly callId?: string;
  /** An agent: an agent node's, or an object with a string id given as such. */
  readonly agent?: { readonly id: string; readonly agentName?: string };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isTreeNode(value: unknown): value is CallsTreeNode {
  return [AgentNode, AllCallsNode, CallNode, LoadMoreNode, ErrorNode, MessageNode, SearchHitNode].some((type) => value instanceof type);
}

export function readArgument(arg: unknown): CommandArgument {
  if (typeof arg === 'string') return { callId: arg.trim() || undefined };
  // A node says what it is: its own ids (agent/…, all/call/…) are paths in the tree, not API ids.
  if (isTreeNode(arg)) {
    switch (arg.kind) {
      case 'agent':
        return { node: arg, agent: arg.agent };
      case 'call':
      case 'searchHit':
        return { node: arg, callLog: arg.callLog, callId: arg.callLog.id };
      default:
        return { node: arg };
    }
  }
  if (!isRecord(arg)) return {};
  // Anything else is taken as the thing itself (or as { callLog } / { agent } holding it).
  const call = 'callLog' in arg ? arg.callLog : arg;
  const agent = 'agent' in arg ? arg.agent : arg;
  return {
    callLog: looksLikeCallLog(call) ? call : undefined,
    callId: isRecord(call) && typeof call.id === 'string' && call.id !== '' ? call.id : undefined,
    agent:
      isRecord(agent) && typeof agent.id === 'string'
        ? { id: agent.id, agentName: typeof agent.agentName === 'string' ? agent.agentName : undefined }
        : undefined,
  };
}
