import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TMP } from './paths.mjs';
import { freePort, start, waitForHttp } from './proc.mjs';

/** The server block docker-compose runs in front of the API (MEDIA_DELIVERY=nginx). */
export const NGINX_TEMPLATE = join(ROOT, 'deploy/nginx/callrec.conf.template');

/**
 * Debian's nginx serving `root` on its own port from a throwaway config in bench/tmp/nginx:
 * one worker process (the API is one Node process too), sendfile, keep-alive, access log on.
 */
export async function startNginx(root, probePath) {
  const port = await freePort();
  return launch(
    'nginx',
    port,
    `/${probePath}`,
    `  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { }
  }`,
  );
}

/**
 * The production topology's front: the project's deploy/nginx template (rendered as the nginx
 * image's envsubst would) in front of the API at `api` (host:port), checking media links
 * with secure_link and serving them from `recordingsDir`; same process settings as startNginx.
 */
export async function startLinkNginx({ api, recordingsDir, secret, prefix }) {
  const port = await freePort();
  const values = {
    NGINX_LISTEN: `127.0.0.1:${port}`,
    CALLREC_API_UPSTREAM: api,
    RECORDINGS_ROOT: recordingsDir.replace(/\/+$/, ''),
    MEDIA_LINK_PREFIX: prefix,
    MEDIA_LINK_SECRET: secret,
  };
  const server = readFileSync(NGINX_TEMPLATE, 'utf8').replace(/\$\{([A-Z_]+)\}/g, (_m, name) => {
    if (values[name] === undefined) throw new Error(`deploy/nginx template: no value for \${${name}}`);
    return values[name];
  });
  return launch('nginx-links', port, '/api/health', server);
}

async function launch(name, port, probePath, server) {
  const dir = join(TMP, name);
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  types { audio/wav wav; audio/mpeg mp3; text/html html; }
  default_type application/octet-stream;
  access_log ${dir}/access.log;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${server}
}
`,
  );
  const proc = start(name, 'nginx', ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')]);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(proc, `${url}${probePath}`);
  return { proc, url, port, accessLog: join(dir, 'access.log') };
}
