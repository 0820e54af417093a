import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { Role } from '@callrec/contracts';
import { AGENTS, callRecord, DATA_LISTS, recordingMetadata, recordingSummary } from '../../testing/call-fixtures';
import { find, findButton, findByText, visibleText } from '../../testing/dom';
import { FakeEventSource } from '../../testing/fake-event-source';
import { apiError } from '../../testing/fixtures';
import { OpenedPanel, openRecordingPanel } from '../../testing/recording-panel-harness';
import { settle } from '../../testing/settle';

describe('RecordingPanel', () => {
  let backend: HttpTestingController;
  let panel: HTMLElement;
  let player: OpenedPanel['player'];

  async function openAs(role: Role, id = 'call-1'): Promise<void> {
    ({ backend, panel, player } = await openRecordingPanel(role, id));
  }

  afterEach(() => {
    jest.useRealTimers();
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  it('plays a stored recording and lists every fact about it', async () => {
    await openAs('COMPLIANCE');
    expect(panel.textContent).toContain('Loading the call');
    backend.expectOne('/api/call-records/call-1').flush(callRecord());
    await settle();
    backend.expectOne('/api/recordings/rec-1/metadata').flush(recordingMetadata());
    backend
      .expectOne('/api/recordings/rec-1/peaks')
      .flush(apiError(404, 'No peaks for MP3 recordings'), { status: 404, statusText: 'Not Found' });
    await settle();

    expect(find(panel, '[data-testid="panel-title"]').textContent).toBe('Call with Olivia Nguyen');
    expect(player()?.recordingId()).toBe('rec-1');
    expect(player()?.peaks()).toBeNull();
    expect(player()?.canDownload()).toBe(true);
    const facts = find(panel, '[data-testid="recording-facts"]').textContent ?? '';
    expect(facts).toContain('WAV (audio/wav)');
    expect(facts).toContain('2: agent and customer');
    expect(facts).toContain('2.14 MB');
    expect(find(panel, '[data-testid="recording-sha256"]').textContent).toBe(recordingMetadata().sha256);
    expect(find(panel, '[data-testid="recording-storage"]').textContent?.trim()).toBe('S3 bucket · Object Lock');
    expect(find(panel, '[data-testid="recording-locked-until"]').textContent).toContain('2033');
    expect(find(panel, '[data-testid="recording-encryption"]').textContent?.trim()).toBe('Encrypted (key k1)');
    expect(panel.querySelector('[data-testid="recording-key-destroyed"]')).toBeNull();
    expect(panel.textContent).toContain('Spring Renewals');
  });

  it('offers a supervisor no download', async () => {
    await openAs('SUPERVISOR');
    backend.expectOne('/api/call-records/call-1').flush(callRecord());
    await settle();
    backend.expectOne('/api/recordings/rec-1/metadata').flush(recordingMetadata());
    backend
      .expectOne('/api/recordings/rec-1/peaks')
      .flush({ channels: [[0.1], [0.2]], sampleRate: 8000, samplesPerPeak: 80, durationSeconds: 67 });
    await settle();
    expect(player()?.canDownload()).toBe(false);
    expect(player()?.peaks()?.channels).toHaveLength(2);
  });

  it('says plainly that a recording is on its way, then plays it once a live event says it is stored', async () => {
    await openAs('COMPLIANCE');
    const pending = callRecord({ recordings: [recordingSummary({ status: 'PENDING', sizeBytes: null, storedAt: null })] });
    backend.expectOne('/api/call-records/call-1').flush(pending);
    await settle();

    expect(find(panel, '[data-testid="recording-notice"]').textContent).toContain('The recording is on its way');
    expect(player()).toBeUndefined();
    // Metadata reads are audited: nothing is read for a recording that cannot be played.
    backend.expectNone('/api/recordings/rec-1/metadata');

    FakeEventSource.latest().push({ type: 'recording.stored', callRecordId: 'call-1', recordingId: 'rec-1' });
    jest.advanceTimersByTime(300);
    backend.expectOne('/api/call-records/call-1').flush(callRecord());
    await settle();
    backend.expectOne('/api/recordings/rec-1/metadata').flush(recordingMetadata());
    backend
      .expectOne('/api/recordings/rec-1/peaks')
      .flush({ channels: [[0.1], [0.2]], sampleRate: 8000, samplesPerPeak: 80, durationSeconds: 67 });
    await settle();

    expect(panel.querySelector('[data-testid="recording-notice"]')).toBeNull();
    expect(player()?.recordingId()).toBe('rec-1');
  });

  it('lets an admin retry a failed download, and explains why it failed', async () => {
    await openAs('ADMIN');
    const failed = callRecord({
      recordings: [recordingSummary({ status: 'FAILED', lastError: 'Twilio failed to serve the media (500)' })],
    });
    backend.expectOne('/api/call-records/call-1').flush(failed);
    await settle();

    expect(find(panel, '[data-testid="recording-notice"]').textContent).toContain('Last error: Twilio failed to serve the media (500)');
    findButton(panel, 'Retry download').click();
    backend.expectOne({ method: 'POST', url: '/api/recordings/rec-1/retry' }).flush(recordingMetadata({ status: 'PENDING' }));
    await settle();
    backend.expectOne('/api/call-records/call-1').flush(callRecord({ recordings: [recordingSummary({ status: 'PENDING' })] }));
    await settle();
    expect(find(panel, '[data-testid="recording-notice"]').textContent).toContain('The recording is on its way');
  });

  it('lets an admin delete a stored recording for a reason, then shows it as deleted', async () => {
    await openAs('ADMIN');
    backend.expectOne('/api/call-records/call-1').flush(callRecord());
    await settle();
    backend.expectOne('/api/recordings/rec-1/metadata').flush(recordingMetadata());
    backend.expectOne('/api/recordings/rec-1/peaks').flush(apiError(404, 'No peaks'), { status: 404, statusText: 'Not Found' });
    await settle();

    findButton(panel, 'Delete recording').click();
    await settle();
    const dialog = find(document, 'mat-dialog-container');
    findButton(dialog, 'Delete recording').click();
    await settle();
    expect(dialog.textContent).toContain('Give a reason of at least 3 characters');
    backend.expectNone('/api/recordings/rec-1');

    const reason = find<HTMLTextAreaElement>(dialog, 'textarea');
    reason.value = 'Recorded by mistake';
    reason.dispatchEvent(new Event('input'));
    findButton(dialog, 'Delete recording').click();
    await settle();
    const request = backend.expectOne({ method: 'DELETE', url: '/api/recordings/rec-1' });
    expect(request.request.body).toEqual({ reason: 'Recorded by mistake' });
    request.flush(recordingMetadata({ status: 'DELETED', deletedAt: '2026-11-25T13:00:00.000Z', deletedBy: 'admin@example.com' }));
    await settle();

    backend.expectOne('/api/call-records/call-1').flush(callRecord({ recordings: [recordingSummary({ status: 'DELETED' })] }));
    await settle();
    // The tombstone's facts; no peaks, nothing to play.
    backend
      .expectOne('/api/recordings/rec-1/metadata')
      .flush(recordingMetadata({ status: 'DELETED', storage: null, keyShreddedAt: '2026-11-25T13:00:00.000Z' }));
    backend.expectNone('/api/recordings/rec-1/peaks');
    await settle();
    expect(find(panel, '[data-testid="recording-notice"]').textContent).toContain('The recording was deleted');
    expect(panel.textContent).not.toContain('Delete recording');
    expect(find(panel, '[data-testid="recording-key-destroyed"]').textContent).toMatch(/^Key destroyed Nov 25, 2026/);
    expect(panel.querySelector('[data-testid="recording-encryption"]')).toBeNull();
  });

  describe('an orphan', () => {
    const orphan = callRecord({ agent: null, orphan: true, contact: null, dataList: null, dataListLabel: 'Manual Dial', recordings: [] });

    it('shows it as Unassigned, and lets an admin attach it to an agent and a list for a reason', async () => {
      await openAs('ADMIN');
      backend.expectOne('/api/call-records/call-1').flush(orphan);
      await settle();
      expect(visibleText(find(panel, '[data-testid="panel-agent"] > span'))).toBe('Unassigned');
      expect(visibleText(find(panel, '[data-testid="panel-agent"] app-status-chip'))).toBe('Orphan');

      find<HTMLButtonElement>(panel, '[data-testid="attach-call"]').click();
      await settle();
      backend.expectOne('/api/agents').flush(AGENTS);
      backend.expectOne('/api/data-lists').flush(DATA_LISTS);
      await settle();
      const dialog = find(document, 'mat-dialog-container');
      expect(dialog.textContent).toContain('Attach this call');

      // Nothing is sent without an agent and a reason.
      findButton(dialog, 'Attach').click();
      await settle();
      expect(dialog.textContent).toContain('Choose the agent who had this call');
      expect(dialog.textContent).toContain('Give a reason of at least 3 characters');

      find<HTMLElement>(dialog, 'mat-select[formControlName="agentId"]').click();
      await settle();
      findByText<HTMLElement>(document, 'mat-option', AGENTS[0].name).click();
      find<HTMLElement>(dialog, 'mat-select[formControlName="list"]').click();
      await settle();
      findByText<HTMLElement>(document, 'mat-option', DATA_LISTS[0].name).click();
      const reason = find<HTMLTextAreaElement>(dialog, 'textarea');
      reason.value = '  Agent confirmed it was her call  ';
      reason.dispatchEvent(new Event('input'));
      findButton(dialog, 'Attach').click();
      await settle();

      const request = backend.expectOne({ method: 'PATCH', url: '/api/call-records/call-1' });
      expect(request.request.body).toEqual({
        agentId: AGENTS[0].id,
        dataListId: DATA_LISTS[0].id,
        reason: 'Agent confirmed it was her call',
      });
      const attached = { ...orphan, agent: AGENTS[0], dataList: DATA_LISTS[0], dataListLabel: DATA_LISTS[0].name };
      request.flush(attached);
      await settle();
      expect(document.querySelector('mat-dialog-container')).toBeNull();
      backend.expectOne('/api/call-records/call-1').flush(attached);
      await settle();
      expect(visibleText(find(panel, '[data-testid="panel-agent"] > span'))).toBe(AGENTS[0].name);
    });

    it('attaches to Manual Dial when no list is picked', async () => {
      await openAs('ADMIN');
      backend.expectOne('/api/call-records/call-1').flush({ ...orphan, agent: AGENTS[1] });
      await settle();
      find<HTMLButtonElement>(panel, '[data-testid="attach-call"]').click();
      await settle();
      backend.expectOne('/api/agents').flush(AGENTS);
      backend.expectOne('/api/data-lists').flush(DATA_LISTS);
      await settle();
      const dialog = find(document, 'mat-dialog-container');
      const reason = find<HTMLTextAreaElement>(dialog, 'textarea');
      reason.value = 'Manual dial from the desk phone';
      reason.dispatchEvent(new Event('input'));
      findButton(dialog, 'Attach').click();
      await settle();
      const request = backend.expectOne({ method: 'PATCH', url: '/api/call-records/call-1' });
      expect(request.request.body).toEqual({ agentId: AGENTS[1].id, dataListId: null, reason: 'Manual dial from the desk phone' });
      request.flush(apiError(403, 'Only an ADMIN may attach a call'), { status: 403, statusText: 'Forbidden' });
      await settle();
      // The refusal stays in the dialog, next to what was typed.
      expect(find(dialog, '[data-testid="attach-error"]').textContent).toContain('Only an ADMIN may attach a call');
    });

    it('offers compliance staff no Attach', async () => {
      await openAs('COMPLIANCE');
      backend.expectOne('/api/call-records/call-1').flush(orphan);
      await settle();
      expect(panel.textContent).toContain('Unassigned');
      expect(panel.querySelector('[data-testid="attach-call"]')).toBeNull();
    });
  });

  it('says whether a recording is encrypted at rest, and under which key', async () => {
    await openAs('COMPLIANCE');
    backend.expectOne('/api/call-records/call-1').flush(callRecord());
    await settle();
    backend
      .expectOne('/api/recordings/rec-1/metadata')
      .flush(recordingMetadata({ storage: { backend: 'LOCAL', lockedUntil: null, legalHold: false, encrypted: false, kekId: null } }));
    backend.expectOne('/api/recordings/rec-1/peaks').flush(apiError(404, 'No peaks'), { status: 404, statusText: 'Not Found' });
    await settle();
    expect(find(panel, '[data-testid="recording-encryption"]').textContent?.trim()).toBe('Not encrypted');
    expect(panel.querySelector('[data-testid="recording-key-destroyed"]')).toBeNull();
  });

  it('shows the legal hold that refuses a deletion, and keeps the recording', async () => {
    await openAs('ADMIN');
    backend.expectOne('/api/call-records/call-1').flush(callRecord());
    await settle();
    backend.expectOne('/api/recordings/rec-1/metadata').flush(recordingMetadata());
    backend.expectOne('/api/recordings/rec-1/peaks').flush(apiError(404, 'No peaks'), { status: 404, statusText: 'Not Found' });
    await settle();

    findButton(panel, 'Delete recording').click();
    await settle();
    const dialog = find(document, 'mat-dialog-container');
    const reason = find<HTMLTextAreaElement>(dialog, 'textarea');
    reason.value = 'Customer asked';
    reason.dispatchEvent(new Event('input'));
    findButton(dialog, 'Delete recording').click();
    await settle();
    backend
      .expectOne({ method: 'DELETE', url: '/api/recordings/rec-1' })
      .flush(apiError(409, "Recording RE814d09b225de3364f0f398aa54741a96 is under legal hold 'Case 42'", 'Conflict'), {
        status: 409,
        statusText: 'Conflict',
      });
    await settle();

    expect(find(dialog, '[data-testid="delete-error"]').textContent).toBe(
      "Recording RE814d09b225de3364f0f398aa54741a96 is under legal hold 'Case 42'",
    );
    expect(document.querySelector('mat-dialog-container')).not.toBeNull();
    expect(player()?.recordingId()).toBe('rec-1');
  });

  it('offers no deletion to compliance staff', async () => {
    await openAs('COMPLIANCE');
    backend.expectOne('/api/call-records/call-1').flush(callRecord());
    await settle();
    backend.expectOne('/api/recordings/rec-1/metadata').flush(recordingMetadata());
    backend.expectOne('/api/recordings/rec-1/peaks').flush(apiError(404, 'No peaks'), { status: 404, statusText: 'Not Found' });
    await settle();
    expect(panel.textContent).not.toContain('Delete recording');
  });

  it('does not offer compliance staff a retry', async () => {
    await openAs('COMPLIANCE');
    backend.expectOne('/api/call-records/call-1').flush(callRecord({ recordings: [recordingSummary({ status: 'FAILED' })] }));
    await settle();
    expect(panel.textContent).not.toContain('Retry download');
  });

  it('says when a call does not exist, and closes back to the grid with its filters', async () => {
    await openAs('COMPLIANCE', 'call-404');
    backend
      .expectOne('/api/call-records/call-404')
      .flush(apiError(404, 'Call record call-404 not found'), { status: 404, statusText: 'Not Found' });
    await settle();
    expect(panel.textContent).toContain('This call does not exist');

    find<HTMLButtonElement>(panel, 'button[aria-label="Close the recording"]').click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/call-records');
  });
});
