module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', isolatedModules: true }],
    'node_modules/.+\\.m?js$': require.resolve('../../tools/jest/esm-to-cjs.transform.cjs'),
  },
  transformIgnorePatterns: ['\\.pnp\\.[^\\/]+$'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'html'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/api',
};
