import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { BASE_URL, OUTPUT_DIR } from './support/stack-config';

/**
 * Browser tests against the real stack (see global-setup.ts), in Debian's Chromium: no
 * browser is downloaded, and nothing is mocked.
 */
export default defineConfig({
  testDir: './src',
  outputDir: join(OUTPUT_DIR, 'results'),
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env['CI'],
  reporter: [['list']],
  timeout: 60_000,
  // The stack shares two cores with whatever else runs; a page may take longer than the
  // default 5 s to settle. A ceiling on waiting, not a speed requirement.
  expect: { timeout: 15_000 },
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
