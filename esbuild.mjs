// Bundles the extension (Node, CommonJS) with undici apart, the webview script (browser, IIFE),
// the sample API server that "Try Sample Data" loads lazily and the MCP server (a process of its
// own, sharing dist/undici.js). esbuild does not type-check:
// `npm run typecheck` does.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// Test hooks (the webview's DOM snapshot, render waits, request counts, the demo token) are
// built into development builds, which the tests and the demo run; the release build has
// `__TEST_HOOKS__` false, so minification drops them from the VSIX.
const define = { __TEST_HOOKS__: String(!production) };
// The extension host is Node: nothing in our bundles should probe for a browser. VS Code
// (1.101+) logs an error when an extension reads the global `navigator` (zod's eval probe
// does while its schemas are built), so the bare identifier is compiled away.
const nodeDefine = { ...define, navigator: 'undefined' };

// undici (about 520 KB) is a file of its own, required when the first API client is made: the
// activation neither parses nor runs it (its parse alone cost about 30 ms of CPU).
const undiciApart = {
  name: 'undici-apart',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true }));
  },
};

// The call panel's translations travel in its HTML (src/panels/webviewL10n.ts): only the strings
// the webview's own sources pass to l10n.t, listed here from the files esbuild bundled, so that
// a panel does not carry the extension's whole bundle.
const webviewL10nKeys = {
  name: 'webview-l10n-keys',
  setup(build) {
    build.onEnd(async (result) => {
      if (!result.metafile) return;
      const sources = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('src/') && f.endsWith('.ts'));
      const strings = await getL10nJson(sources.map((f) => ({ extension: path.extname(f), contents: fs.readFileSync(f, 'utf8') })));
      fs.writeFileSync('dist/webview-l10n-keys.json', `${JSON.stringify(Object.keys(strings).sort())}\n`);
    });
  },
};

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'info',
  legalComments: production ? 'none' : 'inline',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    define: nodeDefine,
    plugins: [undiciApart],
  },
  {
    ...common,
    entryPoints: ['node_modules/undici/index.js'],
    outfile: 'dist/undici.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    define: nodeDefine,
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    define,
    metafile: true,
    plugins: [webviewL10nKeys],
  },
  {
    // The analytics dashboard: a bundle of its own (uPlot and its CSS, dist/webview-analytics.css), so
    // that the call panel's bundle does not grow.
    ...common,
    entryPoints: ['src/webview/analytics/main.ts'],
    outfile: 'dist/webview-analytics.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    define,
  },
  {
    // Kept out of the extension bundle: loaded only when the user asks for sample data.
    ...common,
    entryPoints: ['test/api-server/server.ts'],
    outfile: 'dist/sample-api-server.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    define: nodeDefine,
  },
  {
    // The MCP server: started by VS Code (or any MCP client) as `node dist/mcp-server.js`.
    ...common,
    entryPoints: ['src/assistant/mcp/server.ts'],
    outfile: 'dist/mcp-server.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    define: nodeDefine,
    plugins: [undiciApart],
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
