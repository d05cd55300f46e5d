// STUB (owned by the call panel work): the browser side of the call details panel.
export {};
