// undici's index pulls in fetch, WebSocket, the cache and the mock agent (~250 KB in the
// bundle) though we only need its connection pool and `request`: import those modules
// alone. undici is pinned to an exact version in package.json, so these internal paths
// cannot move under us; the unit tests exercise both.
declare module 'undici/lib/dispatcher/pool' {
  import { Pool } from 'undici';
  export = Pool;
}

declare module 'undici/lib/api/api-request' {
  import type { Dispatcher } from 'undici';
  /** undici's `Dispatcher#request`, which its index attaches to the prototype; call it with the pool as `this`. */
  function request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  export = request;
}
