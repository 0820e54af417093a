import { expect, test } from '@playwright/test';
import type { CallRecordDto, ParkedWebhookEvent, PipelineOverview } from '@callrec/contracts';
import { randomBytes } from 'node:crypto';
import { api, hangUp, saveWholePage, setCallFaults, setNumberFaults } from '../support/call-records';
import { mainNav, saveScreenshot, signIn } from '../support/pages';
import { E2E_ADMIN, EMULATOR_ACCOUNT_SID } from '../support/stack-config';
import { postTwilioCallback } from '../support/twilio-callbacks';

/** Twilio's media server keeps failing for this number until the test clears the fault. */
const BROKEN_NUMBER = '+442071838799';

test.describe('the recording pipeline', () => {
  test('an admin sees where recordings stand and runs the reconciliation sweep', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/call-records$/);
    await mainNav(page).getByRole('link', { name: 'Pipeline' }).click();

    await expect(page).toHaveURL(/\/pipeline$/);
    await expect(page.getByRole('heading', { name: 'Recording pipeline', level: 1 })).toBeVisible();
    // The seed leaves one call whose recording Twilio reported absent; specs before this one may
    // add more (coverage makes a gap that way), so the page must show what the API counts.
    const { counts } = await api<PipelineOverview>(page, 'GET', '/api/recordings/pipeline');
    expect(counts.ABSENT).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('stat-absent').locator('.value')).toHaveText(String(counts.ABSENT));
    await expect(page.getByTestId('stat-stored').locator('.value')).toHaveText(/^\d+$/);
    await expect(page.getByTestId('stat-queued').locator('.value')).toHaveText(/^\d+$/);
    await expect(page.getByTestId('queue-recordings')).toContainText('Downloads');

    await page.getByTestId('reconcile').click();
    await expect(page.getByText('Reconciliation started')).toBeVisible();
    await saveScreenshot(page, 'pipeline');
  });

  test('a recording whose download keeps failing is listed with its error, explained in the player, and retried', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/call-records$/);

    await setNumberFaults(BROKEN_NUMBER, { media500Count: 1000 });
    const call = await api<CallRecordDto>(page, 'POST', '/api/calls', { to: BROKEN_NUMBER });
    await setNumberFaults(BROKEN_NUMBER, null);
    const read = () => api<CallRecordDto>(page, 'GET', `/api/call-records/${call.id}`);
    await expect.poll(async () => (await read()).status).toBe('in-progress');
    await hangUp(call.twilioCallSid as string, 8);
    await expect.poll(async () => (await read()).recordings[0]?.status, { timeout: 30_000 }).toBe('FAILED');

    await page.goto('/pipeline');
    const failed = page.getByTestId('failed-recording');
    await expect(failed).toHaveCount(1);
    await expect(failed).toContainText(BROKEN_NUMBER);
    await expect(failed).toContainText('3 attempts');
    await expect(page.getByTestId('stat-failed').locator('.value')).toHaveText('1');
    await saveScreenshot(page, 'pipeline-failed');

    await failed.getByRole('link', { name: 'Open call' }).click();
    await expect(page.getByTestId('recording-notice')).toContainText('The recording could not be downloaded');
    await expect(page.getByRole('button', { name: 'Retry download' })).toBeVisible();
    await page.goBack();

    // The cause is fixed (Twilio serves the media again); the admin retries.
    await setCallFaults(call.twilioCallSid as string, { media500Count: 0 });
    await failed.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByText(/Downloading RE[0-9a-f]{32} again/)).toBeVisible();
    await expect(page.getByText('No failed recordings')).toBeVisible();
    await expect.poll(async () => (await read()).recordings[0]?.status).toBe('STORED');
  });

  test('a callback that can never be applied is parked, listed with its error, and retried on demand', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/call-records$/);

    // Signed like Twilio's, but about a call that is not ours: no try can apply it.
    const callSid = `CA${randomBytes(16).toString('hex')}`;
    const recordingSid = `RE${randomBytes(16).toString('hex')}`;
    await postTwilioCallback('recording-status', {
      AccountSid: EMULATOR_ACCOUNT_SID,
      CallSid: callSid,
      RecordingSid: recordingSid,
      RecordingStatus: 'completed',
      RecordingDuration: '8',
      RecordingChannels: '2',
    });
    const parkedEvent = async (): Promise<ParkedWebhookEvent | undefined> =>
      (await api<PipelineOverview>(page, 'GET', '/api/recordings/pipeline')).parkedWebhookEvents.items.find(
        (event) => event.recordingSid === recordingSid,
      );
    // The stack parks after three tries (WEBHOOK_MAX_ATTEMPTS in its environment).
    await expect.poll(async () => (await parkedEvent())?.attempts).toBe(3);
    const firstParkedAt = (await parkedEvent())?.parkedAt;

    await page.goto('/pipeline');
    const parked = page.getByTestId('parked-webhook-event').filter({ hasText: recordingSid });
    await expect(parked).toContainText(`No call record has the Twilio SID ${callSid} yet`);
    await expect(parked).toContainText('Recording status');
    await expect(parked).toContainText('3 attempts');
    // The whole page: the parked list sits below the failed one, under the fold.
    await saveWholePage(page, 'pipeline-parked-webhook', 1280);

    await parked.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByText(`Applying the callback for ${recordingSid} again`)).toBeVisible();
    // The cause is still there, so three fresh tries fail and park it again: a retry is a real one.
    await expect
      .poll(async () => {
        const event = await parkedEvent();
        return event && event.parkedAt !== firstParkedAt ? event.attempts : undefined;
      })
      .toBe(3);
  });
});
