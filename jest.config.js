/**
 * Two Jest projects (README, "Tests"):
 *  - fast: every `*.test.ts` that is NOT named `*.full.test.ts` — unit, engine (fixture content + stub recognizer),
 *    content/validation and in-process server tests. No Chromium, no Redis, no trained model, no build, no spawned app.
 *    `npm run test:fast` (the minute-by-minute loop).
 *  - full: the `*.full.test.ts` files — what needs a trained model (models/ from `npm run train`), Redis, Chromium,
 *    the compiled app (dist/) or a spawned process. `npm test` runs both projects.
 * test/testLayout.test.ts (fast) fails when a fast file reaches for one of those.
 * @type {import('jest').Config}
 */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // release/ (npm run release) holds a second package.json of the same name.
  modulePathIgnorePatterns: ['<rootDir>/release/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};

module.exports = {
  testTimeout: 60000,
  // The web pages' bundles (public/app.js, ...), built from src/web/ when a source is newer (scripts/buildWeb.js).
  globalSetup: '<rootDir>/scripts/jestGlobalSetup.js',
  projects: [
    { ...shared, displayName: 'fast', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['\\.full\\.test\\.ts$', '/node_modules/'] },
    { ...shared, displayName: 'full', testMatch: ['**/*.full.test.ts'] },
  ],
};
