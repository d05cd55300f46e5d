// STUB (owned by the local API server work).
export {};
