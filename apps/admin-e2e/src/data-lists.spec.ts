import { expect, Page, test } from '@playwright/test';
import { saveWholePage } from '../support/call-records';
import { mainNav, openedDialog, signIn } from '../support/pages';
import { E2E_ADMIN } from '../support/stack-config';

/**
 * Design 9.10: an admin creates a data list, imports its contacts from a CSV file with one
 * bad line, reads the counts and the rejected line, and finds the new list among the call
 * records' filters without reloading the app.
 */
const LIST = 'E2E Autumn Leads';
const EXTERNAL_ID = 'e2e-autumn-01';
// Line 1 is the header, so the bad row is line 4; a national number is stored in E.164.
const CSV = [
  'phone,name,external_id,ignored_column',
  '+14155550181,Ann Import,e2e-c-1,x',
  '(415) 555-0182,Bob Import,e2e-c-2,y',
  'not-a-phone,Bad Line,e2e-c-3,z',
  '',
].join('\n');

async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/call-records$/);
}

test.describe('data lists', () => {
  test('an admin creates a list, imports a CSV with one bad line, and finds the list in the call-records filter', async ({ page }) => {
    await signInAsAdmin(page);
    await mainNav(page).getByRole('link', { name: 'Data lists' }).click();
    await expect(page).toHaveURL(/\/data-lists$/);
    await expect(page.getByRole('heading', { name: 'Data lists', level: 1 })).toBeVisible();

    await page.getByRole('button', { name: 'New data list' }).first().click();
    const dialog = await openedDialog(page, 'New data list', 'Name');
    await dialog.getByRole('button', { name: 'Create list' }).click();
    await expect(dialog.getByText('Give the list a name people will recognise')).toBeVisible();
    await dialog.getByLabel('Name').fill(LIST);
    await dialog.getByLabel('External id').fill(EXTERNAL_ID);
    await dialog.getByLabel('Description').fill('Leads bought for the autumn campaign');
    await dialog.getByRole('button', { name: 'Create list' }).click();
    await expect(dialog).toBeHidden();

    const row = page.locator(`tr[data-list="${LIST}"]`);
    await expect(row).toContainText(EXTERNAL_ID);
    await expect(row.getByTestId('contact-count')).toHaveText('0');

    // A second list with the same external id is refused, and the dialog says which field.
    await page.getByRole('button', { name: 'New data list' }).first().click();
    const duplicate = await openedDialog(page, 'New data list', 'Name');
    await duplicate.getByLabel('Name').fill(`${LIST} (copy)`);
    await duplicate.getByLabel('External id').fill(EXTERNAL_ID);
    await duplicate.getByRole('button', { name: 'Create list' }).click();
    await expect(duplicate.getByTestId('data-list-error')).toBeVisible();
    await expect(duplicate.getByText('Another list already has this external id')).toBeVisible();
    await duplicate.getByRole('button', { name: 'Cancel' }).click();
    await expect(duplicate).toBeHidden();

    await row.getByRole('link', { name: LIST }).click();
    await expect(page).toHaveURL(/\/data-lists\/[^/?]+$/);
    await expect(page.getByRole('heading', { name: LIST, level: 1 })).toBeVisible();
    await expect(page.getByText('No contacts in this list')).toBeVisible();
    await expect(page.getByText('No imports yet')).toBeVisible();

    await page.getByTestId('csv-file').setInputFiles({ name: 'autumn-leads.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    const progress = page.getByTestId('import-progress');
    await expect(progress).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
    await expect(progress.getByTestId('count-total').locator('.value')).toHaveText('3');
    await expect(progress.getByTestId('count-imported').locator('.value')).toHaveText('2');
    await expect(progress.getByTestId('count-updated').locator('.value')).toHaveText('0');
    await expect(progress.getByTestId('count-rejected').locator('.value')).toHaveText('1');
    const errorRows = progress.getByTestId('error-row');
    await expect(errorRows).toHaveCount(1);
    await expect(errorRows.first().locator('td').first()).toHaveText('4');
    await expect(errorRows.first()).toContainText('not-a-phone');
    await expect(page.getByText('Import finished: 2 added, 0 updated; 1 line rejected')).toBeVisible();

    // The list, its contacts and its imports are read again once the import has ended.
    await expect(page.getByTestId('list-contact-count')).toHaveText('2');
    await expect(page.locator('tr[data-phone="+14155550181"]')).toContainText('Ann Import');
    await expect(page.locator('tr[data-phone="+14155550182"]')).toContainText('Bob Import');
    await expect(page.getByTestId('import-row')).toHaveCount(1);
    await saveWholePage(page, 'data-list-import', 1280);

    // The same file again updates rather than duplicates (idempotent by external id).
    await page.getByTestId('csv-file').setInputFiles({ name: 'autumn-leads.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await expect(page.getByTestId('import-row')).toHaveCount(2, { timeout: 30_000 });
    await expect(progress.getByTestId('count-updated').locator('.value')).toHaveText('2');
    await expect(progress.getByTestId('count-imported').locator('.value')).toHaveText('0');
    await expect(page.getByTestId('list-contact-count')).toHaveText('2');

    await page.getByTestId('contact-phone').fill('0182');
    await expect(page).toHaveURL(/[?&]phone=0182/);
    await expect(page.getByTestId('contact-row')).toHaveCount(1);
    await expect(page.getByTestId('contact-row')).toContainText('Bob Import');

    // The call-records filter asks for the lists when its page opens: the new one is there.
    await mainNav(page).getByRole('link', { name: 'Call records' }).click();
    await expect(page).toHaveURL(/\/call-records/);
    await page.getByRole('combobox', { name: 'Data list' }).click();
    await expect(page.getByRole('option', { name: LIST, exact: true })).toBeVisible();
    await page.keyboard.press('Escape');

    // So does the legal-hold dialog.
    await mainNav(page).getByRole('link', { name: 'Legal holds' }).click();
    await page.getByRole('button', { name: 'Place hold' }).first().click();
    const hold = await openedDialog(page, 'Place a legal hold', 'Case name');
    await hold.getByRole('combobox', { name: /Data list/ }).click();
    await expect(page.getByRole('option', { name: LIST, exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
  });
});
