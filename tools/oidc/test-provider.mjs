#!/usr/bin/env node
// A real OpenID provider for the tests: oidc-provider (OpenID-certified) on a loopback port, with
// one confidential client that must use PKCE, and test accounts read from a JSON file (re-read at
// every sign-in, so a test can change someone's groups between two sign-ins). Its sign-in form
// checks the password; consent is implied for the one client, as a company's directory does for
// its own applications. Not for anything but tests and local trials.
//
//   OIDC_TEST_PORT=3125 OIDC_TEST_CLIENT_ID=callrec OIDC_TEST_CLIENT_SECRET=… \
//   OIDC_TEST_REDIRECT_URIS=http://127.0.0.1:3000/api/auth/oidc/callback \
//   OIDC_TEST_ACCOUNTS=accounts.json node tools/oidc/test-provider.mjs
//
// accounts.json: { "<login>": { "password": "…", "claims": { "email": "…", "name": "…", "roles": ["…"] } } }
// The login is the subject (`sub`). Prints "OpenID provider listening on <issuer>" when ready.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};
const port = Number(env('OIDC_TEST_PORT'));
const host = env('OIDC_TEST_HOST', '127.0.0.1');
const issuer = `http://${host}:${port}`;
const accountsFile = env('OIDC_TEST_ACCOUNTS');
const readAccounts = () => JSON.parse(readFileSync(accountsFile, 'utf8'));

// Every claim any test account carries is released with the `profile` scope, so a role claim of
// any name (roles, groups, realm_access) reaches the client the way a directory's mapper sends it.
const customClaims = new Set(['roles', 'groups', 'realm_access']);
for (const account of Object.values(readAccounts())) {
  for (const name of Object.keys(account.claims ?? {})) customClaims.add(name);
}
for (const standard of ['sub', 'email', 'email_verified', 'name', 'given_name', 'family_name']) customClaims.delete(standard);

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: env('OIDC_TEST_CLIENT_ID'),
      client_secret: env('OIDC_TEST_CLIENT_SECRET'),
      redirect_uris: env('OIDC_TEST_REDIRECT_URIS').split(','),
      post_logout_redirect_uris: (process.env.OIDC_TEST_POST_LOGOUT_URIS ?? '').split(',').filter(Boolean),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [{ ...signingKey, kid: 'test-provider', alg: 'RS256', use: 'sig' }] },
  cookies: { keys: ['oidc-test-provider-cookie-key-0001'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', ...customClaims],
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, id) {
    const account = readAccounts()[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ ...account.claims, sub: id }) };
  },
  // Consent is implied: the grant covers whatever the one client asked for.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope ?? 'openid');
    await grant.save();
    return grant;
  },
});

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, { login = '', error = '' } = {}) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider: sign in</title></head>
<body><main><h1>Test OpenID provider</h1>
${error ? `<p role="alert" id="error">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>Username <input name="login" autocomplete="username" value="${escape(login)}" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Continue</button></form></main></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== 'login') {
    // Consent never comes up (loadExistingGrant); anything else is a misconfigured test.
    res.writeHead(501).end(`prompt ${details.prompt.name} is not supported`);
    return;
  }
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(loginPage(details.uid));
    return;
  }
  const form = await readForm(req);
  const login = form.get('login') ?? '';
  const account = readAccounts()[login];
  if (!account || account.password !== form.get('password')) {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(loginPage(details.uid, { login, error: 'Wrong username or password' }));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
}

const handle = provider.callback();
const server = createServer((req, res) => {
  if (req.url?.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error.message ?? error));
    });
    return;
  }
  handle(req, res);
});
provider.on('server_error', (_ctx, error) => console.error('server_error', error));
server.listen(port, host, () => console.log(`OpenID provider listening on ${issuer}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
