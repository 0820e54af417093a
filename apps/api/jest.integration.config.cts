module.exports = {
  displayName: 'api-integration',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', isolatedModules: true }],
    'node_modules/.+\\.m?js$': require.resolve('../../tools/jest/esm-to-cjs.transform.cjs'),
  },
  transformIgnorePatterns: ['\\.pnp\\.[^\\/]+$'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'html'],
  testMatch: ['<rootDir>/src/**/*.integration-spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // One shared database: suites run one at a time.
  maxWorkers: 1,
  testTimeout: 60000,
  coverageDirectory: '../../coverage/apps/api-integration',
};
