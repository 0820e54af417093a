import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { ParkedWebhookEvent, PipelineOverview, PipelineRecording } from '@callrec/contracts';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { recordingMetadata } from '../../testing/call-fixtures';
import { find, findButton } from '../../testing/dom';
import { FakeEventSource, provideFakeEventSource } from '../../testing/fake-event-source';
import { apiError, loginResponse } from '../../testing/fixtures';
import { fakeIntervalsOnly } from '../../testing/fake-intervals';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { PipelinePage } from './pipeline-page';

const failed: PipelineRecording = {
  id: 'rec-9',
  twilioRecordingSid: 'RE1dca332a3ad0fe9acc27bac675a70c8c',
  status: 'FAILED',
  attempts: 3,
  lastError: 'Twilio failed to serve the media (500)',
  errorCode: null,
  updatedAt: '2026-11-25T13:37:52.000Z',
  call: {
    id: 'call-9',
    placedAt: '2026-11-25T13:37:48.000Z',
    toNumber: '+442071838799',
    agentName: 'Administrator',
    dataListLabel: 'Manual Dial',
  },
};

const parked: ParkedWebhookEvent = {
  id: 'ev-3',
  kind: 'recording-status',
  receivedAt: '2026-11-25T12:00:05.000Z',
  parkedAt: '2026-11-25T13:02:41.000Z',
  attempts: 36,
  lastError: 'No call record has the Twilio SID CA0f3b8a2d4c6e8f0a1b3c5d7e9f1a3b5c yet',
  callSid: 'CA0f3b8a2d4c6e8f0a1b3c5d7e9f1a3b5c',
  recordingSid: 'RE9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
};

function overview(overrides: Partial<PipelineOverview> = {}): PipelineOverview {
  return {
    counts: { PENDING: 2, DOWNLOADING: 1, STORED: 21, FAILED: 1, ABSENT: 1, DELETING: 0, DELETED: 0 },
    queues: {
      webhooks: { waiting: 0, active: 0, delayed: 0, failed: 0 },
      recordings: { waiting: 3, active: 1, delayed: 2, failed: 1 },
    },
    failed: [failed],
    stuck: [],
    undeletable: [],
    parkedWebhookEvents: { count: 0, items: [] },
    ...overrides,
  };
}

