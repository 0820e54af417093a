import { expect, Page, test } from '@playwright/test';
import { mainNav, openedDialog, saveScreenshot, signIn, signOut } from '../support/pages';
import { E2E_ADMIN } from '../support/stack-config';

const colleague = {
  name: 'Casey Compliance',
  email: 'casey.compliance@example.com',
  password: 'casey-password-0001',
};

function userRow(page: Page, email: string) {
  return page.locator(`tr[data-email="${email}"]`);
}

// One story: what the admin creates in the first test is used by the next ones.
test.describe.serial('managing users', () => {
  test('an admin adds a compliance user on the Users page', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await mainNav(page).getByRole('link', { name: 'Users' }).click();

    await expect(page).toHaveURL(/\/users$/);
    await expect(userRow(page, E2E_ADMIN.email)).toContainText('You');

    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = await openedDialog(page, 'Add user', 'Full name');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog.getByText("Enter the person's name")).toBeVisible();
    await expect(dialog.getByText('Choose what this person may do')).toBeVisible();

    await dialog.getByLabel('Full name').fill(colleague.name);
    await dialog.getByLabel('Email').fill(colleague.email);
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: /^Compliance/ }).click();
    await dialog.getByLabel('Password', { exact: true }).fill('too-short');
    await expect(dialog.getByText('Use at least 12 characters')).toBeVisible();
    await dialog.getByLabel('Password', { exact: true }).fill(colleague.password);
    await saveScreenshot(page, 'create-user-dialog');
    await dialog.getByRole('button', { name: 'Create user' }).click();

    await expect(dialog).toBeHidden();
    const row = userRow(page, colleague.email);
    await expect(row).toContainText(colleague.name);
    await expect(row).toContainText('Compliance');
    await expect(row).toContainText('Active');
    await saveScreenshot(page, 'users');
  });

  test('a second account with the same email is refused with the API message', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/call-records$/);
    await page.goto('/users');

    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = await openedDialog(page, 'Add user', 'Full name');
    await dialog.getByLabel('Full name').fill('Casey Again');
    await dialog.getByLabel('Email').fill(colleague.email.toUpperCase());
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: /^Supervisor/ }).click();
    await dialog.getByLabel('Password', { exact: true }).fill('another-password-0001');
    await dialog.getByRole('button', { name: 'Create user' }).click();

    await expect(dialog.getByTestId('create-user-error')).toHaveText(`A user with the email ${colleague.email} already exists`);
    await expect(dialog.getByText('Someone already signs in with this email')).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  });

  test('the new user signs in and does not see Users', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, colleague.email, colleague.password);

    await expect(page).toHaveURL(/\/call-records$/);
    await expect(page.getByTestId('user-name')).toHaveText(colleague.name);
    await expect(page.getByTestId('user-role')).toHaveText('Compliance');
    await expect(mainNav(page).getByRole('link', { name: 'Call records' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Users' })).toHaveCount(0);
    await expect(mainNav(page).getByRole('link', { name: 'Pipeline' })).toHaveCount(0);
    await mainNav(page).getByRole('link', { name: 'Overview' }).click();
    await expect(page.getByTestId('greeting')).toContainText('Casey');
    await saveScreenshot(page, 'overview-compliance');

    await page.goto('/users');
    await expect(page).toHaveURL(/\/call-records$/);
    await expect(page.getByText('That page needs the ADMIN role.')).toBeVisible();
    await signOut(page);
  });

  test('an admin changes the role inline and deactivates the user, who can no longer sign in', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/call-records$/);
    await page.goto('/users');
    const row = userRow(page, colleague.email);

    await row.getByRole('combobox', { name: `Role of ${colleague.name}` }).click();
    await page.getByRole('option', { name: /^Supervisor/ }).click();
    await expect(page.getByText(`${colleague.name} is now Supervisor`)).toBeVisible();
    await expect(row).toContainText('Supervisor');

    await row.getByRole('button', { name: `Deactivate ${colleague.name}` }).click();
    const confirm = page.getByRole('dialog', { name: `Deactivate ${colleague.name}?` });
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await expect(row).toContainText('Inactive');
    await expect(row.getByRole('button', { name: `Reactivate ${colleague.name}` })).toBeVisible();
    await signOut(page);

    await signIn(page, colleague.email, colleague.password);
    await expect(page.getByTestId('sign-in-error')).toHaveText('Email or password is incorrect');
  });
});
