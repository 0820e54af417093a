import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { callRecord, DATA_LISTS, recordingSummary } from '../../testing/call-fixtures';
import { find, findButton } from '../../testing/dom';
import { FakeEventSource, provideFakeEventSource } from '../../testing/fake-event-source';
import { apiError, loginResponse } from '../../testing/fixtures';
import { fakeIntervalsOnly } from '../../testing/fake-intervals';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { PlaceCallDialog, PlaceCallDialogResult } from './place-call-dialog';

describe('PlaceCallDialog', () => {
  let backend: HttpTestingController;
  let ref: MatDialogRef<PlaceCallDialog, PlaceCallDialogResult>;
  let dialog: HTMLElement;

  beforeEach(async () => {
    // The polling clock is ours: a slow machine must not see an extra poll mid-test.
    fakeIntervalsOnly();
    sessionStorage.clear();
    FakeEventSource.reset();
    TestBed.configureTestingModule({ providers: [...provideSpecDefaults(), provideFakeEventSource()] });
    TestBed.inject(AuthSessionStore).start(loginResponse('ADMIN'));
    backend = TestBed.inject(HttpTestingController);
    ref = TestBed.inject(MatDialog).open(PlaceCallDialog, { data: { dataLists: DATA_LISTS } });
    await settle();
    dialog = find(document, 'mat-dialog-container');
  });

  afterEach(() => {
    jest.useRealTimers();
    ref.close();
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  async function typeNumber(value: string): Promise<void> {
    const input = find<HTMLInputElement>(dialog, 'input[formControlName="to"]');
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  const stepState = (key: string) => find(dialog, `[data-testid="step-${key}"]`).getAttribute('data-state');

  it('asks for an E.164 number before calling anyone', async () => {
    findButton(dialog, 'Place call').click();
    await settle();
    expect(dialog.textContent).toContain('Enter the number to call');

    await typeNumber('07700 900123');
    findButton(dialog, 'Place call').click();
    await settle();
    expect(dialog.textContent).toContain('Use E.164, such as +14155550123');
    backend.expectNone('/api/calls');
  });

  it('places a Manual Dial call and follows it live until the recording is stored', async () => {
    await typeNumber('+442071838750');
    findButton(dialog, 'Place call').click();
    const placed = backend.expectOne('/api/calls');
    expect(placed.request.body).toEqual({ to: '+442071838750' });
    const queued = callRecord({
      id: 'call-7',
      status: 'queued',
      answeredAt: null,
      durationSeconds: null,
      recordings: [],
      dataList: null,
      dataListLabel: 'Manual Dial',
    });
    placed.flush(queued);
    await settle();
    expect(stepState('ringing')).toBe('current');
    expect(dialog.textContent).toContain('Manual Dial · placed as you');

    FakeEventSource.latest().open();
    FakeEventSource.latest().push({ type: 'call.updated', callRecordId: 'call-7' });
    const talking = { ...queued, status: 'in-progress' as const, answeredAt: '2026-11-25T12:00:01.000Z' };
    backend.expectOne('/api/call-records/call-7').flush(talking);
    await settle();
    expect(stepState('answered')).toBe('done');

    // Without events (the stream down), polling still moves it along.
    jest.advanceTimersByTime(2000);
    backend.expectOne('/api/call-records/call-7').flush(talking);
    await settle();

    findButton(dialog, 'End call').click();
    const ended = { ...talking, status: 'completed' as const, durationSeconds: 9, recordings: [recordingSummary({ status: 'PENDING' })] };
    backend.expectOne('/api/calls/call-7/end').flush(ended);
    await settle();
    expect(stepState('ended')).toBe('done');
    expect(stepState('recording')).toBe('current');

    FakeEventSource.latest().push({ type: 'recording.stored', callRecordId: 'call-7', recordingId: 'rec-1' });
    backend.expectOne('/api/call-records/call-7').flush({ ...ended, recordings: [recordingSummary()] });
    await settle();
    expect(stepState('recording')).toBe('done');

    let result: PlaceCallDialogResult;
    ref.afterClosed().subscribe((value) => (result = value));
    findButton(dialog, 'Open recording').click();
    await settle();
    expect(result).toEqual({ open: 'call-7' });
  });

  it('calls for a data list when one is chosen, and shows a refusal in the dialog', async () => {
    await typeNumber('+14155550123');
    const component = TestBed.inject(MatDialog).openDialogs[0].componentInstance as unknown as {
      form: { controls: { dataListId: { setValue(value: string): void } } };
    };
    component.form.controls.dataListId.setValue('list-2');
    findButton(dialog, 'Place call').click();
    const placed = backend.expectOne('/api/calls');
    expect(placed.request.body).toEqual({ to: '+14155550123', dataListId: 'list-2' });
    placed.flush(apiError(502, 'Twilio refused to place the call: invalid From number'), { status: 502, statusText: 'Bad Gateway' });
    await settle();

    expect(find(dialog, '[data-testid="place-call-error"]').textContent).toBe('Twilio refused to place the call: invalid From number');
    expect(findButton(dialog, 'Place call').disabled).toBe(false);
  });
});
