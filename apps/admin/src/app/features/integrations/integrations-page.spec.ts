import { Clipboard } from '@angular/cdk/clipboard';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { find, findButton } from '../../testing/dom';
import { apiError, loginResponse } from '../../testing/fixtures';
import { apiKeyDto, webhookEndpoint } from '../../testing/integration-fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { IntegrationsPage } from './integrations-page';

describe('IntegrationsPage', () => {
  let backend: HttpTestingController;
  let page: HTMLElement;
  let copied: string[];

  const dialer = apiKeyDto();
  const reader = apiKeyDto({
    id: 'key-2',
    name: 'Old BI export',
    role: 'READER',
    prefix: 'crk_Zz91',
    lastUsedAt: null,
    revokedAt: '2026-11-22T08:00:00.000Z',
  });
  const crm = webhookEndpoint();

  beforeEach(async () => {
    sessionStorage.clear();
    copied = [];
    TestBed.configureTestingModule({
      providers: [
        ...provideSpecDefaults(),
        provideRouter([{ path: 'integrations', component: IntegrationsPage }]),
        { provide: Clipboard, useValue: { copy: (text: string) => copied.push(text) > 0 } },
      ],
    });
    TestBed.inject(AuthSessionStore).start(loginResponse('ADMIN'));
    backend = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create('/integrations');
    page = harness.routeNativeElement as HTMLElement;
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  async function respond(keys: object = [dialer, reader], endpoints: object = [crm]): Promise<void> {
    backend.expectOne('/api/api-keys').flush(keys);
    backend.expectOne('/api/webhook-endpoints').flush(endpoints);
    await settle();
  }

  const keyRow = (name: string) => find(page, `tr[data-key="${name}"]`);
  const endpointRow = (url: string) => find(page, `tr[data-endpoint="${url}"]`);
  const surface = () => find(document, 'mat-dialog-container');
  const type = (root: HTMLElement, selector: string, value: string) => {
    const input = find<HTMLInputElement>(root, selector);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  it('lists the keys with role, prefix, creator, last use and whether they are revoked', async () => {
    await respond();
    expect(keyRow('Five9 dialer').textContent).toContain('Dialer');
    expect(keyRow('Five9 dialer').textContent).toContain('crk_7Hq2…');
    expect(keyRow('Five9 dialer').textContent).toContain('by Admin Person');
    expect(keyRow('Five9 dialer').textContent).toContain('25 Nov 2026');
    expect(find(keyRow('Five9 dialer'), '[data-testid="key-status"]').textContent).toContain('Active');
    expect(keyRow('Old BI export').textContent).toContain('Reader');
    expect(keyRow('Old BI export').textContent).toContain('Never');
    expect(find(keyRow('Old BI export'), '[data-testid="key-status"]').textContent).toContain('Revoked');
    expect(keyRow('Old BI export').querySelector('button')).toBeNull();
  });

  it('creates a key and shows it once, with a copy button and a plain warning', async () => {
    await respond();
    findButton(page, 'New API key').click();
    await settle();
    type(surface(), 'input[formcontrolname="name"]', 'Genesys dialer');
    find<HTMLElement>(surface(), 'mat-select').click();
    await settle();
    find<HTMLElement>(document, 'mat-option:nth-of-type(2)').click();
    await settle();
    findButton(surface(), 'Create key').click();
    await settle();

    const request = backend.expectOne({ method: 'POST', url: '/api/api-keys' });
    expect(request.request.body).toEqual({ name: 'Genesys dialer', role: 'READER' });
    request.flush({ id: 'key-3', key: 'crk_live_9c1f0e2d3b4a' });
    await settle();
    backend.expectOne('/api/api-keys').flush([dialer, reader, apiKeyDto({ id: 'key-3', name: 'Genesys dialer', role: 'READER' })]);
    await settle();

    const shown = surface();
    expect(shown.textContent).toContain('Your new API key');
    expect(shown.textContent).toContain('you will not see it again');
    expect(find(shown, '[data-testid="shown-secret"]').textContent).toBe('crk_live_9c1f0e2d3b4a');
    find<HTMLButtonElement>(shown, '[data-testid="copy-secret"]').click();
    await settle();
    expect(copied).toEqual(['crk_live_9c1f0e2d3b4a']);
    expect(find(shown, '[data-testid="copy-secret"]').textContent).toContain('Copied');

    // Only Done closes it: a backdrop click must not lose the key.
    find<HTMLElement>(document, '.cdk-overlay-backdrop').click();
    await settle();
    expect(document.querySelector('[data-testid="shown-secret"]')).not.toBeNull();
    findButton(shown, 'Done').click();
    await settle();
    expect(document.querySelector('[data-testid="shown-secret"]')).toBeNull();
    expect(page.textContent).not.toContain('crk_live_9c1f0e2d3b4a');
  });

  it('revokes a key only after confirmation', async () => {
    await respond();
    find<HTMLButtonElement>(keyRow('Five9 dialer'), 'button[aria-label="Revoke Five9 dialer"]').click();
    await settle();
    expect(surface().textContent).toContain('Revoke Five9 dialer?');
    findButton(surface(), 'Cancel').click();
    await settle();
    backend.expectNone('/api/api-keys/key-1');

    find<HTMLButtonElement>(keyRow('Five9 dialer'), 'button[aria-label="Revoke Five9 dialer"]').click();
    await settle();
    findButton(surface(), 'Revoke key').click();
    await settle();
    backend.expectOne({ method: 'DELETE', url: '/api/api-keys/key-1' }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    backend.expectOne('/api/api-keys').flush([{ ...dialer, revokedAt: '2026-11-25T11:00:00.000Z' }, reader]);
    await settle();
    expect(find(keyRow('Five9 dialer'), '[data-testid="key-status"]').textContent).toContain('Revoked');
    expect(document.body.textContent).toContain('Five9 dialer is revoked');
  });

  it('lists endpoints with their events and links to their deliveries', async () => {
    await respond();
    const row = endpointRow('https://crm.example.com/hooks/calls');
    expect(row.textContent).toContain('call.completed');
    expect(row.textContent).toContain('recording.stored');
    expect(row.textContent).not.toContain('recording.failed');
    expect(row.textContent).toContain('Salesforce');
    expect(find(row, 'a').getAttribute('href')).toBe('/integrations/webhooks/wh-1');
  });

  it('adds an endpoint with the events picked and shows its secret once', async () => {
    await respond([], []);
    expect(page.textContent).toContain('No API keys');
    expect(page.textContent).toContain('No webhook endpoints');
    findButton(page, 'New endpoint').click();
    await settle();
    type(surface(), 'input[formcontrolname="url"]', 'http://127.0.0.1:4555/hook');
    // Every event starts ticked; untick two.
    const boxes = surface().querySelectorAll<HTMLInputElement>('mat-checkbox input');
    expect(boxes).toHaveLength(4);
    boxes[2].click();
    boxes[3].click();
    await settle();
    findButton(surface(), 'Add endpoint').click();
    await settle();

    const request = backend.expectOne({ method: 'POST', url: '/api/webhook-endpoints' });
    expect(request.request.body).toEqual({ url: 'http://127.0.0.1:4555/hook', events: ['call.completed', 'recording.stored'] });
    request.flush({ id: 'wh-2', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
    await settle();
    backend.expectOne('/api/webhook-endpoints').flush([webhookEndpoint({ id: 'wh-2', url: 'http://127.0.0.1:4555/hook' })]);
    await settle();

    expect(find(surface(), '[data-testid="shown-secret"]').textContent).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(surface().textContent).toContain('you will not see it again');
  });

  it('refuses an endpoint with no event, and shows the API’s refusal of a private address', async () => {
    await respond();
    findButton(page, 'New endpoint').click();
    await settle();
    type(surface(), 'input[formcontrolname="url"]', 'http://10.0.0.5/hook');
    surface()
      .querySelectorAll<HTMLInputElement>('mat-checkbox input')
      .forEach((box) => box.click());
    await settle();
    findButton(surface(), 'Add endpoint').click();
    await settle();
    backend.expectNone('/api/webhook-endpoints');
    expect(surface().textContent).toContain('Pick at least one event');

    find<HTMLInputElement>(surface(), 'mat-checkbox input').click();
    await settle();
    findButton(surface(), 'Add endpoint').click();
    await settle();
    backend
      .expectOne({ method: 'POST', url: '/api/webhook-endpoints' })
      .flush(apiError(400, '10.0.0.5 is a private address; set WEBHOOK_ALLOW_PRIVATE=true to allow it', 'Bad Request'), {
        status: 400,
        statusText: 'Bad Request',
      });
    await settle();
    expect(find(surface(), '[data-testid="webhook-endpoint-error"]').textContent).toContain('10.0.0.5 is a private address');
  });

  it('switches an endpoint off with its toggle, and puts the toggle back when refused', async () => {
    await respond();
    const toggle = () => find<HTMLButtonElement>(endpointRow(crm.url), 'mat-slide-toggle button');
    toggle().click();
    await settle();
    const request = backend.expectOne({ method: 'PATCH', url: '/api/webhook-endpoints/wh-1' });
    expect(request.request.body).toEqual({ active: false });
    request.flush({ ...crm, active: false });
    await settle();
    expect(endpointRow(crm.url).classList).toContain('inactive');

    toggle().click();
    await settle();
    backend
      .expectOne({ method: 'PATCH', url: '/api/webhook-endpoints/wh-1' })
      .flush(apiError(503, 'Try later'), { status: 503, statusText: 'Unavailable' });
    await settle();
    expect(toggle().getAttribute('aria-checked')).toBe('false');
  });

  it('edits an endpoint, sending only what changed', async () => {
    await respond();
    find<HTMLButtonElement>(endpointRow(crm.url), `button[aria-label="Edit ${crm.url}"]`).click();
    await settle();
    type(surface(), 'input[formcontrolname="description"]', 'Salesforce (prod)');
    findButton(surface(), 'Save changes').click();
    await settle();
    const request = backend.expectOne({ method: 'PATCH', url: '/api/webhook-endpoints/wh-1' });
    expect(request.request.body).toEqual({ description: 'Salesforce (prod)' });
    request.flush({ ...crm, description: 'Salesforce (prod)' });
    await settle();
    expect(endpointRow(crm.url).textContent).toContain('Salesforce (prod)');
  });

  it('removes an endpoint after confirmation', async () => {
    await respond();
    find<HTMLButtonElement>(endpointRow(crm.url), `button[aria-label="Remove ${crm.url}"]`).click();
    await settle();
    findButton(surface(), 'Remove endpoint').click();
    await settle();
    backend.expectOne({ method: 'DELETE', url: '/api/webhook-endpoints/wh-1' }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(page.textContent).toContain('No webhook endpoints');
  });
});
