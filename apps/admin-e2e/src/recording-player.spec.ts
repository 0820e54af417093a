import { expect, Page, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import type { CallRecordDto, MediaTokenResponse } from '@callrec/contracts';
import { api, hangUp, saveWholePage, sha256 } from '../support/call-records';
import { openedDialog, saveScreenshot, signIn, signOut } from '../support/pages';
import { E2E_ADMIN } from '../support/stack-config';

/** A number no demo contact has, so the phone filter finds exactly this call. */
const NUMBER = '+442071838750';
/** Long enough that seeking near the end needs bytes the browser has not fetched yet. */
const CALL_SECONDS = 300;
/** STREAM_MAX_RANGE_BYTES' default: the most one response carries for a role that may not download. */
const MiB = 1024 * 1024;

async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/call-records$/);
}

/** "4:31" → 271. */
function seconds(clock: string | null): number {
  return (clock ?? '')
    .trim()
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);
}

// One story: the call placed in the first test is found, played and downloaded in the next.
test.describe.serial('a test call, from the dialog to the evidence', () => {
  test('an admin places a test call and follows it until its recording is stored', async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByRole('button', { name: 'Place a test call' }).click();
    const dialog = await openedDialog(page, 'Place a test call', 'Number to call');

    await dialog.getByRole('button', { name: 'Place call' }).click();
    await expect(dialog.getByText('Enter the number to call')).toBeVisible();
    await dialog.getByLabel('Number to call').fill('07700 900123');
    await expect(dialog.getByText('Use E.164, such as +14155550123')).toBeVisible();
    await dialog.getByLabel('Number to call').fill(NUMBER);
    await dialog.getByRole('button', { name: 'Place call' }).click();

    // The emulator answers within a second and keeps the line open until someone hangs up.
    await expect(dialog.getByTestId('step-answered')).toHaveAttribute('data-state', 'done');
    await expect(dialog.getByTestId('step-ended')).toHaveAttribute('data-state', 'current');
    await expect(dialog.getByRole('button', { name: 'End call' })).toBeVisible();
    const callSid = (await dialog.getByTestId('step-placed').textContent())?.match(/CA[0-9a-f]{32}/)?.[0];
    expect(callSid).toBeDefined();

    await hangUp(callSid as string, CALL_SECONDS);
    await expect(dialog.getByTestId('step-ended')).toHaveAttribute('data-state', 'done');
    await expect(dialog.getByTestId('step-ended')).toContainText('After 5:00');
    await expect(dialog.getByTestId('step-recording')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(dialog.getByTestId('test-call-status')).toHaveText('Completed');
    await saveScreenshot(page, 'place-test-call');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();

    // The grid learnt about the call from the live events, without a reload.
    const row = page.locator(`tr[data-phone="${NUMBER}"]`);
    await expect(row).toContainText('Manual Dial');
    await expect(row).toContainText('Stored');
    await expect(row).toContainText('Administrator');
  });

  test('an admin ends a call from the dialog', async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByRole('button', { name: 'Place a test call' }).click();
    const dialog = await openedDialog(page, 'Place a test call', 'Number to call');
    await dialog.getByLabel('Number to call').fill('+442071838751');
    await dialog.getByRole('combobox', { name: 'Data list' }).click();
    await page.getByRole('option').nth(1).click();
    await dialog.getByRole('button', { name: 'Place call' }).click();
    await expect(dialog.getByTestId('step-answered')).toHaveAttribute('data-state', 'done');
    // A call must last a moment to be recorded at all (shorter ones end "absent", as at Twilio);
    // this waits for the call to have a length, it measures nothing.
    await page.waitForTimeout(3_000);

    await dialog.getByRole('button', { name: 'End call' }).click();
    await expect(dialog.getByTestId('test-call-status')).toHaveText('Completed');
    await expect(dialog.getByTestId('step-recording')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(dialog.getByRole('button', { name: 'Open recording' })).toBeVisible();
  });

  test('the call is found by its number, played, sought through the waveform and downloaded intact', async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByTestId('filter-phone').fill(NUMBER);
    await expect(page).toHaveURL(/[?&]phone=%2B442071838750/);
    await expect(page.locator('tr[mat-row]')).toHaveCount(1);
    await expect(page.getByTestId('result-count')).toHaveText('1 call');

    await page.getByTestId('row-play').click();
    await expect(page).toHaveURL(/\/call-records\/[0-9a-f-]{36}\?phone=%2B442071838750$/);
    await expect(page.getByTestId('panel-title')).toHaveText(`Call with ${NUMBER}`);
    // The row's click played the call already; pause it to follow the rest of the story.
    await expect.poll(() => audioTime(page)).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    await expect(page.getByTestId('recording-facts')).toContainText('2: agent and customer');
    const waveform = page.getByTestId('waveform');
    await expect(waveform.locator('div').first()).toBeVisible();

    // Every request the audio element makes for the stream, with the first byte it asked for.
    const rangeStarts: number[] = [];
    const statuses: number[] = [];
    page.on('request', (request) => {
      const range = request.headers()['range'];
      if (request.url().includes('/stream') && range) {
        rangeStarts.push(Number(/bytes=(\d+)-/.exec(range)?.[1] ?? -1));
      }
    });
    page.on('response', (response) => {
      if (response.url().includes('/stream')) {
        statuses.push(response.status());
      }
    });

    // Hear only the customer: the Web Audio graph is built inside this click, a user gesture.
    await page.getByRole('button', { name: 'Solo customer' }).click();
    await expect(page.getByRole('button', { name: 'Solo customer' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('player-announcement')).toHaveText('Customer only');

    const elapsed = page.getByTestId('player-elapsed');
    const from = seconds(await elapsed.textContent());
    await page.getByTestId('player-play').click();
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect.poll(async () => seconds(await elapsed.textContent())).toBeGreaterThan(from);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

    const box = await waveform.boundingBox();
    expect(box).not.toBeNull();
    const before = rangeStarts.length;
    await page.mouse.click((box?.x ?? 0) + (box?.width ?? 0) * 0.9, (box?.y ?? 0) + (box?.height ?? 0) / 2);
    // 90 % into the call is about 4:30; the browser fetches it with a range request.
    await expect.poll(async () => seconds(await elapsed.textContent())).toBeGreaterThanOrEqual(CALL_SECONDS * 0.8);
    await expect.poll(() => rangeStarts.slice(before).some((start) => start > 0)).toBe(true);
    expect(statuses).toContain(206);

    // Keyboard: ← goes back ten seconds, wherever focus is inside the player.
    const at = seconds(await elapsed.textContent());
    await page.getByTestId('player-play').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => seconds(await elapsed.textContent())).toBe(at - 10);

    await page.getByRole('button', { name: 'Solo customer' }).click();
    await expect(page.getByTestId('player-announcement')).toHaveText('Both sides audible');
    await saveWholePage(page, 'recording-player', 1280);

    // The download is the stored file, byte for byte: the same hash as the API's own download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('player-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^\d{4}-\d{2}-\d{2}.*_Administrator_.*RE[0-9a-f]{32}\.wav$/);
    const downloaded = sha256(await readFile(await download.path()));

    const callId = /\/call-records\/([0-9a-f-]{36})/.exec(page.url())?.[1] as string;
    const call = await api<CallRecordDto>(page, 'GET', `/api/call-records/${callId}`);
    const token = await api<MediaTokenResponse>(page, 'POST', `/api/recordings/${call.recordings[0].id}/media-token`);
    const direct = await page.request.get(token.downloadUrl);
    expect(direct.status()).toBe(200);
    expect(downloaded).toBe(sha256(await direct.body()));
    await expect(page.getByTestId('recording-sha256')).toHaveText(downloaded);
  });

  test('a supervisor plays the same call and seeks past the first MiB, never sent more than a MiB at once', async ({ page }) => {
    const supervisor = { name: 'Pat Player', email: 'pat.player@example.com', password: 'pat-player-password-0001' };
    await signInAsAdmin(page);
    await api(page, 'POST', '/api/users', { ...supervisor, role: 'SUPERVISOR' });
    await signOut(page);
    await signIn(page, supervisor.email, supervisor.password);
    await expect(page).toHaveURL(/\/call-records$/);

    // What the audio element was sent: status and Content-Range of every stream response.
    const sent: { status: number; start: number; end: number; size: number }[] = [];
    page.on('response', (response) => {
      if (!response.url().includes('/stream')) return;
      const [, start, end, size] = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers()['content-range'] ?? '') ?? [];
      sent.push({ status: response.status(), start: Number(start), end: Number(end), size: Number(size) });
    });
    await page.goto(`/call-records?phone=${encodeURIComponent(NUMBER)}`);
    await page.getByTestId('row-play').click();
    await expect(page.getByTestId('panel-title')).toHaveText(`Call with ${NUMBER}`);
    const elapsed = page.getByTestId('player-elapsed');
    // The row's click plays: no second press.
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect(elapsed).not.toHaveText('0:00');
    await page.getByRole('button', { name: 'Pause' }).click();

    const waveform = page.getByTestId('waveform');
    const box = await waveform.boundingBox();
    await page.mouse.click((box?.x ?? 0) + (box?.width ?? 0) * 0.9, (box?.y ?? 0) + (box?.height ?? 0) / 2);
    await expect.poll(async () => seconds(await elapsed.textContent())).toBeGreaterThanOrEqual(CALL_SECONDS * 0.8);
    const at = seconds(await elapsed.textContent());
    await page.getByTestId('player-play').click();
    await expect.poll(async () => seconds(await elapsed.textContent())).toBeGreaterThan(at);
    await page.getByRole('button', { name: 'Pause' }).click();

    // The file is ~9.6 MB: the browser got it in pieces of at most a MiB, one from far past the first.
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => r.status === 206 && r.end - r.start + 1 <= MiB && r.size > 5 * MiB)).toBe(true);
    expect(sent.some((r) => r.start > MiB)).toBe(true);
  });

  test('the player is a deep link that survives a reload, and Escape closes it back to the same grid', async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto(`/call-records?phone=${encodeURIComponent(NUMBER)}`);
    await page.getByTestId('row-play').click();
    await expect(page.getByTestId('panel-title')).toHaveText(`Call with ${NUMBER}`);

    await page.reload();
    await expect(page.getByTestId('panel-title')).toHaveText(`Call with ${NUMBER}`);
    // Nobody clicked play in this page: a deep link opens the player paused.
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/\/call-records\?phone=%2B442071838750$/);
    await expect(page.getByTestId('panel-title')).toHaveCount(0);
  });
});

/** Where the player's `<audio>` element is, read from the element itself. */
function audioTime(page: Page): Promise<number> {
  return page.getByTestId('player-audio').evaluate((audio: HTMLAudioElement) => audio.currentTime);
}

// A real click is a user gesture: the browser lets the sound start from it, if the player asks.
test.describe('one click on a row plays the call', () => {
  test('a click on the play control opens the player and plays, and so does Enter on it', async ({ page }) => {
    await signInAsAdmin(page);
    const play = page.getByTestId('row-play').first();
    await play.click();
    await expect(page.getByTestId('panel-title')).toBeVisible();
    await expect.poll(() => audioTime(page)).toBeGreaterThan(0);
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect(page.getByTestId('player-press-play')).toHaveCount(0);
    await saveScreenshot(page, 'one-click-play');

    await page.keyboard.press('Escape');
    await expect(page.getByTestId('panel-title')).toHaveCount(0);
    await play.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('panel-title')).toBeVisible();
    await expect.poll(() => audioTime(page)).toBeGreaterThan(0);
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  });
});
