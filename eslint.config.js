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
);
