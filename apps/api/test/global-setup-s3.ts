import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import globalSetup from './global-setup';
import { publishTestS3Settings, TEST_S3_ENDPOINT_GIVEN, WORKSPACE_ROOT } from './test-config';

interface CephS3 {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  forcePathStyle: boolean;
}

/**
 * The s3 tier: what the integration tier sets up (database, Redis, emulator), plus the project's
 * one-node Ceph (tools/ceph), started unless its gateway already answers. Its settings reach the
 * suites as TEST_S3_*, and TEST_STORAGE_DRIVER=s3 makes testConfig() give every test app a
 * bucket of its own. TEST_S3_ENDPOINT already set (with its keys) names another S3 server instead.
 */
export default async function globalSetupS3(): Promise<void> {
  await globalSetup();
  let s3: CephS3 | null = null;
  if (!TEST_S3_ENDPOINT_GIVEN) {
    // A cluster someone started (npm run s3:start) stays up after the tier; one the tier started goes.
    const running = spawnSync('bash', [join(WORKSPACE_ROOT, 'tools/ceph/ceph-s3.sh'), 'status'], { stdio: 'ignore' }).status === 0;
    (globalThis as { __callrecStopCeph?: boolean }).__callrecStopCeph = !running;
    s3 = await ensureCephS3();
  }
  publishTestS3Settings(s3);
}

async function ensureCephS3(): Promise<CephS3> {
  const script = join(WORKSPACE_ROOT, 'tools/ceph/ceph-s3.mjs');
  // A native import: ts-jest compiles this file to CommonJS, whose require() cannot load an ES module.
  const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{
    ensureCephS3: () => Promise<CephS3>;
  }>;
  const { ensureCephS3: ensure } = await importModule(script);
  return ensure();
}
