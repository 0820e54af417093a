import { expect, test } from '@playwright/test';
import type { CallRecordDto, CoverageReport } from '@callrec/contracts';
import { api, hangUp, saveWholePage, setNumberFaults } from '../support/call-records';
import { mainNav, saveScreenshot, signIn } from '../support/pages';
import { E2E_ADMIN, EMULATOR_PORT } from '../support/stack-config';

/** Twilio reports every recording of this number absent, so its calls are coverage gaps. */
const SILENT_NUMBER = '+442071838770';
/** Called from Twilio without our API asking: reconciliation adopts its recording as an orphan. */
const ORPHAN_NUMBER = '+442071838771';

test.describe('coverage', () => {
  test('a call whose recording Twilio reported absent shows as a gap, down to the call itself', async ({ page }) => {
    // A call placed, answered, hung up and its recording reported: more than the default minute on two busy cores.
    test.setTimeout(120_000);
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    // Run on its own, this is the fresh stack's first sign-in: its first page takes longest to arrive.
    await expect(page).toHaveURL(/\/call-records$/, { timeout: 30_000 });

    // A real gap through the real stack: the emulator answers, records nothing, and says so.
    await setNumberFaults(SILENT_NUMBER, { recordingAbsent: true });
    const call = await api<CallRecordDto>(page, 'POST', '/api/calls', { to: SILENT_NUMBER });
    await setNumberFaults(SILENT_NUMBER, null);
    const read = () => api<CallRecordDto>(page, 'GET', `/api/call-records/${call.id}`);
    await expect.poll(async () => (await read()).status).toBe('in-progress');
    await hangUp(call.twilioCallSid as string, 12);
    await expect.poll(async () => (await read()).recordings[0]?.status, { timeout: 30_000 }).toBe('ABSENT');
    const report = await api<CoverageReport>(page, 'GET', '/api/coverage?groupBy=agent&timeZone=Europe/London');

    await mainNav(page).getByRole('link', { name: 'Coverage' }).click();
    await expect(page).toHaveURL(/\/coverage$/);
    await expect(page.getByRole('heading', { name: 'Coverage', level: 1 })).toBeVisible();

    // The summary says what the API counted, and alerts.
    const gaps = report.total.missing + report.total.failed + report.total.absent;
    expect(report.total.absent).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('stat-answered').locator('.value')).toHaveText(String(report.total.answered));
    await expect(page.getByTestId('stat-gaps').locator('.value')).toHaveText(String(gaps));
    await expect(page.getByTestId('stat-coverage')).toHaveClass(/tone-error/);
    await expect(page.getByTestId('coverage-alert')).toContainText('below the 99.0%');
    // The chart is drawn (Chart.js sizes its canvas) and says in words what it shows.
    const chart = page.getByTestId('coverage-chart');
    await expect(chart).toHaveAttribute('aria-label', /calls not recorded; the lowest is/);
    await expect.poll(async () => (await chart.boundingBox())?.height ?? 0).toBeGreaterThan(150);
    // The admin placed the call: its agent row has the gap, worst first among the agents.
    const adminRow = page.getByTestId('coverage-by-agent').getByRole('row').filter({ hasText: E2E_ADMIN.name });
    await expect(adminRow.getByTestId('coverage-drill')).toBeVisible();
    await saveWholePage(page, 'coverage-page', 1280);

    // Today's bar is the last one: a click anywhere in its column (Chart.js's index mode) drills into the day.
    const today = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
    const box = await chart.boundingBox();
    await chart.click({ position: { x: (box?.width ?? 0) - 12, y: (box?.height ?? 0) * 0.35 } });
    await expect(page).toHaveURL(new RegExp(`/coverage\\?day=${today}$`));
    await expect(page.getByTestId('coverage-drill-chip')).toContainText('Only the day:');
    // The table of days carries the chart's numbers, with the day drilled into marked.
    await page.getByRole('button', { name: 'Show as a table' }).click();
    await expect(page.locator(`#days-table tr[data-key="${today}"]`)).toHaveClass(/selected/);
    await page.getByRole('button', { name: 'Hide the table' }).click();

    const missing = page.getByTestId('missing-call').filter({ hasText: SILENT_NUMBER });
    await expect(missing).toHaveCount(1);
    await expect(missing.locator('app-coverage-reason-chip .label')).toHaveText('Absent');
    await expect(missing.getByTestId('missing-detail')).toContainText(/absent/i);
    await expect(missing).toContainText(E2E_ADMIN.name);
    await missing.scrollIntoViewIfNeeded();
    await saveWholePage(page, 'coverage-drilldown', 1280);

    // The reason filter narrows the list to absent recordings; the call is still there.
    await page.getByRole('combobox', { name: 'Reason' }).click();
    await page.getByRole('option', { name: 'Absent' }).click();
    await expect(page).toHaveURL(/reason=ABSENT/);
    await expect(missing).toHaveCount(1);

    await missing.getByTestId('missing-open').click();
    await expect(page).toHaveURL(new RegExp(`/call-records/${call.id}$`));
    await expect(page.getByTestId('panel-title')).toHaveText(`Call with ${SILENT_NUMBER}`);
    await expect(page.getByTestId('recording-notice')).toContainText('absent');
  });

  test('an orphan Twilio recorded is adopted by reconciliation, found with Orphans only, and attached by an admin', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/call-records$/, { timeout: 30_000 });

    // A recorded call our API never placed (the emulator's unsolicited call), then a reconciliation.
    const made = await fetch(`http://127.0.0.1:${EMULATOR_PORT}/_emulator/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: ORPHAN_NUMBER, durationSeconds: 20 }),
    });
    expect(made.status, await made.clone().text()).toBe(201);
    const orphans = () =>
      api<{ items: CallRecordDto[] }>(page, 'GET', `/api/call-records?orphan=true&phone=${encodeURIComponent(ORPHAN_NUMBER)}`);
    // Twilio (the emulator) finishes the recording a moment after the call: a reconciliation run
    // before that finds nothing completed to adopt, so each poll asks for another until it is stored.
    await expect
      .poll(
        async () => {
          const status = (await orphans()).items[0]?.recordings[0]?.status;
          if (status === undefined) await api(page, 'POST', '/api/recordings/reconcile');
          return status;
        },
        { timeout: 30_000, intervals: [1000] },
      )
      .toBe('STORED');
    const orphan = (await orphans()).items[0];

    await page.getByTestId('filter-orphans').click();
    await expect(page).toHaveURL(/\?orphan=true$/);
    const row = page.locator(`tr[data-call-id="${orphan.id}"]`);
    await expect(row.locator('td.agent')).toContainText('Unassigned');
    await expect(row.getByTestId('orphan-chip')).toBeVisible();
    await page.mouse.move(0, 0);
    await saveScreenshot(page, 'call-records-orphans');

    await row.getByTestId('row-play').click();
    await expect(page.getByTestId('panel-agent')).toContainText('Unassigned');
    await page.getByTestId('attach-call').click();
    const dialog = page.getByRole('dialog', { name: 'Attach this call' });
    await dialog.getByRole('combobox', { name: 'Agent' }).click();
    await page.getByRole('option', { name: 'Avery Agent' }).click();
    await dialog.getByRole('combobox', { name: 'Data list' }).click();
    await page.getByRole('option', { name: 'Spring Renewals' }).click();
    await dialog.getByLabel('Reason').fill('Avery took this call on the desk phone');
    await dialog.getByRole('button', { name: 'Attach' }).click();
    await expect(dialog).toBeHidden();

    await expect(page.getByText('The call is attached to Avery Agent')).toBeVisible();
    await expect(page.getByTestId('panel-agent')).toContainText('Avery Agent');
    // Still an orphan (how it arrived is a fact), now with its agent in the grid's row too.
    await expect(row.locator('td.agent')).toContainText('Avery Agent');
    await expect(row.getByTestId('orphan-chip')).toBeVisible();
    const attached = await api<CallRecordDto>(page, 'GET', `/api/call-records/${orphan.id}`);
    expect(attached.agent?.name).toBe('Avery Agent');
    expect(attached.dataListLabel).toBe('Spring Renewals');
  });
});
