import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AuditEventDto, Page } from '@callrec/contracts';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { recordingMetadata } from '../../testing/call-fixtures';
import { auditEvent } from '../../testing/compliance-fixtures';
import { find, findButton } from '../../testing/dom';
import { apiError, loginResponse } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { AuditPage } from './audit-page';

@Component({ template: 'call' })
class CallStub {}

const ACTOR = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';

function page(items: AuditEventDto[], total = items.length): Page<AuditEventDto> {
  return { items, total, page: 1, pageSize: 25 };
}

describe('AuditPage', () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let router: Router;
  let root: HTMLElement;

  const tombstone = auditEvent({
    id: 'ev-2',
    seq: 42,
    action: 'RECORDING_DELETED',
    actorId: null,
    actorName: null,
    apiKeyId: null,
    apiKeyName: null,
    recordingId: 'rec-1',
    details: { deletedBy: 'retention:Manual Dial: 7 days', reason: 'Retention expired', sha256: 'c'.repeat(64), twilioRecordingSid: 'RE1' },
  });
  const played = auditEvent({ actorId: ACTOR, actorName: 'Casey Compliance' });

  async function openAs(url: string): Promise<void> {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        ...provideSpecDefaults(),
        provideRouter([
          { path: 'audit', component: AuditPage },
          { path: 'call-records/:id', component: CallStub },
        ]),
      ],
    });
    TestBed.inject(AuthSessionStore).start(loginResponse('COMPLIANCE'));
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    harness = await RouterTestingHarness.create(url);
    root = harness.routeNativeElement as HTMLElement;
  }

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  const search = (): TestRequest => backend.expectOne((request) => request.url === '/api/audit-events');
  const verify = (): TestRequest => backend.expectOne('/api/audit-events/verify');
  const chain = () => find(root, '[data-testid="chain-status"]').textContent ?? '';

  it('reads its filters from the URL, shows the events and says the chain is intact', async () => {
    await openAs(`/audit?action=RECORDING_DELETED&actor=${ACTOR}&from=2026-11-01&to=2026-11-30&page=2`);
    expect(root.textContent).toContain('Loading the audit log');
    expect(chain()).toContain('Checking the chain');

    const request = search();
    expect(request.request.params.get('action')).toBe('RECORDING_DELETED');
    expect(request.request.params.get('actorId')).toBe(ACTOR);
    expect(request.request.params.get('from')).toBe(new Date(2026, 10, 1).toISOString());
    expect(request.request.params.get('page')).toBe('2');
    request.flush({ ...page([tombstone], 26), page: 2 });
    verify().flush({ ok: true, checked: 1234, checkpoint: { seq: 1230, hash: 'a'.repeat(64), at: '2026-11-30T10:15:42.000Z' } });
    await settle();

    expect(root.querySelectorAll('[data-testid="audit-row"]')).toHaveLength(1);
    expect(root.textContent).toContain('Recording deleted');
    expect(root.textContent).toContain('System');
    expect(find(root, '[data-testid="audit-count"]').textContent).toBe('26 events');
    expect(chain()).toContain('Chain intact · 1,234 events checked');
    expect(chain()).toContain('Signed up to event 1,230 on');
  });

  it('shouts when the chain is broken, naming the first bad event and what is wrong', async () => {
    await openAs('/audit');
    search().flush(page([played]));
    verify().flush({
      ok: false,
      checked: 40,
      firstBrokenId: 'ev-41',
      checkpoint: null,
      problem: 'Event 41 no longer matches its hash: it was changed',
    });
    await settle();
    expect(chain()).toContain('Chain broken at event 41');
    expect(chain()).toContain('ev-41');
    expect(chain()).toContain('Event 41 no longer matches its hash: it was changed');
    expect(find(root, '[data-testid="chain-status"]').classList).toContain('broken');
  });

  it('shows why when the tail was cut after the last signed checkpoint, and checks again on request', async () => {
    await openAs('/audit');
    search().flush(page([played]));
    const problem =
      'The audit trail ends at event 118 but the checkpoint signed at 2026-11-30T10:15:42.000Z in the recording store covers event 130: events were removed';
    verify().flush({ ok: false, checked: 118, checkpoint: { seq: 130, hash: 'a'.repeat(64), at: '2026-11-30T10:15:42.000Z' }, problem });
    await settle();
    expect(chain()).toContain(problem);

    find<HTMLButtonElement>(root, 'button[aria-label="Check the chain again"]').click();
    await settle();
    expect(chain()).toContain('Checking the chain');
    verify().flush({ ok: true, checked: 130, checkpoint: { seq: 130, hash: 'a'.repeat(64), at: '2026-11-30T10:15:42.000Z' } });
    await settle();
    expect(chain()).toContain('Chain intact · 130 events checked');
  });

  it('expands a deletion into its tombstone and opens the call it belonged to', async () => {
    await openAs('/audit');
    search().flush(page([tombstone, played]));
    verify().flush({ ok: true, checked: 2, checkpoint: null });
    await settle();

    find<HTMLButtonElement>(root, 'button[aria-label="Show details of event 42"]').click();
    await settle();
    const details = find(root, '[data-testid="audit-details"]').textContent ?? '';
    expect(details).toContain('retention:Manual Dial: 7 days');
    expect(details).toContain('Retention expired');
    expect(details).toContain('c'.repeat(64));

    findButton(root, 'Open the call').click();
    backend.expectOne('/api/recordings/rec-1/metadata').flush(recordingMetadata());
    await settle();
    expect(router.url).toBe('/call-records/call-1');
  });

  it('names a machine actor by its API key', async () => {
    await openAs('/audit');
    search().flush(
      page([
        auditEvent({ id: 'ev-9', actorId: null, actorName: null, apiKeyId: 'key-1', apiKeyName: 'Five9 dialer', action: 'API_KEY_USED' }),
      ]),
    );
    verify().flush({ ok: true, checked: 1, checkpoint: null });
    await settle();
    expect(find(root, '[data-testid="api-key-actor"]').textContent).toContain('API key: Five9 dialer');
    expect(root.textContent).not.toContain('System');
  });

  it('narrows to one person by clicking their name, through the URL', async () => {
    await openAs('/audit');
    search().flush(page([played]));
    verify().flush({ ok: true, checked: 1, checkpoint: null });
    await settle();

    findButton(root, 'Casey Compliance').click();
    await settle();
    expect(router.url).toBe(`/audit?actor=${ACTOR}`);
    expect(search().request.params.get('actorId')).toBe(ACTOR);
  });

  it('says when filters match nothing, and when loading failed', async () => {
    await openAs('/audit?action=LOGIN_FAILED');
    search().flush(page([]));
    verify().flush(apiError(500, 'Internal server error'), { status: 500, statusText: 'Error' });
    await settle();
    expect(root.textContent).toContain('No events match these filters');
    expect(chain()).toContain('Chain not checked: Internal server error');

    findButton(root, 'Clear filters').click();
    await settle();
    search().flush(apiError(503, 'Database unavailable'), { status: 503, statusText: 'Unavailable' });
    await settle();
    expect(root.querySelector('app-error-state')?.textContent).toContain('Database unavailable');
  });
});
