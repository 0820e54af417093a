import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INHERITED_ENV, WORKSPACE_ROOT } from './test-config';

/** A test account at the provider: its login is the subject; claims go into tokens and UserInfo. */
export interface ProviderAccount {
  password: string;
  claims: Record<string, unknown>;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Replaces the accounts; the provider reads them again at the next sign-in. */
  setAccounts(accounts: Record<string, ProviderAccount>): void;
  stop(): Promise<void>;
}

/**
 * Starts tools/oidc/test-provider.mjs (oidc-provider, a certified OpenID provider) as its own
 * Node process: it is ESM-only, which Jest's CommonJS runtime cannot load.
 */
export async function startTestProvider(options: {
  port: number;
  redirectUris: string[];
  accounts: Record<string, ProviderAccount>;
}): Promise<TestProvider> {
  const accountsFile = join(mkdtempSync(join(tmpdir(), 'callrec-oidc-')), 'accounts.json');
  const setAccounts = (accounts: Record<string, ProviderAccount>) => writeFileSync(accountsFile, JSON.stringify(accounts));
  setAccounts(options.accounts);
  const clientId = 'callrec-test';
  const clientSecret = 'test-client-secret-0123456789-abcdef';
  const child = spawn(process.execPath, [join(WORKSPACE_ROOT, 'tools/oidc/test-provider.mjs')], {
    cwd: WORKSPACE_ROOT,
    env: {
      PATH: INHERITED_ENV['PATH'],
      OIDC_TEST_PORT: String(options.port),
      OIDC_TEST_CLIENT_ID: clientId,
      OIDC_TEST_CLIENT_SECRET: clientSecret,
      OIDC_TEST_REDIRECT_URIS: options.redirectUris.join(','),
      OIDC_TEST_ACCOUNTS: accountsFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const issuer = await waitForListening(child);
  return {
    issuer,
    clientId,
    clientSecret,
    setAccounts,
    stop: () => stop(child),
  };
}

function waitForListening(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /OpenID provider listening on (\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The test OpenID provider exited (${code}):\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGTERM');
  await closed;
}
