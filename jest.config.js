/** Two projects: `unit` (pure logic and fakes, next to the code) and `e2e` (real PostgreSQL, Redis, Temporal). */
const moduleNameMapper = {
  '^@avrr/workflows/(.*)$': '<rootDir>/workflows/$1',
  '^@avrr/(domain|config|persistence|temporal|auth|queues|projection|observability)$': '<rootDir>/libs/$1/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] };
module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{apps,libs,workflows}/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      moduleNameMapper,
      transform,
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      moduleNameMapper,
      transform,
      testTimeout: 120000,
      globalSetup: '<rootDir>/test/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/e2e-timeouts.ts'],
    },
  ],
};
