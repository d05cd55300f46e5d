// STUB (owned by the API client work).
import type { Agent, CallLog } from './schemas';
import type { CallLogFilter } from './filter';
export interface CallLogsPage { total: number; page: number; pageSize: number; callLogs: CallLog[] }
export class VoiceAiClient {
  listCallLogs(_filter: CallLogFilter, _page: number, _signal?: AbortSignal): Promise<CallLogsPage> { throw new Error('not implemented'); }
  getCallLog(_callId: string, _signal?: AbortSignal): Promise<CallLog> { throw new Error('not implemented'); }
  listAgents(_query?: string, _signal?: AbortSignal): Promise<Agent[]> { throw new Error('not implemented'); }
  getAgent(_agentId: string, _signal?: AbortSignal): Promise<Agent> { throw new Error('not implemented'); }
}
