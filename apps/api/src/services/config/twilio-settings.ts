import { EnvReader } from './env.reader';

/** Demo credentials of the bundled Twilio emulator (apps/twilio-emulator); not secrets. */
export const EMULATOR_DEFAULTS = {
  accountSid: 'ACe0000000000000000000000000000001',
  authToken: '0123456789abcdef0123456789abcdef',
  port: 3010,
} as const;

export interface TwilioSettings {
  /** True when no real Twilio account is configured and the bundled emulator stands in. */
  emulator: boolean;
  accountSid: string;
  authToken: string;
  /** Origin the REST client talks to: https://api.twilio.com, or the emulator. */
  apiBaseUrl: string;
  fromNumber: string;
  /** TwiML run when the called party answers; Twilio requires Url or Twiml. */
  callTwiml: string;
}

/** The Twilio account from TWILIO_*: a real one, or the bundled emulator when none is set. */
export function readTwilio(r: EnvReader): TwilioSettings {
  const accountSid = r.optionalString('TWILIO_ACCOUNT_SID');
  const fromNumber = r.string('TWILIO_FROM_NUMBER', '+15005550006');
  r.matches('TWILIO_FROM_NUMBER', fromNumber, /^\+[1-9]\d{7,14}$/, 'an E.164 number such as +15005550006');
  const callTwiml = r.string(
    'TWILIO_CALL_TWIML',
    '<Response><Say>This call is recorded for quality and compliance.</Say><Pause length="3600"/></Response>',
  );
  if (accountSid === undefined) {
    const emulatorPort = r.int('TWILIO_EMULATOR_PORT', EMULATOR_DEFAULTS.port, { min: 1, max: 65535 });
    const emulatorSid = r.string('TWILIO_EMULATOR_ACCOUNT_SID', EMULATOR_DEFAULTS.accountSid);
    r.matches('TWILIO_EMULATOR_ACCOUNT_SID', emulatorSid, /^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hex digits');
    return {
      emulator: true,
      accountSid: emulatorSid,
      authToken: r.string('TWILIO_EMULATOR_AUTH_TOKEN', EMULATOR_DEFAULTS.authToken),
      apiBaseUrl: r.url('TWILIO_API_BASE_URL', `http://127.0.0.1:${emulatorPort}`, ['http', 'https']),
      fromNumber,
      callTwiml,
    };
  }
  r.matches('TWILIO_ACCOUNT_SID', accountSid, /^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hex digits');
  const authToken = r.optionalString('TWILIO_AUTH_TOKEN');
  if (authToken === undefined) {
    r.fail('TWILIO_AUTH_TOKEN is required when TWILIO_ACCOUNT_SID is set');
  }
  return {
    emulator: false,
    accountSid,
    authToken: authToken ?? '',
    apiBaseUrl: r.url('TWILIO_API_BASE_URL', 'https://api.twilio.com', ['http', 'https']),
    fromNumber,
    callTwiml,
  };
}
