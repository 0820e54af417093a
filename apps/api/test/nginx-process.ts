import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './test-app';
import { WORKSPACE_ROOT } from './test-config';

/** The template docker-compose mounts into the nginx image: the tests run the same file. */
export const NGINX_TEMPLATE = join(WORKSPACE_ROOT, 'deploy/nginx/callrec.conf.template');

export interface NginxFront {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface NginxFrontSettings {
  /** host:port of the API. */
  api: string;
  recordingsDir: string;
  linkSecret: string;
  linkPrefix: string;
}

/**
 * Renders `${NAME}` placeholders as the nginx image's envsubst does, refusing one left without
 * a value (the image would leave it in the file and nginx would refuse it less clearly).
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`deploy/nginx template: no value for \${${name}}`);
    return value;
  });
}

/**
 * Debian's nginx with the project's template on a free loopback port, in a throwaway prefix:
 * the template is the server block; around it, what the image's nginx.conf provides.
 */
export async function startNginxFront(settings: NginxFrontSettings): Promise<NginxFront> {
  const dir = mkdtempSync(join(tmpdir(), 'callrec-nginx-'));
  const port = await freePort();
  const server = renderTemplate(readFileSync(NGINX_TEMPLATE, 'utf8'), {
    NGINX_LISTEN: `127.0.0.1:${port}`,
    CALLREC_API_UPSTREAM: settings.api,
    RECORDINGS_ROOT: settings.recordingsDir.replace(/\/+$/, ''),
    MEDIA_LINK_PREFIX: settings.linkPrefix,
    MEDIA_LINK_SECRET: settings.linkSecret,
  });
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${server}
}
`,
  );
  const child = spawn('nginx', ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(child).then(() => rmSync(dir, { recursive: true, force: true }));
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`nginx exited early:\n${output}${readLog(dir)}`);
    try {
      // Any answer from nginx: the API behind it answers its health route.
      await fetch(`${url}/api/health`);
      return { url, port, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`nginx did not answer on ${url}:\n${output}`);
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'error.log'), 'utf8');
  } catch {
    return '';
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
