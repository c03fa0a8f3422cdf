/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Dynamic import() needs the '.js' extension under TypeScript's node16 rules (src/container/aws.ts);
  // the tests run the .ts sources.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  // Two cores on CI: two workers keep moto and the suites from starving each other.
  maxWorkers: 2,
  // A worker that ran the heavy suites (accept, crash, peering, playground) finishes its JS and fires
  // 'exit' at once, with nothing left open, but then spends ~0.5 s more in Node's own teardown before
  // the process is gone; Jest's default 500 ms budget then kills it and prints "A worker process has
  // failed to exit gracefully". Give the exit the time it takes (a real leak still hangs past this).
  workerGracefulExitTimeout: 5000,
};
