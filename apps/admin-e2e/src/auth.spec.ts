import { expect, test } from '@playwright/test';
import { mainNav, saveScreenshot, signIn, signOut } from '../support/pages';
import { E2E_ADMIN } from '../support/stack-config';

test.describe('signing in and out', () => {
  test('the sign-in page checks the form before sending it', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page).toHaveTitle('Sign in · Call Recordings');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await saveScreenshot(page, 'sign-in');

    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByText('Enter your email address')).toBeVisible();
    await expect(page.getByText('Enter your password')).toBeVisible();

    await page.getByLabel('Email').fill('not-an-email');
    await expect(page.getByText('Enter an email address such as')).toBeVisible();
  });

  test('a wrong password shows the API message and stays on the page', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, 'definitely-not-the-password');

    await expect(page.getByTestId('sign-in-error')).toHaveText('Email or password is incorrect');
    await expect(page).toHaveURL(/\/sign-in$/);
    await saveScreenshot(page, 'sign-in-error');
  });

  test('the admin signs in to the shell and signs out again', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);

    // Reviewers start where they work: the call records.
    await expect(page).toHaveURL(/\/call-records$/);
    await expect(page.getByTestId('user-name')).toHaveText(E2E_ADMIN.name);
    await expect(page.getByTestId('user-role')).toHaveText('Admin');
    await expect(mainNav(page).getByRole('link')).toHaveCount(11);
    await expect(mainNav(page).getByRole('link', { name: 'Users' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Exports' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Data lists' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Integrations' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Pipeline' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Call records' })).toHaveAttribute('aria-current', 'page');
    await mainNav(page).getByRole('link', { name: 'Overview' }).click();
    await expect(page).toHaveURL(/\/overview$/);
    await expect(mainNav(page).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('greeting')).toContainText('Administrator');
    await expect(page.getByTestId('health-summary')).toHaveText(/All systems operational/);
    await expect(page.getByTestId('health-database')).toContainText('Up');
    await saveScreenshot(page, 'overview');

    const token = await page.evaluate(
      () => (JSON.parse(sessionStorage.getItem('callrec.session') ?? '{}') as { accessToken?: string }).accessToken,
    );
    expect((await page.request.get('/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);
    await signOut(page);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    // Signed out on the server too: the token no longer works anywhere, not just in this tab.
    expect((await page.request.get('/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
    // The session is gone, not just hidden: the overview asks for a sign-in again.
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('a deep link while signed out returns there after signing in', async ({ page }) => {
    await page.goto('/users');
    await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Fusers$/);

    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);

    await expect(page).toHaveURL(/\/users$/);
    await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  });

  test('an unknown address inside the app shows a page-not-found state', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/call-records$/);

    await page.goto('/no-such-page');

    await expect(page.getByText('This page does not exist')).toBeVisible();
    await page.getByRole('link', { name: 'Go to the overview' }).click();
    await expect(page).toHaveURL(/\/overview$/);
  });
});
