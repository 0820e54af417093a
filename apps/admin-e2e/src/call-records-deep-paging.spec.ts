import { expect, Page, test } from '@playwright/test';
import { withDatabase } from '../support/data-stores';
import { saveScreenshot, signIn } from '../support/pages';
import { join } from 'node:path';
import { E2E_ADMIN, SCREENSHOT_DIR } from '../support/stack-config';

const CALLS = 10_060;
const rows = (page: Page) => page.locator('tr[mat-row]');

/** The numbers of the calls on screen: each call's index is the last five digits of its number. */
async function shownIndexes(page: Page): Promise<number[]> {
  const phones = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-phone') ?? ''));
  return phones.map((phone) => Number(phone.slice(-5)));
}

/** Indexes `from` down to `to`, the way the grid lists them (newest first). */
const descending = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

test.describe('the call-records grid past 10,000 calls', () => {
  // 10,060 calls under a phone prefix of this run, call i placed i minutes after the first:
  // written in one statement (a browser test cannot place ten thousand calls in time).
  const prefix = `+5${Math.floor(1000 + Math.random() * 9000)}`;

  test.beforeAll(async () => {
    await withDatabase((client) =>
      client.query(
        `INSERT INTO "CallRecord" (id, "fromNumber", "toNumber", "placedAt", status, "durationSeconds", "updatedAt")
         SELECT gen_random_uuid(), '+14155550000', $1 || lpad(g::text, 5, '0'), timestamp '2024-01-01' + g * interval '1 minute',
           'completed', 30, now()
         FROM generate_series(0, $2::int - 1) g`,
        [prefix, CALLS],
      ),
    );
  });

  // The stack is shared by every spec: ten thousand extra calls would turn the other grids'
  // exact counts into estimates and push their own calls off the first pages.
  test.afterAll(async () => {
    await withDatabase((client) => client.query(`DELETE FROM "CallRecord" WHERE "toNumber" LIKE $1 || '%'`, [prefix]));
  });

  test('flags the total as an estimate and pages past 10,000 by cursor, forwards and back', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/call-records$/);

    // Page 100 of 100 calls is the last one a page number reaches within the exact count.
    await page.goto(`/call-records?phone=${encodeURIComponent(prefix)}&size=100&page=100`);
    // The planner's estimate of a table it has not analysed since: at least the 10,001 counted.
    await expect(page.getByTestId('result-count')).toHaveText(/^10,000\+ calls( \(about [\d,]+\))?$/);
    await expect(page.locator('.mat-mdc-paginator-range-label')).toHaveText(/^\s*9,901 – 10,000 of (about [\d,]+|more than 10,000)\s*$/);
    await expect.poll(() => shownIndexes(page)).toEqual(descending(10_059 - 9_900, 10_059 - 9_999));
    await saveScreenshot(page, 'call-records-estimated-total');
    const footer = page.locator('.app-list-footer');
    await footer.scrollIntoViewIfNeeded();
    await footer.screenshot({ path: join(SCREENSHOT_DIR, 'call-records-estimated-total-footer.png'), animations: 'disabled' });

    // Page 101 starts after the cursor of page 100: the last 60 calls, down to the very first.
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/[?&]page=101(&|$)/);
    await expect(page).toHaveURL(/[?&]after=[\w-]+/);
    await expect.poll(() => shownIndexes(page)).toEqual(descending(59, 0));
    await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();

    // Back to page 100, by number again, and forward once more by the remembered cursor.
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect(page).toHaveURL(/[?&]page=100(&|$)/);
    await expect(page).not.toHaveURL(/[?&]after=/);
    await expect.poll(() => shownIndexes(page)).toEqual(descending(159, 60));
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => shownIndexes(page)).toEqual(descending(59, 0));

    // A reload keeps the cursor page; a new filter starts again at page 1, without the cursor.
    await page.reload();
    await expect.poll(() => shownIndexes(page)).toEqual(descending(59, 0));
    await page.getByRole('columnheader', { name: 'Duration' }).click();
    await expect(page).not.toHaveURL(/[?&](after|page)=/);
    await expect(rows(page)).toHaveCount(100);
  });
});
