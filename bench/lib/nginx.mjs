import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TMP } from './paths.mjs';
import { freePort, start, waitForHttp } from './proc.mjs';

/**
 * Debian's nginx serving `root` on its own port from a throwaway config in bench/tmp/nginx:
 * one worker process (the API is one Node process too), sendfile, keep-alive, access log on.
 */
export async function startNginx(root, probePath) {
  const dir = join(TMP, 'nginx');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
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
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { }
  }
}
`,
  );
  const proc = start('nginx', 'nginx', ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')]);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(proc, `${url}/${probePath}`);
  return { proc, url, port };
}
