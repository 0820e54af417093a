module.exports = {
  displayName: 'twilio-emulator-integration',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/src/**/*.integration-spec.ts'],
  testTimeout: 20000,
  coverageDirectory: '../../coverage/apps/twilio-emulator-integration',
};
