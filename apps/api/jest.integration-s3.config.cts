/**
 * The s3 tier: the store's contract and S3-only specs (`*.s3-spec.ts`) against the project's
 * one-node Ceph (tools/ceph), and recording specs of the integration tier run again with
 * STORAGE_DRIVER=s3 (every test app then gets a bucket of its own, with Object Lock).
 */
const base = require('./jest.integration.config.cts');

/** Integration specs that also run here, on the bucket (paths under apps/api). */
const RECORDING_SPECS_ON_S3: string[] = [
  'src/app/recordings/recordings.integration-spec.ts',
  'src/app/recordings/playback.integration-spec.ts',
  'src/app/recordings/recordings-failure.integration-spec.ts',
  'src/app/recordings/erasure.integration-spec.ts',
  'src/app/recordings/encryption.integration-spec.ts',
  'src/app/recordings/encryption-keys.integration-spec.ts',
  'src/app/health/storage-check.integration-spec.ts',
  'src/app/exports/exports.integration-spec.ts',
];

module.exports = {
  ...base,
  displayName: 'api-integration-s3',
  testMatch: ['<rootDir>/src/**/*.s3-spec.ts', ...RECORDING_SPECS_ON_S3.map((path: string) => `<rootDir>/${path}`)],
  globalSetup: '<rootDir>/test/global-setup-s3.ts',
  globalTeardown: '<rootDir>/test/global-teardown-s3.ts',
  coverageDirectory: '../../coverage/apps/api-integration-s3',
};
