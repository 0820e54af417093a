import { expect, Page, test } from '@playwright/test';
import type { ApiKeyDto, CallRecordDto, Page as ResultPage, WebhookDeliveryDto, WebhookEndpointDto } from '@callrec/contracts';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { api, hangUp, saveWholePage } from '../support/call-records';
import { mainNav, openedDialog, signIn } from '../support/pages';
import { E2E_ADMIN } from '../support/stack-config';

/**
 * Design 9.10, the Integrations page: an API key shown once, used, and revoked; a webhook
 * endpoint on a receiver started here (the stack runs with WEBHOOK_ALLOW_PRIVATE=true so
 * 127.0.0.1 is allowed, and with short delivery delays so a failing delivery gives up in
 * seconds), its delivery log with every attempt, and a retry that lands.
 */
const KEY_NAME = 'E2E CRM reader';
const CALLED = '+14155550191';

async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/call-records$/);
}

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly answered: number;
}

/** A CRM's webhook receiver on a free loopback port: it fails until told to accept. */
class Receiver {
  public readonly received: Received[] = [];
  public accepting = false;
  private server?: Server;

  public async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const answered = this.accepting ? 204 : 503;
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
        response.writeHead(answered, { 'content-type': 'text/plain' });
        response.end(this.accepting ? '' : 'receiver down for maintenance');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/calls`;
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

test.describe('integrations', () => {
  test('an admin creates an API key, sees it once, uses it, and revokes it', async ({ page }) => {
    await signInAsAdmin(page);
    await mainNav(page).getByRole('link', { name: 'Integrations' }).click();
    await expect(page).toHaveURL(/\/integrations$/);
    await expect(page.getByTestId('api-keys')).toContainText('No API keys');

    await page.getByRole('button', { name: 'New API key' }).click();
    const dialog = await openedDialog(page, 'New API key', 'Name');
    await dialog.getByLabel('Name').fill(KEY_NAME);
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: /^Reader/ }).click();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    // Exactly: "Your new API key" opens as this one closes, and its name contains this one's.
    await expect(page.getByRole('dialog', { name: 'New API key', exact: true })).toBeHidden();

    const shown = page.getByRole('dialog', { name: 'Your new API key' });
    await expect(shown).toContainText('you will not see it again');
    const key = ((await shown.getByTestId('shown-secret').textContent()) ?? '').trim();
    expect(key.length).toBeGreaterThan(20);
    await shown.getByTestId('copy-secret').click();
    await expect(shown.getByTestId('copy-secret')).toContainText('Copied');
    await saveWholePage(page, 'api-key-shown-once', 1280);
    await shown.getByRole('button', { name: 'Done' }).click();
    await expect(shown).toBeHidden();
    await expect(page.getByText(key)).toHaveCount(0);

    const row = page.locator(`tr[data-key="${KEY_NAME}"]`);
    await expect(row).toContainText('Reader');
    await expect(row.getByTestId('key-status')).toContainText('Active');
    const prefix = ((await row.locator('td.mono').textContent()) ?? '').replace('…', '').trim();
    expect(key.startsWith(prefix)).toBe(true);

    // The key reads call records as a machine, without anyone's password.
    const withKey = () => page.request.fetch('/api/call-records?pageSize=1', { headers: { Authorization: `Bearer ${key}` } });
    expect((await withKey()).status()).toBe(200);
    const keys = () => api<ApiKeyDto[]>(page, 'GET', '/api/api-keys');
    await expect.poll(async () => (await keys()).find((k) => k.name === KEY_NAME)?.lastUsedAt ?? null).not.toBeNull();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(row).not.toContainText('Never');

    await row.getByRole('button', { name: `Revoke ${KEY_NAME}` }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke ${KEY_NAME}?` });
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await expect(row.getByTestId('key-status')).toContainText('Revoked');
    await expect(row.getByRole('button', { name: `Revoke ${KEY_NAME}` })).toHaveCount(0);
    expect((await withKey()).status()).toBe(401);

    // The audit log names the machine that acted.
    await mainNav(page).getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByTestId('api-key-actor').first()).toContainText(`API key: ${KEY_NAME}`);
  });

  test('an admin adds a webhook endpoint, reads its delivery log and retries a failed delivery', async ({ page }) => {
    test.setTimeout(120_000);
    const receiver = new Receiver();
    const url = await receiver.start();
    try {
      await signInAsAdmin(page);
      await page.goto('/integrations');
      await page.getByRole('button', { name: 'New endpoint' }).click();
      const dialog = await openedDialog(page, 'New webhook endpoint', 'URL');
      await dialog.getByLabel('URL').fill(url);
      // Only the end of calls, so one call makes exactly one delivery.
      for (const event of ['recording.stored', 'recording.failed', 'recording.deleted']) {
        await dialog.getByRole('checkbox', { name: new RegExp(event.replace('.', '\\.')) }).uncheck();
      }
      await dialog.getByLabel('Description').fill('E2E receiver');
      await dialog.getByRole('button', { name: 'Add endpoint' }).click();
      await expect(dialog).toBeHidden();

      const shown = page.getByRole('dialog', { name: 'The endpoint’s signing secret' });
      await expect(shown).toContainText('you will not see it again');
      const secret = ((await shown.getByTestId('shown-secret').textContent()) ?? '').trim();
      expect(secret).toMatch(/^whsec_/);
      await shown.getByRole('button', { name: 'Done' }).click();

      const row = page.locator(`tr[data-endpoint="${url}"]`);
      await expect(row).toContainText('call.completed');
      await expect(row).not.toContainText('recording.stored');
      await expect(row).toContainText('E2E receiver');
      const endpoints = await api<WebhookEndpointDto[]>(page, 'GET', '/api/webhook-endpoints');
      const endpoint = endpoints.find((candidate) => candidate.url === url) as WebhookEndpointDto;
      expect(endpoint).toBeDefined();

      // A call ends: the receiver is told, refuses every attempt, and the delivery gives up.
      const call = await api<CallRecordDto>(page, 'POST', '/api/calls', { to: CALLED });
      const read = () => api<CallRecordDto>(page, 'GET', `/api/call-records/${call.id}`);
      await expect.poll(async () => (await read()).status).toBe('in-progress');
      await hangUp(call.twilioCallSid as string, 12);
      await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThan(0);
      const deliveries = () => api<ResultPage<WebhookDeliveryDto>>(page, 'GET', `/api/webhook-endpoints/${endpoint.id}/deliveries`);
      await expect.poll(async () => (await deliveries()).items[0]?.status, { timeout: 45_000 }).toBe('FAILED');

      // Exactly: the URL cell also links to the deliveries, named "Deliveries to <url>".
      await row.getByRole('link', { name: 'Deliveries', exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/integrations/webhooks/${endpoint.id}$`));
      await expect(page.getByRole('heading', { name: 'Webhook deliveries', level: 1 })).toBeVisible();
      const delivery = page.getByTestId('delivery-row').first();
      await expect(delivery).toContainText('call.completed');
      await expect(delivery).toContainText('Failed');
      await delivery.getByRole('button', { name: 'Show attempts of call.completed' }).click();
      const attempts = page.getByTestId('attempt-row');
      await expect(attempts.first()).toContainText('503');
      await expect(attempts.first()).toContainText('receiver down for maintenance');
      expect(await attempts.count()).toBeGreaterThanOrEqual(2);
      await saveWholePage(page, 'webhook-deliveries', 1280);

      // The receiver is back; the admin retries and the event lands, signed as the standard says.
      receiver.accepting = true;
      await delivery.getByRole('button', { name: 'Retry the call.completed delivery' }).click();
      await expect(page.getByText('The call.completed event is being sent again')).toBeVisible();
      await expect.poll(() => receiver.received.some((request) => request.answered === 204), { timeout: 30_000 }).toBe(true);
      await expect.poll(async () => (await deliveries()).items[0]?.status, { timeout: 30_000 }).toBe('SUCCEEDED');
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(delivery).toContainText('Delivered');

      const landed = receiver.received.find((request) => request.answered === 204) as Received;
      const headers = Object.fromEntries(Object.entries(landed.headers).map(([name, value]) => [name, String(value)]));
      const payload = new Webhook(secret).verify(landed.body, headers) as { type?: string };
      expect(payload.type).toBe('call.completed');
      // The same message id on every attempt, so the receiver can drop duplicates.
      expect(new Set(receiver.received.map((request) => request.headers['webhook-id'])).size).toBe(1);
    } finally {
      await receiver.stop();
    }
  });
});
