// Starts (or reuses) the project's one-node Ceph through ceph-s3.sh and hands back its S3
// settings, for Jest's globalSetup, the bench and node:test. No TTY is needed; the script's
// progress goes to our stderr so a failure shows which daemon and which log file.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), 'ceph-s3.sh');
// Cold start takes seconds; the script bounds each of its own waits, this bounds the whole.
const timeoutMs = 5 * 60_000;

/**
 * @param {string} command start | stop | status | env
 * @param {{ dir?: string, port?: number }} options
 * @returns {Promise<string>} the script's stdout
 */
function run(command, { dir, port } = {}) {
  const env = { ...process.env };
  if (dir) env.CEPH_S3_DIR = dir;
  if (port) env.CEPH_S3_PORT = String(port);
  return new Promise((resolve, reject) => {
    const child = execFile('bash', [script, command], { env, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`tools/ceph/ceph-s3.sh ${command} failed: ${stderr.trim() || error.message}`));
      } else {
        resolve(stdout);
      }
    });
    child.stderr?.pipe(process.stderr);
  });
}

/** @param {string} stdout KEY=value lines */
function parseEnv(stdout) {
  const values = {};
  for (const line of stdout.split('\n')) {
    const match = /^(S3_[A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]] = match[2];
  }
  for (const key of ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_REGION', 'S3_FORCE_PATH_STYLE']) {
    if (values[key] === undefined) throw new Error(`tools/ceph/ceph-s3.sh start printed no ${key}`);
  }
  return values;
}

/**
 * Starts the cluster unless its gateway already answers a signed request.
 * @param {{ dir?: string, port?: number }} [options]
 * @returns {Promise<{ endpoint: string, accessKeyId: string, secretAccessKey: string, region: string, forcePathStyle: boolean }>}
 */
export async function ensureCephS3(options = {}) {
  const values = parseEnv(await run('start', options));
  return {
    endpoint: values.S3_ENDPOINT,
    accessKeyId: values.S3_ACCESS_KEY_ID,
    secretAccessKey: values.S3_SECRET_ACCESS_KEY,
    region: values.S3_REGION,
    forcePathStyle: values.S3_FORCE_PATH_STYLE === 'true',
  };
}

/**
 * Stops the cluster's daemons; its data (RAM) is gone.
 * @param {{ dir?: string, port?: number }} [options]
 */
export async function stopCephS3(options = {}) {
  await run('stop', options);
}
