// ESLint (flat config): typescript-eslint's recommended rules, plus one type-aware rule (no-floating-promises, through
// the TypeScript project service: a promise nobody awaits loses its error).
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  {
    ignores: [
      'dist/**', 'release/**', 'node_modules/**', 'models/**', 'data/**', 'test-artifacts/**', '**/*.js',
      // The web pages' bundles, built from src/web/ (linted there) by scripts/buildWeb.js; public/webchat.js is Web Chat's.
      'public/app.js', 'public/embed.js', 'public/webchat.js', 'public/admin/admin.js', 'public/agent/agent.js',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // A leading underscore marks a name that is deliberately unused: a field dropped by rest destructuring
      // (`const { eTag: _eTag, ...rest } = item`) or a parameter a signature requires.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // `import x = require('natural/lib/natural/...')` is TypeScript's typed CommonJS import (natural's submodules
      // have no ES exports); wink-bm25-text-search ships no types and is loaded with a typed require.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true, allow: ['^wink-bm25-text-search$'] }],
      // typescript-eslint's recommended set leaves this to TypeScript, which only hints at unreachable code.
      'no-unreachable': 'error',
      // A promise that is neither awaited, returned, caught nor marked `void` loses its rejection.
      '@typescript-eslint/no-floating-promises': 'error',
    },
    // tsconfig.test.json covers src/, test/, bench/ and scripts/ (tsconfig.json leaves out test/); src/web/tsconfig.json the pages.
    languageOptions: { parserOptions: { project: ['./tsconfig.test.json', './src/web/tsconfig.json'], tsconfigRootDir: __dirname } },
  },
  {
    // The web pages run in the browser: Node.js globals would type-check (src/web/tsconfig.json reads server types
    // with Node.js types) and then fail at run time.
    files: ['src/web/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate'],
    },
  },
  {
    // Short units (issue 24): no function over 60 lines and no src/ file over 300 lines (blank lines and comments not
    // counted). Warnings, and `npm run lint` allows none: split by purpose; an eslint-disable comment saying why is
    // for data tables only. The web pages (src/web) too.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true }],
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
);
