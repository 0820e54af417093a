import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { CallRecordDto, Page as ResultPage } from '@callrec/contracts';
import { api } from '../support/call-records';
import { mainNav, openedDialog, signIn } from '../support/pages';
import { E2E_ADMIN } from '../support/stack-config';

/**
 * axe-core on every page of the admin, and on its dialogs, signed in as an ADMIN (who sees every
 * page): any violation fails. The file runs after the other stories (files run in name order),
 * so the pages hold what they left behind: holds, policies, failed recordings, audit events.
 */

/** Every violation, with the offending elements, so a failure says what to fix. */
async function violations(page: Page): Promise<string[]> {
  // axe judges what is on screen: wait until the page has its data (no loading bar left).
  await expect(page.locator('mat-progress-bar')).toHaveCount(0);
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n` +
      violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n'),
  );
}

async function expectNoViolations(page: Page, what: string): Promise<void> {
  expect(await violations(page), `axe found violations on ${what}`).toEqual([]);
}

async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/call-records$/);
}

/** Every route of the admin (app.routes.ts) with its page title. */
const PAGES = [
  { path: '/overview', title: 'Overview' },
  { path: '/call-records', title: 'Call records' },
  { path: '/coverage', title: 'Coverage' },
  { path: '/legal-holds', title: 'Legal holds' },
  { path: '/exports', title: 'Exports' },
  { path: '/audit', title: 'Audit log' },
  { path: '/retention', title: 'Retention' },
  { path: '/pipeline', title: 'Recording pipeline' },
  { path: '/users', title: 'Users' },
  { path: '/data-lists', title: 'Data lists' },
  { path: '/integrations', title: 'Integrations' },
  { path: '/no-such-page', title: 'Page not found' },
];

test.describe('accessibility (axe-core)', () => {
  test('the sign-in page', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await expectNoViolations(page, '/sign-in');
  });

  for (const { path, title } of PAGES) {
    test(`${path} as an ADMIN`, async ({ page }) => {
      await signInAsAdmin(page);
      await page.goto(path);
      await expect(page).toHaveTitle(new RegExp(title));
      await expect(mainNav(page)).toBeVisible();
      await expectNoViolations(page, path);
    });
  }

  test('the recording panel of a stored recording', async ({ page }) => {
    await signInAsAdmin(page);
    const calls = await api<ResultPage<CallRecordDto>>(page, 'GET', '/api/call-records?pageSize=100');
    const stored = calls.items.find((call) => call.recordings.some((recording) => recording.status === 'STORED'));
    expect(stored, 'a seeded call with a stored recording').toBeDefined();
    await page.goto(`/call-records/${stored?.id}`);
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    await expectNoViolations(page, '/call-records/:id');
  });

  for (const { path, button, dialog, firstField } of [
    { path: '/call-records', button: 'Place a test call', dialog: 'Place a test call', firstField: 'Number to call' },
    { path: '/users', button: 'Add user', dialog: 'Add user', firstField: 'Full name' },
    { path: '/retention', button: 'Add policy', dialog: 'Add retention policy', firstField: 'Name' },
    { path: '/legal-holds', button: 'Place hold', dialog: 'Place a legal hold', firstField: 'Case name' },
    { path: '/exports', button: 'New export', dialog: 'New evidence export', firstField: 'Reason' },
    { path: '/data-lists', button: 'New data list', dialog: 'New data list', firstField: 'Name' },
    { path: '/integrations', button: 'New API key', dialog: 'New API key', firstField: 'Name' },
    { path: '/integrations', button: 'New endpoint', dialog: 'New webhook endpoint', firstField: 'URL' },
  ]) {
    test(`the "${dialog}" dialog`, async ({ page }) => {
      await signInAsAdmin(page);
      await page.goto(path);
      await page.getByRole('button', { name: button }).first().click();
      await openedDialog(page, dialog, firstField);
      await expectNoViolations(page, `the "${dialog}" dialog on ${path}`);
    });
  }
});
