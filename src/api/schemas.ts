// STUB (owned by the API client work): zod schemas written from the spec.
export type Agent = { id: string; agentName?: string; [k: string]: unknown };
export type CallLog = { id: string; agentId: string; [k: string]: unknown };
