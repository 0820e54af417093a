import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import globalTeardown from './global-teardown';
import { WORKSPACE_ROOT } from './test-config';

/** What the integration tier tears down, and the Ceph cluster if this tier started it. */
export default async function globalTeardownS3(): Promise<void> {
  await globalTeardown();
  if ((globalThis as { __callrecStopCeph?: boolean }).__callrecStopCeph) {
    const stopped = spawnSync('bash', [join(WORKSPACE_ROOT, 'tools/ceph/ceph-s3.sh'), 'stop'], { encoding: 'utf8' });
    if (stopped.status !== 0) throw new Error(`Could not stop the tier's Ceph cluster: ${stopped.stderr}`);
  }
}
