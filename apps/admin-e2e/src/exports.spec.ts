import { expect, Page, test } from '@playwright/test';
import { CallRecordDto, ExportListDto, Page as ResultPage } from '@callrec/contracts';
import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api } from '../support/call-records';
import { openedDialog, saveScreenshot, signIn } from '../support/pages';
import { E2E_ADMIN } from '../support/stack-config';

const rows = (page: Page) => page.locator('tr[mat-row]');

async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/call-records$/);
  await expect(rows(page).first()).toBeVisible();
}

/** The grid narrowed to Manual Dial calls with a stored recording, as a person sets it. */
async function filterManualDialWithRecording(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Data list' }).click();
  await page.getByRole('option', { name: 'Manual Dial', exact: true }).click();
  await expect(page).toHaveURL(/[?&]list=manual/);
  await page.getByRole('checkbox', { name: 'With recording only' }).check();
  await expect(page).toHaveURL(/[?&]recording=1/);
  await expect(page.getByTestId('result-count')).toHaveText(/^\d+ calls?$/);
}

/** Every call the API lists for the same filters (the seed has far fewer than 200). */
async function manualDialWithRecording(page: Page): Promise<CallRecordDto[]> {
  const result = await api<ResultPage<CallRecordDto>>(page, 'GET', '/api/call-records?manualDial=true&hasRecording=true&pageSize=200');
  expect(result.total).toBe(result.items.length);
  return result.items;
}

test.describe('exports', () => {
  test('"Export CSV" downloads every call of the filtered grid, and only those', async ({ page }) => {
    await signInAsAdmin(page);
    await filterManualDialWithRecording(page);
    const shown = Number((await page.getByTestId('result-count').textContent())?.replace(/\D/g, ''));
    const calls = await manualDialWithRecording(page);
    expect(calls.length).toBe(shown);
    expect(shown).toBeGreaterThan(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^call-records-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...lines] = parse(readFileSync(await download.path())) as string[][];
    expect(header).toEqual([
      'Placed at (UTC)',
      'Agent',
      'Contact',
      'To number',
      'Data list',
      'Call status',
      'Outcome',
      'Duration (s)',
      'Recording status',
      'Recording SID',
      'Recording ID',
    ]);
    expect(lines).toHaveLength(shown);
    for (const line of lines) {
      expect(line[4]).toBe('Manual Dial');
      expect(line[8]).toBe('STORED');
    }
    // Numbers start with +, which a spreadsheet would read as a formula: the cell starts with a quote.
    expect(lines.map((line) => line[3].replace(/^'/, '')).sort()).toEqual(calls.map((call) => call.toNumber).sort());
    expect(lines.map((line) => line[9]).sort()).toEqual(
      calls.map((call) => call.recordings.find((recording) => recording.status === 'STORED')?.twilioRecordingSid).sort(),
    );
    await expect(page.getByTestId('export-csv')).toBeEnabled();
  });

  test('"Export recordings" builds a signed ZIP of the filtered calls that standard tools verify', async ({ page }) => {
    await signInAsAdmin(page);
    await filterManualDialWithRecording(page);
    const calls = await manualDialWithRecording(page);

    await page.getByTestId('export-recordings').click();
    await expect(page).toHaveURL(/\/exports\?new=filters$/);
    const dialog = await openedDialog(page, 'New evidence export', 'Reason');
    await expect(dialog.getByRole('radio', { name: /Current call-records filters/ })).toBeChecked();
    await expect(dialog.getByTestId('scope-filters-summary')).toHaveText(/Manual Dial · With a recording/);
    // The reason is required: submitting without one sends nothing.
    await dialog.getByRole('button', { name: 'Request export' }).click();
    await expect(dialog.getByText('Say who asked for the evidence and why')).toBeVisible();
    await dialog.getByLabel('Reason').fill('Regulator request E2E-001: manual dial calls');
    await saveScreenshot(page, 'exports-new-dialog');
    await dialog.getByRole('button', { name: 'Request export' }).click();
    await expect(dialog).toBeHidden();
    // The dialog opens from the link once: a reload of the page does not open it again.
    await expect(page).toHaveURL(/\/exports$/);

    const row = page.locator('tr[data-export]').filter({ hasText: 'Regulator request E2E-001' });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('export-scope')).toHaveText(/Manual Dial · With a recording/);
    // The list follows the build without a reload, until the bundle is ready.
    await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    const stored = calls.flatMap((call) => call.recordings.filter((recording) => recording.status === 'STORED'));
    await expect(row).toContainText(`${stored.length} ${stored.length === 1 ? 'recording' : 'recordings'}`);
    await saveScreenshot(page, 'exports-page-ready');

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('download-export').click()]);
    const dir = mkdtempSync(join(tmpdir(), 'callrec-e2e-export-'));
    const zip = join(dir, 'bundle.zip');
    await download.saveAs(zip);
    // The system's own tools are the oracle: the archive is sound and every checksum holds.
    execFileSync('unzip', ['-t', '-q', zip]);
    const extracted = join(dir, 'bundle');
    execFileSync('unzip', ['-q', zip, '-d', extracted]);
    const sums = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: extracted, encoding: 'utf8' });
    expect(sums).not.toMatch(/FAILED/);
    const verified = execFileSync(
      'openssl',
      ['pkeyutl', '-verify', '-pubin', '-inkey', 'public-key.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'],
      { cwd: extracted, encoding: 'utf8' },
    );
    expect(verified).toContain('Signature Verified Successfully');
    const recordings = readdirSync(join(extracted, 'recordings'));
    expect(recordings).toHaveLength(stored.length);
    for (const { twilioRecordingSid } of stored) {
      expect(recordings.some((name) => name.includes(twilioRecordingSid))).toBe(true);
    }

    // The link works once: the row drops it and says when the bundle was downloaded.
    await expect(row.getByTestId('download-export')).toHaveCount(0);
    await expect(row).toContainText('Downloaded');
    const listed = await api<ExportListDto>(page, 'GET', '/api/exports');
    const done = listed.items.find((item) => item.reason === 'Regulator request E2E-001: manual dial calls');
    expect(done?.downloadUrl).toBeUndefined();
    expect(done?.downloadedAt).not.toBeNull();
    await saveScreenshot(page, 'exports-page-downloaded');
  });
});
