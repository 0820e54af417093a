import { runApiProcessUntilExit } from '../api-process';
import { testConfig } from '../test-config';

/**
 * The built API as an operator starts it with NODE_ENV=production: on the bundled emulator's
 * public credentials anyone could sign webhooks, so it must refuse unless told it is a demo.
 */
describe('starting with NODE_ENV=production', () => {
  const like = testConfig();
  // Everything else production asks for is set, so the emulator is the only objection.
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: 'Zp4mQ8rT2vX6yB1nC5kD9fG3hJ7lW0sE4aU8iO2',
    METRICS_TOKEN: 'Hq3Wn7Rb1Ty5Um9Ik2Ol6Pa0Sd4Fg8Jh3Kz7Xc1Vm',
    TRUST_PROXY: 'false',
  };

  it('refuses the emulator and names TWILIO_EMULATOR_ALLOWED', async () => {
    const result = await runApiProcessUntilExit(like, production);
    expect(result.started).toBe(false);
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('TWILIO_EMULATOR_ALLOWED=true is required');
  });

  it('starts on the emulator when TWILIO_EMULATOR_ALLOWED=true says it is a demo', async () => {
    const result = await runApiProcessUntilExit(like, { ...production, TWILIO_EMULATOR_ALLOWED: 'true' });
    expect(result).toMatchObject({ started: true });
  });

  it('names every unsafe setting at once', async () => {
    const result = await runApiProcessUntilExit(like, { NODE_ENV: 'production', JWT_SECRET: 'change-me-change-me-change-me-change-me' });
    expect(result.started).toBe(false);
    expect(result.exitCode).not.toBe(0);
    for (const setting of ['JWT_SECRET is unsafe', 'METRICS_TOKEN is required', 'TRUST_PROXY must be set', 'TWILIO_EMULATOR_ALLOWED']) {
      expect(result.output).toContain(setting);
    }
  });
});
