import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mainNav, openedDialog, saveScreenshot, signIn, signOut } from '../support/pages';
import { E2E_ADMIN } from '../support/stack-config';

const person = {
  name: 'Tess Totp',
  email: 'tess.totp@example.com',
  password: 'tess-totp-password-0001',
};

/**
 * Debian's oathtool stands in for the phone: an authenticator nobody here wrote. `-N` gives the
 * code of another moment, so two sign-ins need not wait 30 s for a fresh code.
 */
function oathtool(secret: string, atSeconds: number): string {
  return execFileSync('oathtool', ['--totp', '-b', secret, '-N', `@${atSeconds}`], { encoding: 'utf8' }).trim();
}

async function adminToken(request: APIRequestContext): Promise<string> {
  const response = await request.post('/api/auth/login', { data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

function userRow(page: Page, email: string) {
  return page.locator(`tr[data-email="${email}"]`);
}

// One story: the factor set up in the first test is used, then reset, by the next ones.
test.describe.serial('two-factor authentication (TOTP)', () => {
  let secret = '';
  let enabledAt = 0;

  test('a person sets up a second factor on the Account page: QR code, first code, recovery codes once', async ({ page, request }) => {
    const created = await request.post('/api/users', {
      headers: { authorization: `Bearer ${await adminToken(request)}` },
      data: { name: person.name, email: person.email, role: 'SUPERVISOR', password: person.password },
    });
    expect(created.status()).toBe(201);

    await page.goto('/sign-in');
    await signIn(page, person.email, person.password);
    await expect(page).not.toHaveURL(/sign-in/);
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: 'Account and two-factor' }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId('two-factor-state')).toHaveText(/Off/);

    await page.getByRole('button', { name: 'Set up' }).click();
    await expect(page.getByRole('img', { name: 'QR code to add this account to an authenticator app' })).toBeVisible();
    secret = (await page.getByTestId('totp-secret').getAttribute('data-secret')) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await saveScreenshot(page, 'two-factor-setup');

    enabledAt = Math.floor(Date.now() / 1000);
    await page.getByLabel('6-digit code').fill(oathtool(secret, enabledAt));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByTestId('recovery-codes').getByRole('listitem');
    await expect(codes).toHaveCount(10);
    await expect(page.getByTestId('two-factor-state')).toHaveText(/On/);
    await saveScreenshot(page, 'two-factor-recovery-codes');
    const done = page.getByRole('button', { name: 'Done' });
    await expect(done).toBeDisabled();
    await page.getByRole('checkbox', { name: 'I have saved my recovery codes' }).check();
    await done.click();
    await expect(page.getByTestId('recovery-codes')).toBeHidden();
    await expect(page.getByRole('button', { name: 'Turn off' })).toBeVisible();
  });

  test('signing in then asks for the code, and a code from oathtool lets the person in', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, person.email, person.password);
    const code = page.getByLabel('6-digit code');
    await expect(page.getByText(`Enter the 6-digit code from your authenticator app for ${person.email}`)).toBeVisible();
    await expect(page.getByLabel('Password', { exact: true })).toBeHidden();

    await code.fill(oathtool(secret, enabledAt - 3600));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByTestId('mfa-error')).toHaveText('That code is wrong or was already used; wait for the next code and try again');
    await saveScreenshot(page, 'sign-in-two-factor-code');

    // The next step's code: the one used to turn it on cannot be used again.
    await code.fill(oathtool(secret, enabledAt + 30));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page).not.toHaveURL(/sign-in/);
    await expect(page.getByTestId('user-name')).toHaveText(person.name);
    await signOut(page);
  });

  test("an ADMIN resets the person's second factor with a reason; the password alone signs in again", async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await mainNav(page).getByRole('link', { name: 'Users' }).click();
    const row = userRow(page, person.email);
    await expect(row.getByTestId('two-factor-on')).toBeVisible();
    await row.getByRole('button', { name: 'Reset second factor' }).click();
    const dialog = await openedDialog(page, "Reset Tess Totp's second factor?", 'Reason');
    await dialog.getByLabel('Reason').fill('Lost phone; identity checked by video call');
    await dialog.getByRole('button', { name: 'Reset second factor' }).click();
    await expect(dialog).toBeHidden();
    await expect(row.getByTestId('two-factor-on')).toBeHidden();
    await signOut(page);

    await signIn(page, person.email, person.password);
    await expect(page).not.toHaveURL(/sign-in/);
    await expect(page.getByTestId('user-name')).toHaveText(person.name);
  });
});
