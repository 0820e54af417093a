import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { LegalHoldDto } from '@callrec/contracts';
import { AGENTS, DATA_LISTS } from '../../testing/call-fixtures';
import { legalHold } from '../../testing/compliance-fixtures';
import { find, findButton } from '../../testing/dom';
import { apiError } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { PlaceHoldDialog, PlaceHoldDialogData } from './place-hold-dialog';

describe('PlaceHoldDialog', () => {
  let backend: HttpTestingController;
  let ref: MatDialogRef<PlaceHoldDialog, LegalHoldDto>;
  let closedWith: LegalHoldDto | undefined | 'open';
  let dialog: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    backend = TestBed.inject(HttpTestingController);
    closedWith = 'open';
    ref = TestBed.inject(MatDialog).open<PlaceHoldDialog, PlaceHoldDialogData, LegalHoldDto>(PlaceHoldDialog, {
      data: { agents: AGENTS, dataLists: DATA_LISTS },
    });
    ref.afterClosed().subscribe((hold) => (closedWith = hold));
    await settle();
    dialog = find(document, 'mat-dialog-container');
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  function type(selector: string, value: string): void {
    const input = find<HTMLInputElement | HTMLTextAreaElement>(dialog, selector);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  /**
   * Types on a fake clock, so the debounce is ours to step: nothing is counted before
   * typing has paused for 400 ms, then the count is asked for once.
   */
  async function typeThenPause(...edits: [selector: string, value: string][]): Promise<void> {
    jest.useFakeTimers();
    try {
      for (const [selector, value] of edits) {
        type(selector, value);
      }
      await jest.advanceTimersByTimeAsync(399);
      backend.expectNone('/api/legal-holds/preview');
      await jest.advanceTimersByTimeAsync(1);
      // Angular's render, scheduled on the fake clock by the new state, must run before it stops.
      await jest.advanceTimersByTimeAsync(50);
    } finally {
      jest.useRealTimers();
    }
    await settle();
  }

  const coverage = () => find(dialog, '[data-testid="hold-coverage"]').textContent ?? '';

  it('counts nothing until a criterion is set', async () => {
    await typeThenPause(['input[formControlName="name"]', 'Case 42']);
    expect(coverage()).toContain('Add at least one criterion to count');
    backend.expectNone('/api/legal-holds/preview');
  });

  it('shows a live count once typing pauses, and only for the latest criteria', async () => {
    await typeThenPause(['input[formControlName="phone"]', '+14155550100'], ['input[formControlName="phone"]', '+1 415 555 0915']);

    const request = backend.expectOne('/api/legal-holds/preview');
    expect(request.request.body).toEqual({ criteria: { phone: '+14155550915' } });
    expect(coverage()).toContain('Counting recordings');
    request.flush({ covered: 3 });
    await settle();
    expect(find(dialog, '[data-testid="hold-covered-count"]').textContent).toBe('3');
    expect(coverage()).toContain('Covers 3 recordings now');

    await typeThenPause(['textarea[formControlName="recordingIds"]', '1b4e28ba-2fa1-11d2-883f-0016d3cca427']);
    const narrower = backend.expectOne('/api/legal-holds/preview');
    expect(narrower.request.body).toEqual({ criteria: { phone: '+14155550915', recordingIds: ['1b4e28ba-2fa1-11d2-883f-0016d3cca427'] } });
    narrower.flush({ covered: 1 });
    await settle();
    expect(coverage()).toContain('Covers 1 recording now');
  });

  it('explains criteria the API would refuse instead of asking it', async () => {
    await typeThenPause(['input[formControlName="phone"]', '07700 900123']);
    expect(coverage()).toContain('Enter the phone number in E.164');
    backend.expectNone('/api/legal-holds/preview');
  });

  it('places the hold with trimmed text and closes with it', async () => {
    type('input[formControlName="name"]', ' Case 42 ');
    type('textarea[formControlName="reason"]', 'Counsel asked');
    await typeThenPause(['textarea[formControlName="recordingIds"]', '1b4e28ba-2fa1-11d2-883f-0016d3cca427']);
    backend.expectOne('/api/legal-holds/preview').flush({ covered: 1 });
    await settle();

    findButton(dialog, 'Place hold').click();
    await settle();
    const request = backend.expectOne('/api/legal-holds');
    expect(request.request.body).toEqual({
      name: 'Case 42',
      reason: 'Counsel asked',
      criteria: { recordingIds: ['1b4e28ba-2fa1-11d2-883f-0016d3cca427'] },
    });
    const hold = legalHold();
    request.flush(hold);
    await settle();
    expect(closedWith).toEqual(hold);
  });

  it('refuses a hold without criteria and keeps the dialog open on an API refusal', async () => {
    type('input[formControlName="name"]', 'Case 42');
    type('textarea[formControlName="reason"]', 'Counsel asked');
    await settle();
    findButton(dialog, 'Place hold').click();
    await settle();
    expect(find(dialog, '[data-testid="hold-error"]').textContent).toContain('Add at least one criterion: a hold on everything');
    backend.expectNone('/api/legal-holds');

    await typeThenPause(['input[formControlName="phone"]', '+14155550915']);
    backend.expectOne('/api/legal-holds/preview').flush({ covered: 2 });
    findButton(dialog, 'Place hold').click();
    await settle();
    backend.expectOne('/api/legal-holds').flush(apiError(404, 'Agent x not found', 'Not Found'), { status: 404, statusText: 'Not Found' });
    await settle();
    expect(closedWith).toBe('open');
    expect(find(dialog, '[data-testid="hold-error"]').textContent).toBe('Agent x not found');
  });
});
