import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Role } from '@callrec/contracts';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../src/app/app.module';
import { PasswordService } from '../src/app/auth/password.service';
import { configureApp } from '../src/configure-app';
import { AppConfig } from '../src/services/config/app-config';
import { PrismaService } from '../src/services/prisma/prisma.service';
import { testConfig } from './test-config';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  prisma: PrismaService;
  /** http://127.0.0.1:<port> of the listening server. */
  url: string;
  close(): Promise<void>;
}

/** Boots the real application (same pipes, filters and modules as production) on a free port. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: false,
  });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    prisma: app.get(PrismaService),
    url: `http://127.0.0.1:${address.port}`,
    close: () => app.close(),
  };
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

export async function login(testApp: TestApp, email: string, password: string): Promise<string> {
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
  testApp: TestApp,
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
