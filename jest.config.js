/** @type {import('jest').Config} */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: __dirname,
  moduleNameMapper: { '^@tongxin/shared$': '<rootDir>/shared/src/index.ts' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/setup/global-setup.js',
      globalTeardown: '<rootDir>/tests/setup/global-teardown.js',
      testTimeout: 30_000,
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/tests/setup/global-setup.js',
      globalTeardown: '<rootDir>/tests/setup/global-teardown.js',
      testTimeout: 60_000,
    },
  ],
};
