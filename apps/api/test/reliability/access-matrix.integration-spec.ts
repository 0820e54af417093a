import { AccessRole, API_KEY_ROLES, ApiKeyRole, Role, ROLES } from '@callrec/contracts';
import { RouteAccessChecker, RouteAccessEntry } from '../../src/app/auth/guards/route-access.checker';
import { api, createApiKey, createUser, login, startTestApp, TestApiKey, TestApp, TestUser } from '../test-app';

// Routes that end the caller's session: each call gets a session of its own to end.
const ENDS_SESSION = new Set(['POST /auth/logout']);

const METRICS_TOKEN = 'bWF0cml4LW1ldHJpY3MtdG9rZW4tZm9yLXRlc3RzLTQy';

/**
 * Generated from the application's own route table, so a new route cannot be forgotten:
 * every route that needs a role answers 401 without a token and 403 to each other role (people's
 * and API keys' alike), a revoked or unknown API key is a 401 everywhere, and the metrics routes
 * also let METRICS_TOKEN in (and nothing like it).
 */
describe('access matrix over every route', () => {
  let t: TestApp;
  let routes: RouteAccessEntry[];
  const tokens = {} as Record<AccessRole, string>;
  const users = {} as Record<Role, TestUser>;
  const keys = {} as Record<ApiKeyRole, TestApiKey>;
  let revokedKey: string;

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api', METRICS_TOKEN });
    routes = t.app.get(RouteAccessChecker).routes();
    for (const role of ROLES) {
      users[role] = await createUser(t, role);
      tokens[role] = users[role].token;
    }
    for (const role of API_KEY_ROLES) {
      keys[role] = await createApiKey(t, tokens.ADMIN, role);
      tokens[role] = keys[role].key;
    }
    const revoked = await createApiKey(t, tokens.ADMIN, 'READER', 'revoked key');
    await api(t, `/api/api-keys/${revoked.id}`, { method: 'DELETE', token: tokens.ADMIN });
    revokedKey = revoked.key;
  });
  afterAll(() => t.close());

  /** Routes a signed-in user reaches by role (@Roles, @SignedIn, and ADMINs on @MetricsScrape). */
  const byRole = () => routes.filter((route) => route.access?.kind === 'roles' || route.access?.kind === 'metrics');
  const concrete = (path: string) => `/api${path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000')}`;

  it('knows the routes, and every one declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((route) => !route.access)).toEqual([]);
    // The figure the reliability table in bench/README.md quotes.
    process.stdout.write(`role-protected routes: ${byRole().length}\n`);
    const open = routes.filter((route) => route.access?.kind === 'public').map((route) => `${route.method} ${route.path}`);
    // An export's download link is opened by a browser: its single-use token is the credential;
    // a sign-in's second step likewise has its mfaToken (design 9.9).
    // Single sign-on's round trip is anonymous by nature: the provider's answer and a one-time code are its credentials.
    expect(open.sort()).toEqual([
      'GET /auth/oidc',
      'GET /auth/oidc/callback',
      'GET /auth/oidc/start',
      'GET /exports/:id/download',
      'GET /health',
      'POST /auth/2fa/verify',
      'POST /auth/login',
      'POST /auth/oidc/complete',
    ]);
    const scraped = routes.filter((route) => route.access?.kind === 'metrics').map((route) => `${route.method} ${route.path}`);
    expect(scraped).toEqual(['GET /metrics']);
    const signedIn = routes.map((route) => `${route.method} ${route.path}`);
    expect(signedIn).toEqual(expect.arrayContaining(['POST /auth/logout', 'POST /events/ticket', 'GET /events']));
    const twilio = routes.filter((route) => route.access?.kind === 'twilio').map((route) => route.path);
    expect(twilio.sort()).toEqual(['/webhooks/twilio/call-status', '/webhooks/twilio/recording-status']);
    // Retrying a parked webhook event is for an ADMIN only; the two tests below check it answers so.
    const retry = routes.find((route) => route.method === 'POST' && route.path === '/webhooks/events/:id/retry');
    expect(retry?.access).toEqual({ kind: 'roles', roles: ['ADMIN'] });
  });

  it('answers 401 without a token, with a forged one, and with a revoked or unknown API key on every role-protected route', async () => {
    const failures: string[] = [];
    const credentials: [string, string | undefined][] = [
      ['none', undefined],
      ['forged', `${tokens.ADMIN.slice(0, -2)}xx`],
      ['revoked key', revokedKey],
      ['unknown key', `${tokens.DIALER.slice(0, -2)}${tokens.DIALER.endsWith('xx') ? 'yy' : 'xx'}`],
    ];
    for (const route of byRole()) {
      for (const [what, token] of credentials) {
        const response = await api(t, concrete(route.path), { method: route.method, token, body: route.method === 'GET' ? undefined : {} });
        if (response.status !== 401) failures.push(`${route.method} ${route.path} (${what}) → ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to every role a route does not allow, and never 401/403 to one it does', async () => {
    const failures: string[] = [];
    for (const route of byRole()) {
      if (route.access?.kind !== 'roles' && route.access?.kind !== 'metrics') continue;
      for (const role of [...ROLES, ...API_KEY_ROLES]) {
        // The event stream never ends for an allowed role; its allowed side is tested elsewhere.
        if (route.path === '/events' && route.access.roles.includes(role)) continue;
        // A key has no session to end: the same key is used again.
        const token =
          ENDS_SESSION.has(`${route.method} ${route.path}`) && isPerson(role)
            ? await login(t, users[role].email, users[role].password)
            : tokens[role];
        const response = await api(t, concrete(route.path), { method: route.method, token, body: route.method === 'GET' ? undefined : {} });
        const allowed = route.access.roles.includes(role);
        if (allowed ? [401, 403].includes(response.status) : response.status !== 403) {
          failures.push(`${route.method} ${route.path} as ${role} → ${response.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('admits API keys to exactly the routes design 9.10 gives them', () => {
    const reachable = (role: ApiKeyRole) =>
      routes
        .filter((route) => route.access?.kind === 'roles' && route.access.roles.includes(role))
        .map((route) => `${route.method} ${route.path}`)
        .sort();
    expect(reachable('DIALER')).toEqual([
      'GET /agents',
      'GET /data-lists',
      'PATCH /calls/:id/outcome',
      'POST /calls',
      'POST /calls/:id/end',
    ]);
    expect(reachable('READER')).toEqual([
      'GET /agents',
      'GET /call-records',
      'GET /call-records/:id',
      'GET /call-records/export.csv',
      'GET /data-lists',
      'GET /recordings/:id/metadata',
    ]);
  });

  it('lets METRICS_TOKEN, and no near miss of it, into every metrics route', async () => {
    const failures: string[] = [];
    const nearMiss = `${METRICS_TOKEN.slice(0, -1)}${METRICS_TOKEN.endsWith('x') ? 'y' : 'x'}`;
    for (const route of routes.filter((r) => r.access?.kind === 'metrics')) {
      const good = await api(t, concrete(route.path), { method: route.method, token: METRICS_TOKEN });
      if ([401, 403].includes(good.status)) failures.push(`${route.method} ${route.path} with METRICS_TOKEN → ${good.status}`);
      const bad = await api(t, concrete(route.path), { method: route.method, token: nearMiss });
      if (bad.status !== 401) failures.push(`${route.method} ${route.path} with a near miss → ${bad.status}`);
    }
    expect(failures).toEqual([]);
  });
});

function isPerson(role: AccessRole): role is Role {
  return (ROLES as readonly string[]).includes(role);
}
