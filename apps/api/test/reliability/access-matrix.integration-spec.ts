import { Role, ROLES } from '@callrec/contracts';
import { RouteAccessChecker, RouteAccessEntry } from '../../src/app/auth/guards/route-access.checker';
import { api, createUser, startTestApp, TestApp } from '../test-app';

/**
 * Generated from the application's own route table, so a new route cannot be forgotten:
 * every route that needs a role answers 401 without a token and 403 to each other role.
 */
describe('access matrix over every route', () => {
  let t: TestApp;
  let routes: RouteAccessEntry[];
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api' });
    routes = t.app.get(RouteAccessChecker).routes();
    for (const role of ROLES) tokens[role] = (await createUser(t, role)).token;
  });
  afterAll(() => t.close());

  const concrete = (path: string) => `/api${path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000')}`;

  it('knows the routes, and every one declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((route) => !route.access)).toEqual([]);
    // The figure the reliability table in bench/README.md quotes.
    process.stdout.write(`role-protected routes: ${routes.filter((route) => route.access?.kind === 'roles').length}\n`);
    const open = routes.filter((route) => route.access?.kind === 'public').map((route) => `${route.method} ${route.path}`);
    expect(open.sort()).toEqual(['GET /health', 'GET /metrics', 'POST /auth/login']);
    const twilio = routes.filter((route) => route.access?.kind === 'twilio').map((route) => route.path);
    expect(twilio.sort()).toEqual(['/webhooks/twilio/call-status', '/webhooks/twilio/recording-status']);
    // Retrying a parked webhook event is for an ADMIN only; the two tests below check it answers so.
    const retry = routes.find((route) => route.method === 'POST' && route.path === '/webhooks/events/:id/retry');
    expect(retry?.access).toEqual({ kind: 'roles', roles: ['ADMIN'] });
  });

  it('answers 401 without a token and with a forged one on every role-protected route', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.access?.kind === 'roles')) {
      for (const token of [undefined, `${tokens.ADMIN.slice(0, -2)}xx`]) {
        const response = await api(t, concrete(route.path), { method: route.method, token, body: route.method === 'GET' ? undefined : {} });
        if (response.status !== 401) failures.push(`${route.method} ${route.path} (${token ? 'forged' : 'none'}) → ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to every role a route does not allow, and never 401/403 to one it does', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      if (route.access?.kind !== 'roles') continue;
      for (const role of ROLES) {
        // The event stream never ends for an allowed role; its allowed side is tested elsewhere.
        if (route.path === '/events' && route.access.roles.includes(role)) continue;
        const response = await api(t, concrete(route.path), { method: route.method, token: tokens[role], body: route.method === 'GET' ? undefined : {} });
        const allowed = route.access.roles.includes(role);
        if (allowed ? [401, 403].includes(response.status) : response.status !== 403) {
          failures.push(`${route.method} ${route.path} as ${role} → ${response.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
