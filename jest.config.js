/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // release/ (npm run release) holds a second package.json of the same name.
  modulePathIgnorePatterns: ['<rootDir>/release/'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
  // The web pages' bundles (public/app.js, ...), built from src/web/ when a source is newer (scripts/buildWeb.js).
  globalSetup: '<rootDir>/scripts/jestGlobalSetup.js',
};
