const { TIERS } = require('./test/tiers');

const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] };

/** @type {import('jest').Config} */
module.exports = {
  // One project per tier (test/tiers.js): `npm test` runs the fast one, `npm run test:all` every one.
  projects: Object.entries(TIERS).map(([name, tier]) => ({
    displayName: name,
    testEnvironment: 'node',
    // functions/ is a root so that coverage also counts the files no test loads.
    roots: ['<rootDir>/test', '<rootDir>/functions'],
    testMatch: tier.folders.map((folder) => `<rootDir>/test/${folder}/**/*.test.ts`),
    transform,
    // A tier that needs something beyond Node fails each of its files, saying what is missing and how to get it.
    setupFilesAfterEnv: tier.needs.map((need) => `<rootDir>/test/support/needs/${need}.ts`),
  })),
  // Integration and e2e tests start real servers; keep the machine's two cores for them.
  maxWorkers: 2,
  // The slowest files first, even without jest's cache (test/support/sequencer.js).
  testSequencer: '<rootDir>/test/support/sequencer.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 30000,
  coverageProvider: 'v8',
  collectCoverageFrom: ['functions/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  // Over every tier on 2026-12-06 it was 91.19 % of statements and lines, 80.61 % of branches, 88.64 % of
  // functions (docs/testing.md): these floors keep it from going down.
  coverageThreshold: { global: { statements: 91, branches: 80, functions: 88, lines: 91 } },
};
