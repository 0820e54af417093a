import { startEmulator } from './emulator';

/** Demo credentials: obviously fake, valid in shape, documented in the README. */
const DEMO_ACCOUNT_SID = 'ACe0000000000000000000000000000001';
const DEMO_AUTH_TOKEN = '0123456789abcdef0123456789abcdef';

function readPort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3010;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`TWILIO_EMULATOR_PORT must be an integer between 0 and 65535, got '${raw}'`);
  }
  return port;
}

async function main(): Promise<void> {
  const env = process.env;
  const port = readPort(env['TWILIO_EMULATOR_PORT']);
  const host = env['TWILIO_EMULATOR_HOST'] || '127.0.0.1';
  const accountSid = env['TWILIO_EMULATOR_ACCOUNT_SID'] || DEMO_ACCOUNT_SID;
  const authToken = env['TWILIO_EMULATOR_AUTH_TOKEN'] || DEMO_AUTH_TOKEN;
  const emulator = await startEmulator({
    port,
    host,
    accountSid,
    authToken,
    publicUrl: env['TWILIO_EMULATOR_PUBLIC_URL'] || undefined,
  });
  const publicUrl = env['TWILIO_EMULATOR_PUBLIC_URL'] || emulator.url;
  console.log(`Twilio emulator listening on ${emulator.url} (public URL ${publicUrl}) AccountSid=${accountSid} AuthToken=${authToken}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Twilio emulator: ${signal} received, shutting down`);
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('Twilio emulator failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
