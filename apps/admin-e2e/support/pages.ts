import { expect, Locator, Page } from '@playwright/test';
import { join } from 'node:path';
import { SCREENSHOT_DIR } from './stack-config';

/** Fills and submits the sign-in form the way a person would. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('account-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

/**
 * The dialog named `name`, once the focus it gives its first field on opening has landed.
 * Typing waits for that: a fill is a focus and then the text, and a focus that moved in
 * between once split text meant for one field between two.
 */
export async function openedDialog(page: Page, name: string, firstField: string): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name });
  await expect(dialog.getByLabel(firstField)).toBeFocused();
  return dialog;
}

/** Full-page screenshots for people reviewing the look; not compared against anything. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  // Let snack bars and ripples finish so the picture shows the settled page.
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, animations: 'disabled' });
}
