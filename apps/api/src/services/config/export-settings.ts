import { resolve } from 'node:path';
import { EnvReader } from './env.reader';

export const EXPORT_APPROVALS = ['none', 'two-person'] as const;
export type ExportApproval = (typeof EXPORT_APPROVALS)[number];

/** Evidence export (design 9.6). */
export interface ExportSettings {
  /** Where workers write bundles and the API reads them (shared by both, like RECORDINGS_DIR). */
  dir: string;
  /** How long a ready bundle's single-use link works. */
  linkTtlSeconds: number;
  /** `two-person`: a second COMPLIANCE or ADMIN user approves before the bundle is built. */
  approval: ExportApproval;
  /** Bundles one worker builds at once. */
  concurrency: number;
}

export function readExports(r: EnvReader, cwd: string): { exports: ExportSettings } {
  return {
    exports: {
      dir: resolve(cwd, r.string('EXPORT_DIR', 'exports')),
      linkTtlSeconds: r.int('EXPORT_LINK_TTL_SECONDS', 900, { min: 30, max: 7 * 86_400 }),
      approval: r.oneOf('EXPORT_APPROVAL', EXPORT_APPROVALS, 'none'),
      concurrency: r.int('EXPORT_CONCURRENCY', 1, { min: 1, max: 8 }),
    },
  };
}
