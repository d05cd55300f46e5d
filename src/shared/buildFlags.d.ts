// Set by esbuild (esbuild.mjs `define`): true in development builds (tests, demo), false in
// the release build, whose minifier then drops the code it guards.
declare const __TEST_HOOKS__: boolean;
