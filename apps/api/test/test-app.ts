import { getQueueToken } from '@nestjs/bull';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ApiKeyRole, Role } from '@callrec/contracts';
import type { Queue } from 'bull';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { AppModule } from '../src/app/app.module';
import { PasswordService } from '../src/app/auth/password.service';
import { configureApp } from '../src/configure-app';
import { AppConfig } from '../src/services/config/app-config';
import { PrismaService } from '../src/services/prisma/prisma.service';
import { JOB, QUEUE } from '../src/services/queues/queues.constants';
import { testConfig } from './test-config';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  prisma: PrismaService;
  /** http://127.0.0.1:<port> of the listening server. */
  url: string;
  close(): Promise<void>;
}

/**
 * Boots the real application (same pipes, filters and modules as production) on a free
 * port, with PUBLIC_BASE_URL pointing at it so the emulator's callbacks reach it.
 */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const port = overrides['PORT'] ?? String(await freePort());
  const config = testConfig({ PORT: port, PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...overrides });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: false,
  });
  configureApp(app, config);
  await app.listen(config.port, '127.0.0.1');
  return {
    app,
    config,
    prisma: app.get(PrismaService),
    url: `http://127.0.0.1:${config.port}`,
    close: async () => {
      await discardDelayedAuditWrites(app);
      await app.close();
    },
  };
}

/**
 * ACCESS_DENIED digests and playback endings are written by delayed jobs, a minute or half an
 * hour on. Left behind, they would append to the audit chain in whatever suite runs then (one
 * that cuts the chain's tail to test verify, say); suites that want them promote them first.
 */
async function discardDelayedAuditWrites(app: INestApplication): Promise<void> {
  const queue = app.get<Queue>(getQueueToken(QUEUE.maintenance), { strict: false });
  const delayed: readonly string[] = [JOB.accessDeniedDigest, JOB.playbackSessionEnd];
  for (const job of await queue.getDelayed()) {
    // null: a job that left the delayed set (ran or was removed) between the listing and its fetch.
    if (job && delayed.includes(job.name)) await job.remove().catch(() => undefined);
  }
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  token: string;
}

/** Creates a user straight in the database and signs in through the API. */
export async function createUser(testApp: TestApp, role: Role, name = `${role.toLowerCase()} user`): Promise<TestUser> {
  const email = `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@test.example`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const user = await testApp.prisma.user.create({
    data: { email, name, role, passwordHash: await testApp.app.get(PasswordService).hash(password) },
  });
  const token = await login(testApp, email, password);
  return { id: user.id, email, password, role, token };
}

export async function login(testApp: Pick<TestApp, 'url'>, email: string, password: string): Promise<string> {
  const response = await fetch(`${testApp.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) {
    throw new Error(`Sign-in as ${email} failed with ${response.status}: ${await response.text()}`);
  }
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** fetch against the test app with an optional bearer token and JSON body. */
export async function api(
  testApp: Pick<TestApp, 'url'>,
  path: string,
  { token, method = 'GET', body, headers = {} }: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${testApp.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** A TCP port nothing listens on now, for servers a test starts itself. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `check` returns a value (not undefined/false), or fails with the last state. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  { timeoutMs = 20000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out waiting for ${what}; last result: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
}

export interface TestApiKey {
  id: string;
  key: string;
  role: ApiKeyRole;
}

/** Issues an API key through the API, as an ADMIN would (design 9.10). */
export async function createApiKey(
  testApp: Pick<TestApp, 'url'>,
  adminToken: string,
  role: ApiKeyRole,
  name = `${role.toLowerCase()} key`,
): Promise<TestApiKey> {
  const response = await api(testApp, '/api/api-keys', { method: 'POST', token: adminToken, body: { name, role } });
  if (response.status !== 201) throw new Error(`Creating a ${role} key failed with ${response.status}: ${JSON.stringify(response.body)}`);
  return { id: response.body.id, key: response.body.key, role };
}
