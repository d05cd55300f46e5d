import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/harness/node_modules/**', 'test/harness/.cache/**', '.vscode-test/**', '**/*.d.ts'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
      // The l10n check (test/unit/l10n.test.ts) finds strings as @vscode/l10n-dev does: only a
      // literal first argument. A variable or template would reach users untranslated, unseen.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='t'][callee.object.name='l10n'] > :first-child[type!='Literal'][type!='ObjectExpression'].arguments",
          message: "l10n.t takes a string literal ('Text {0}', arg): the l10n check cannot see anything else.",
        },
        {
          selector: "CallExpression[callee.property.name='t'][callee.object.property.name='l10n'] > :first-child[type!='Literal'][type!='ObjectExpression'].arguments",
          message: "vscode.l10n.t takes a string literal ('Text {0}', arg): the l10n check cannot see anything else.",
        },
      ],
    },
  },
  {
    // The API client must stay independent of VS Code so that it can run (and be
    // benchmarked) in plain Node; undici only through its public entry point.
    files: ['src/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/api/ must not depend on VS Code.' }],
          patterns: [
            { group: ['**/services/*', '**/views/*', '**/panels/*', '**/webview/*', '**/commands/*', '**/shared/*', '**/extension'], message: 'src/api/ must not depend on the layers above it.' },
            { group: ['undici/*'], message: "Import from 'undici': its lib/ files are private and change without notice." },
          ],
        },
      ],
    },
  },
  {
    // The call store's engine and sync run, are tested and benchmarked in plain Node (the store
    // tests on Node 24, the fallback on Node 20); only service.ts, which opens a store per
    // account under globalStorageUri, talks to VS Code.
    files: ['src/services/store/**/*.ts'],
    ignores: ['src/services/store/service.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The store engine must not depend on VS Code (only service.ts does).' }],
          patterns: [{ group: ['**/views/*', '**/panels/*', '**/webview/*', '**/commands/*', '**/extension'], message: 'The store engine must not depend on the layers above it.' }],
        },
      ],
    },
  },
  {
    // The assistant tools run in the extension host (the Language Model Tools, src/lm/) and in the
    // MCP server, a plain Node process (dist/mcp-server.js): no VS Code here.
    files: ['src/assistant/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/assistant/ runs in the MCP server too: no VS Code (adapters live in src/lm/).' }],
          patterns: [{ group: ['**/lm/*', '**/commands/*', '**/views/*', '**/extension', '**/services/store/service'], message: 'src/assistant/ must not depend on VS Code modules.' }],
        },
      ],
    },
  },
  {
    // The browser side of the webview has no access to the vscode module or Node.
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The webview runs in a browser.' }] }],
    },
  },
  {
    // Shared with the webview bundle: zod and the client must not reach the browser; types
    // from src/api are erased and welcome (the action-type registry is typed by the schemas).
    files: ['src/shared/**/*.ts', 'src/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'zod stays out of the webview bundle.' }],
          patterns: [{ group: ['**/api/*'], allowTypeImports: true, message: 'Only types from src/api here (`import type`): its code pulls zod and undici.' }],
        },
      ],
    },
  },
);
