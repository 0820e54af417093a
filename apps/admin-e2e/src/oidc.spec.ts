import { expect, Page, test } from '@playwright/test';
import { mainNav, saveScreenshot } from '../support/pages';
import { OIDC } from '../support/stack-config';

type Login = keyof typeof OIDC.accounts;

/** Through the admin's button to the provider's own sign-in form, as a person would. */
async function signInWithProvider(page: Page, login: Login): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: `Sign in with ${OIDC.providerName}` }).click();
  await expect(page.getByRole('heading', { name: 'Test OpenID provider' })).toBeVisible();
  await page.getByLabel('Username').fill(login);
  await page.getByLabel('Password').fill(OIDC.accounts[login].password);
  await page.getByRole('button', { name: 'Continue' }).click();
}

test.describe('single sign-on with OpenID Connect (design 9.9)', () => {
  test('the sign-in page offers the provider beside the password form', async ({ page }) => {
    await page.goto('/sign-in');
    const button = page.getByRole('link', { name: `Sign in with ${OIDC.providerName}` });
    await expect(button).toBeVisible();
    await expect(button).toHaveAttribute('href', '/api/auth/oidc/start');
    await expect(page.getByLabel('Password', { exact: true })).toBeVisible();
    await saveScreenshot(page, 'sign-in-sso');
  });

  test('a person in the compliance group signs in through the provider and lands with the COMPLIANCE role', async ({ page }) => {
    await signInWithProvider(page, 'carla.compliance');

    await expect(page).toHaveURL(/\/call-records$/);
    await expect(page.getByTestId('user-name')).toHaveText('Carla Compliance');
    await expect(page.getByTestId('user-role')).toHaveText('Compliance');
    // COMPLIANCE audits and holds but does not administer.
    await expect(mainNav(page).getByRole('link', { name: 'Audit log' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Users' })).toHaveCount(0);
    // No token in the address bar or the history: the one-time code was spent and dropped.
    expect(page.url()).not.toContain('sso=');
    await saveScreenshot(page, 'sso-signed-in-compliance');

    const token = await page.evaluate(
      () => (JSON.parse(sessionStorage.getItem('callrec.session') ?? '{}') as { accessToken?: string }).accessToken,
    );
    const me = await page.request.get('/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ email: 'carla.compliance@sso.example', role: 'COMPLIANCE' });
  });

  test('a person without the role claim is refused with a clear message', async ({ page }) => {
    await signInWithProvider(page, 'nils.norole');

    await expect(page).toHaveURL(/\/sign-in\?error=sso_no_role$/);
    await expect(page.getByTestId('sso-error')).toHaveText(
      `Your account at ${OIDC.providerName} has no role for this application. ` +
        'Ask your administrator to add you to one of its groups, then sign in again.',
    );
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByTestId('user-name')).toHaveCount(0);
    await saveScreenshot(page, 'sso-refused-no-role');
  });
});
