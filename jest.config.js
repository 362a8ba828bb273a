/** @type {import('jest').Config} */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: __dirname,
  moduleNameMapper: { '^@tongxin/shared$': '<rootDir>/shared/src/index.ts' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
};

/** Client components under jsdom: Taro's host components as DOM elements, its APIs as a small in-memory stand-in. */
const client = {
  displayName: 'client',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/tests/client/**/*.test.ts', '<rootDir>/tests/client/**/*.test.tsx'],
  setupFiles: ['<rootDir>/tests/client/support/setup-env.js'],
  // Order matters: the first pattern that matches wins, so style imports are caught before `@/`.
  moduleNameMapper: {
    '\\.css$': '<rootDir>/tests/client/support/style-stub.js',
    '^@tongxin/shared$': '<rootDir>/shared/src/index.ts',
    '^@tarojs/components$': '<rootDir>/tests/client/support/taro-components.tsx',
    '^@tarojs/taro$': '<rootDir>/tests/client/support/taro-api.ts',
    '^@/(.*)$': '<rootDir>/client/src/$1',
  },
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tests/client/tsconfig.json' }] },
};

module.exports = {
  // Integration tests start real servers and wait for real delayed jobs.
  testTimeout: 30_000,
  projects: [
    client,
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/setup/global-setup.js',
      globalTeardown: '<rootDir>/tests/setup/global-teardown.js',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/tests/setup/global-setup.js',
      globalTeardown: '<rootDir>/tests/setup/global-teardown.js',
    },
  ],
};
