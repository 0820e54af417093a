import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(BENCH_DIR);
/** Everything the bench writes besides its results: logs, recordings, nginx files. Git-ignored. */
export const TMP = join(BENCH_DIR, 'tmp');
export const LOGS = join(TMP, 'logs');
export const API_MAIN = join(ROOT, 'dist/apps/api/main.js');
export const API_CLI = join(ROOT, 'dist/apps/api/cli.js');
export const EMULATOR_MAIN = join(ROOT, 'dist/apps/twilio-emulator/main.js');
