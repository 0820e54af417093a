import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EMULATOR_DEFAULTS } from '../src/services/config/app-config';
import { TEST_EMULATOR_PORT, WORKSPACE_ROOT, INHERITED_ENV } from './test-config';

export const EMULATOR_URL = `http://127.0.0.1:${TEST_EMULATOR_PORT}`;

/** Starts the built Twilio emulator as its own process, as `npm start` does. */
export async function startEmulatorProcess(): Promise<ChildProcess> {
  const main = join(WORKSPACE_ROOT, 'dist/apps/twilio-emulator/main.js');
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: build it first (npx nx build twilio-emulator)`);
  }
  const child = spawn(process.execPath, [main], {
    env: {
      ...INHERITED_ENV,
      TWILIO_EMULATOR_PORT: String(TEST_EMULATOR_PORT),
      TWILIO_EMULATOR_ACCOUNT_SID: EMULATOR_DEFAULTS.accountSid,
      TWILIO_EMULATOR_AUTH_TOKEN: EMULATOR_DEFAULTS.authToken,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`The emulator exited early:\n${output}`);
    try {
      const response = await fetch(`${EMULATOR_URL}/_emulator/health`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`The emulator did not answer on ${EMULATOR_URL}:\n${output}`);
}
