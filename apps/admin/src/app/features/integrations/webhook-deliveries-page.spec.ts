import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { find, findButton } from '../../testing/dom';
import { apiError, loginResponse } from '../../testing/fixtures';
import { pageOf, webhookDelivery, webhookEndpoint } from '../../testing/integration-fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { WebhookDeliveriesPage } from './webhook-deliveries-page';

describe('WebhookDeliveriesPage', () => {
  let backend: HttpTestingController;
  let page: HTMLElement;

  const failed = webhookDelivery();
  const delivered = webhookDelivery({
    id: 'del-2',
    eventType: 'call.completed',
    status: 'SUCCEEDED',
    attempts: 1,
    deliveredAt: '2026-11-25T09:00:01.000Z',
    attemptLog: [{ at: '2026-11-25T09:00:00.000Z', statusCode: 204, error: null, durationMs: 40, responseBody: null }],
  });

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [...provideSpecDefaults(), provideRouter([{ path: 'integrations/webhooks/:id', component: WebhookDeliveriesPage }])],
    });
    TestBed.inject(AuthSessionStore).start(loginResponse('ADMIN'));
    backend = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create('/integrations/webhooks/wh-1');
    page = harness.routeNativeElement as HTMLElement;
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  const deliveriesRequest = (): TestRequest => backend.expectOne((request) => request.url === '/api/webhook-endpoints/wh-1/deliveries');
  const row = (id: string) => find(page, `tr[data-delivery="${id}"]`);

  async function respond(): Promise<void> {
    backend.expectOne('/api/webhook-endpoints').flush([webhookEndpoint()]);
    const request = deliveriesRequest();
    expect(request.request.params.get('page')).toBe('1');
    expect(request.request.params.get('pageSize')).toBe('25');
    request.flush(pageOf([failed, delivered], 2));
    await settle();
  }

  it('names the endpoint and lists its deliveries with status, attempts and times', async () => {
    await respond();
    expect(find(page, 'app-page-header').textContent).toContain('https://crm.example.com/hooks/calls');
    expect(row('del-1').textContent).toContain('recording.stored');
    expect(row('del-1').textContent).toContain('Failed');
    expect(row('del-1').getAttribute('data-status')).toBe('FAILED');
    expect(row('del-2').textContent).toContain('Delivered');
    expect(find(page, '[data-testid="deliveries-count"]').textContent).toContain('2 deliveries');
    // A delivered event can be sent again, under a name that says so.
    expect(findButton(row('del-1'), 'Retry')).toBeTruthy();
    expect(findButton(row('del-2'), 'Send again').getAttribute('aria-label')).toBe('Send again the call.completed delivery');
  });

  it('opens a delivery’s attempt log: time, answer, error, duration and the start of the body', async () => {
    await respond();
    expect(page.querySelector('[data-testid="attempt-log"]')).toBeNull();
    find<HTMLButtonElement>(row('del-1'), 'button[aria-expanded]').click();
    await settle();

    const attempts = page.querySelectorAll('[data-testid="attempt-row"]');
    expect(attempts).toHaveLength(2);
    expect(attempts[0].textContent).toContain('none');
    expect(attempts[0].textContent).toContain('connect ECONNREFUSED 10.0.0.5:443');
    expect(attempts[0].textContent).toContain('12 ms');
    expect(attempts[1].textContent).toContain('500');
    expect(attempts[1].textContent).toContain('<html><body>Internal error</body></html>');
    expect(page.textContent).toContain('msg_2b7f0c');
  });

  it('retries a delivery, says so and reads the log again', async () => {
    await respond();
    findButton(row('del-1'), 'Retry').click();
    await settle();
    backend
      .expectOne({ method: 'POST', url: '/api/webhook-endpoints/wh-1/deliveries/del-1/retry' })
      .flush(null, { status: 202, statusText: 'Accepted' });
    await settle();
    expect(document.body.textContent).toContain('The recording.stored event is being sent again');
    deliveriesRequest().flush(pageOf([{ ...failed, status: 'PENDING', nextAttemptAt: '2026-11-25T10:05:00.000Z' }, delivered], 2));
    await settle();
    expect(row('del-1').textContent).toContain('Pending');
  });

  it('shows a refused retry without reloading', async () => {
    await respond();
    findButton(row('del-1'), 'Retry').click();
    await settle();
    backend
      .expectOne({ method: 'POST', url: '/api/webhook-endpoints/wh-1/deliveries/del-1/retry' })
      .flush(apiError(409, 'This delivery is already queued', 'Conflict'), { status: 409, statusText: 'Conflict' });
    await settle();
    expect(document.body.textContent).toContain('This delivery is already queued');
  });

  it('says when nothing has been sent yet', async () => {
    backend.expectOne('/api/webhook-endpoints').flush([webhookEndpoint({ active: false })]);
    deliveriesRequest().flush(pageOf([], 0));
    await settle();
    expect(page.textContent).toContain('Nothing sent yet');
    expect(page.textContent).toContain('This endpoint is switched off');
  });
});