describe('PipelinePage', () => {
  let backend: HttpTestingController;
  let page: HTMLElement;

  beforeEach(async () => {
    fakeIntervalsOnly();
    sessionStorage.clear();
    FakeEventSource.reset();
    TestBed.configureTestingModule({
      providers: [...provideSpecDefaults(), provideFakeEventSource(), provideRouter([{ path: 'pipeline', component: PipelinePage }])],
    });
    TestBed.inject(AuthSessionStore).start(loginResponse('ADMIN'));
    backend = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create('/pipeline');
    page = harness.routeNativeElement as HTMLElement;
  });

  afterEach(() => {
    jest.useRealTimers();
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  const stat = (key: string) => find(page, `[data-testid="stat-${key}"] .value`).textContent?.trim();

  it('shows the counts, the queue depth and each failed recording with its error', async () => {
    backend.expectOne('/api/recordings/pipeline').flush(overview());
    await settle();

    expect([stat('pending'), stat('downloading'), stat('failed'), stat('absent'), stat('queued'), stat('stored')]).toEqual([
      '2',
      '1',
      '1',
      '1',
      '6',
      '21',
    ]);
    const item = find(page, '[data-testid="failed-recording"]');
    expect(item.textContent).toContain('RE1dca332a3ad0fe9acc27bac675a70c8c');
    expect(item.textContent).toContain('Twilio failed to serve the media (500)');
    expect(item.textContent).toContain('3 attempts');
    expect(find(item, 'a').getAttribute('href')).toBe('/call-records/call-9');
    expect(page.textContent).toContain('Nothing is stuck');
    expect(find(page, '[data-testid="queue-recordings"]').textContent).toContain('Downloads');
  });

  it('lists recordings whose audio could not be removed, with the reason, only when there are some', async () => {
    backend.expectOne('/api/recordings/pipeline').flush(overview());
    await settle();
    expect(page.querySelector('[data-testid="undeletable"]')).toBeNull();

    jest.advanceTimersByTime(15_000);
    const undeletable = {
      ...failed,
      id: 'rec-7',
      status: 'DELETING' as const,
      lastError: 'Could not remove the audio: EPERM: operation not permitted',
    };
    backend.expectOne('/api/recordings/pipeline').flush(overview({ undeletable: [undeletable] }));
    await settle();
    const item = find(page, '[data-testid="undeletable-recording"]');
    expect(item.textContent).toContain('Could not remove the audio: EPERM: operation not permitted');
    expect(find(item, 'a').getAttribute('href')).toBe('/call-records/call-9');
  });

  it('retries a failed recording and reads the pipeline again', async () => {
    backend.expectOne('/api/recordings/pipeline').flush(overview());
    await settle();

    findButton(find(page, '[data-testid="failed-recording"]'), 'Retry').click();
    backend.expectOne({ method: 'POST', url: '/api/recordings/rec-9/retry' }).flush(recordingMetadata({ id: 'rec-9', status: 'PENDING' }));
    await settle();
    backend.expectOne('/api/recordings/pipeline').flush(overview({ failed: [] }));
    await settle();

    expect(page.textContent).toContain('No failed recordings');
    expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent).toContain(
      'Downloading RE1dca332a3ad0fe9acc27bac675a70c8c again',
    );
  });

  it('reads the pipeline again every 15 seconds', async () => {
    backend.expectOne('/api/recordings/pipeline').flush(overview());
    await settle();
    jest.advanceTimersByTime(14_999);
    backend.expectNone('/api/recordings/pipeline');
    jest.advanceTimersByTime(1);
    backend.expectOne('/api/recordings/pipeline').flush(overview({ failed: [] }));
    await settle();
    expect(page.textContent).toContain('No failed recordings');
  });

  it('starts the reconciliation sweep on request', async () => {
    backend.expectOne('/api/recordings/pipeline').flush(overview());
    await settle();

    find<HTMLButtonElement>(page, '[data-testid="reconcile"]').click();
    backend
      .expectOne({ method: 'POST', url: '/api/recordings/reconcile' })
      .flush({ enqueued: true }, { status: 202, statusText: 'Accepted' });
    await settle();
    backend.expectOne('/api/recordings/pipeline').flush(overview());
    await settle();

    expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent).toContain('Reconciliation started');
  });

  it('shows a failed first read in place, and keeps the last numbers when a later read fails', async () => {
    backend
      .expectOne('/api/recordings/pipeline')
      .flush(apiError(403, 'This needs the role ADMIN'), { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(page.querySelector('app-error-state')?.textContent).toContain('This needs the role ADMIN');

    find<HTMLButtonElement>(page, 'app-error-state button').click();
    backend.expectOne('/api/recordings/pipeline').flush(overview());
    await settle();
    expect(stat('stored')).toBe('21');

    FakeEventSource.latest().push({ type: 'recording.stored', callRecordId: 'call-1', recordingId: 'rec-1' });
    jest.advanceTimersByTime(1000);
    backend.expectOne('/api/recordings/pipeline').flush(apiError(503, 'Database unavailable'), { status: 503, statusText: 'Unavailable' });
    await settle();
    expect(stat('stored')).toBe('21');
    expect(page.textContent).toContain('Database unavailable');
  });

  it('lists parked webhook events with their error and attempts, only when there are some', async () => {
    backend.expectOne('/api/recordings/pipeline').flush(overview());
    await settle();
    expect(page.querySelector('[data-testid="parked-webhook-events"]')).toBeNull();

    jest.advanceTimersByTime(15_000);
    backend.expectOne('/api/recordings/pipeline').flush(overview({ parkedWebhookEvents: { count: 51, items: [parked] } }));
    await settle();
    const item = find(page, '[data-testid="parked-webhook-event"]');
    expect(item.textContent).toContain('RE9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d');
    expect(item.textContent).toContain('Recording status');
    expect(item.textContent).toContain('call CA0f3b8a2d4c6e8f0a1b3c5d7e9f1a3b5c');
    expect(item.textContent).toContain('No call record has the Twilio SID CA0f3b8a2d4c6e8f0a1b3c5d7e9f1a3b5c yet');
    expect(item.textContent).toContain('36 attempts');
    expect(find(page, '[data-testid="parked-webhook-events"]').textContent).toContain('The 1 most recently parked of 51.');
  });

  it('retries a parked webhook event and reads the pipeline again', async () => {
    backend.expectOne('/api/recordings/pipeline').flush(overview({ parkedWebhookEvents: { count: 1, items: [parked] } }));
    await settle();

    const retry = findButton(find(page, '[data-testid="parked-webhook-event"]'), 'Retry');
    retry.click();
    await settle();
    expect(retry.disabled).toBe(true);
    backend
      .expectOne({ method: 'POST', url: '/api/webhooks/events/ev-3/retry' })
      .flush({ id: 'ev-3', enqueued: true }, { status: 202, statusText: 'Accepted' });
    await settle();
    backend.expectOne('/api/recordings/pipeline').flush(overview());
    await settle();

    expect(page.querySelector('[data-testid="parked-webhook-events"]')).toBeNull();
    expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent).toContain(
      'Applying the callback for RE9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d again',
    );
  });

  it('says why a parked webhook event could not be retried', async () => {
    backend.expectOne('/api/recordings/pipeline').flush(overview({ parkedWebhookEvents: { count: 1, items: [parked] } }));
    await settle();

    findButton(find(page, '[data-testid="parked-webhook-event"]'), 'Retry').click();
    backend
      .expectOne({ method: 'POST', url: '/api/webhooks/events/ev-3/retry' })
      .flush(apiError(409, 'Webhook event ev-3 was already applied at 2026-11-25T13:05:00.000Z'), { status: 409, statusText: 'Conflict' });
    await settle();

    expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent).toContain('was already applied');
    expect(findButton(find(page, '[data-testid="parked-webhook-event"]'), 'Retry').disabled).toBe(false);
  });
});
