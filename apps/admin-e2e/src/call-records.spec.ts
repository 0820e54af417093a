import { expect, test } from '@playwright/test';
import { api, expectAllColumnsVisible, saveWholePage } from '../support/call-records';
import { mainNav, saveScreenshot, signIn, signOut } from '../support/pages';
import { join } from 'node:path';
import { E2E_ADMIN, SCREENSHOT_DIR } from '../support/stack-config';

const rows = (page: import('@playwright/test').Page) => page.locator('tr[mat-row]');

test.describe('the call-records grid', () => {
  test('is the start page for reviewers and shows the demo calls with every column, at 1280 and 1440 px', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);

    await expect(page).toHaveURL(/\/call-records$/);
    await expect(page).toHaveTitle('Call records · Call Recordings');
    await expect(mainNav(page).getByRole('link', { name: 'Call records' })).toHaveAttribute('aria-current', 'page');
    await expect(rows(page)).toHaveCount(25);
    await expect(page.getByTestId('result-count')).toHaveText(/^\d+ calls$/);
    const total = Number((await page.getByTestId('result-count').textContent())?.replace(/\D/g, ''));
    expect(total).toBeGreaterThanOrEqual(20);
    await expect(page.getByTestId('live-status')).toHaveText('Live');
    // The seed has Manual Dial calls, unanswered calls and a recording Twilio never made.
    await expect(rows(page).filter({ hasText: 'Manual Dial' }).first()).toBeVisible();
    await expect(rows(page).filter({ hasText: 'Busy' }).first()).toBeVisible();

    await expectAllColumnsVisible(page);
    await saveWholePage(page, 'call-records-1280', 1280);
    await page.setViewportSize({ width: 1440, height: 900 });
    await expectAllColumnsVisible(page);
    await saveWholePage(page, 'call-records-1440', 1440);
  });

  test('keeps filters, sort and paging in the URL, so a reload or a shared link shows the same calls', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(rows(page)).toHaveCount(25);

    await page.getByRole('combobox', { name: 'Data list' }).click();
    await page.getByRole('option', { name: 'Manual Dial', exact: true }).click();
    await expect(page).toHaveURL(/[?&]list=manual/);
    await page.getByRole('checkbox', { name: 'With recording only' }).check();
    await expect(page).toHaveURL(/[?&]recording=1/);
    await page.getByRole('radio', { name: '30 days' }).click();
    await expect(page).toHaveURL(/[?&]from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
    await page.getByRole('columnheader', { name: 'Duration' }).click();
    await expect(page).toHaveURL(/[?&]sort=-durationSeconds/);

    const filtered = page.url();
    await expect(rows(page).first()).toBeVisible();
    const count = await rows(page).count();
    for (const row of await rows(page).all()) {
      await expect(row).toContainText('Manual Dial');
      await expect(row).toContainText('Stored');
    }

    await page.reload();
    expect(page.url()).toBe(filtered);
    await expect(rows(page)).toHaveCount(count);
    await expect(page.getByRole('combobox', { name: 'Data list' })).toContainText('Manual Dial');
    await expect(page.getByRole('checkbox', { name: 'With recording only' })).toBeChecked();
    await expect(page.getByRole('radio', { name: '30 days' })).toBeChecked();
    const durations = await page.locator('td.duration').allTextContents();
    const seconds = durations.map((text) =>
      text
        .trim()
        .split(':')
        .reduce((total, part) => total * 60 + Number(part), 0),
    );
    expect(seconds).toEqual([...seconds].sort((a, b) => b - a));

    await page.getByTestId('filter-phone').fill('+1999');
    await expect(page.getByText('No calls match these filters')).toBeVisible();
    await saveScreenshot(page, 'call-records-no-match');

    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect(page).toHaveURL(/\/call-records\?sort=-durationSeconds$/);
    await expect(rows(page)).toHaveCount(25);

    // Paging is in the URL too: Back returns to the page before.
    await page.goto('/call-records?size=10');
    await expect(rows(page)).toHaveCount(10);
    const firstOfPageOne = await rows(page).first().getAttribute('data-call-id');
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/\/call-records\?page=2&size=10$/);
    await expect(rows(page).first()).not.toHaveAttribute('data-call-id', firstOfPageOne ?? '');
    await page.goBack();
    await expect(page).toHaveURL(/\/call-records\?size=10$/);
    await expect(rows(page).first()).toHaveAttribute('data-call-id', firstOfPageOne ?? '');
  });

  test('shows placeholders while the calls load, then the calls', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(rows(page)).toHaveCount(25);

    // Hold the next search until the loading state has been seen and photographed.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/call-records?*', async (route) => {
      await held;
      await route.continue();
    });
    await page.reload();
    await expect(page.locator('.skeleton-row').first()).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Loading calls' })).toBeAttached();
    // Not saveScreenshot: it waits for the network to go quiet, which the held request prevents.
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'call-records-loading.png'), animations: 'disabled' });
    release();
    await expect(rows(page)).toHaveCount(25);
    await page.unroute('**/api/call-records?*');
  });

  test('a supervisor plays recordings but is not offered downloads', async ({ page }) => {
    const supervisor = { name: 'Sam Supervisor', email: 'sam.supervisor@example.com', password: 'sam-supervisor-0001' };
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/call-records$/);
    await api(page, 'POST', '/api/users', { ...supervisor, role: 'SUPERVISOR' });
    await signOut(page);

    await signIn(page, supervisor.email, supervisor.password);
    await expect(page).toHaveURL(/\/call-records$/);
    await expect(rows(page)).toHaveCount(25);
    await expect(page.getByTestId('row-play').first()).toBeVisible();
    await expect(page.getByTestId('row-download')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Place a test call' })).toHaveCount(0);
    await expect(mainNav(page).getByRole('link', { name: 'Pipeline' })).toHaveCount(0);
    await expect(mainNav(page).getByRole('link', { name: 'Exports' })).toHaveCount(0);

    await page.getByTestId('row-play').first().click();
    await expect(page.getByTestId('player-play')).toBeVisible();
    await expect(page.getByTestId('player-download')).toHaveCount(0);
  });
});
