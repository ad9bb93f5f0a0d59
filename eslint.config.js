// ESLint (flat config): typescript-eslint's recommended rules, no type-aware rules (so `npm run lint` stays fast).
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'models/**', 'data/**', 'test-artifacts/**', 'public/**', '**/*.js'] },
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
    },
  },
  {
    // Short units (issue 24): no function over 60 lines and no src/ file over 300 lines (blank lines and comments not
    // counted). Warnings, and `npm run lint` allows none: split by purpose; an eslint-disable comment saying why is
    // for data tables only. Left out for now: analytics, knowledge, nlu and cli/eval.ts (being split on branches
    // scale2/kb2) and config/config.ts (loadConfig, 102 lines: its schema is being reworked on the config-docs
    // branch); widen this to all of src/ once those are merged.
    files: ['src/**/*.ts'],
    ignores: ['src/analytics/**', 'src/knowledge/**', 'src/nlu/**', 'src/cli/eval.ts', 'src/config/config.ts'],
    rules: {
      'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true }],
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
);
