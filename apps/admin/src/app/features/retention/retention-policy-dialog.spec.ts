import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { RetentionPolicyDto } from '@callrec/contracts';
import { AGENTS, DATA_LISTS } from '../../testing/call-fixtures';
import { retentionPolicy } from '../../testing/compliance-fixtures';
import { find, findButton, findByText } from '../../testing/dom';
import { apiError } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { RetentionPolicyDialog, RetentionPolicyDialogData } from './retention-policy-dialog';

describe('RetentionPolicyDialog', () => {
  let backend: HttpTestingController;
  let closedWith: RetentionPolicyDto | undefined | 'open';
  let dialog: HTMLElement;

  async function open(policy?: RetentionPolicyDto): Promise<void> {
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    backend = TestBed.inject(HttpTestingController);
    closedWith = 'open';
    TestBed.inject(MatDialog)
      .open<RetentionPolicyDialog, RetentionPolicyDialogData, RetentionPolicyDto>(RetentionPolicyDialog, {
        data: { policy, agents: AGENTS, dataLists: DATA_LISTS },
      })
      .afterClosed()
      .subscribe((saved) => (closedWith = saved));
    await settle();
    dialog = find(document, 'mat-dialog-container');
  }

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  async function type(name: string, value: string): Promise<void> {
    const input = find<HTMLInputElement>(dialog, `input[formControlName="${name}"]`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await settle();
  }

  async function choose(control: string, label: string): Promise<void> {
    find<HTMLElement>(dialog, `mat-select[formControlName="${control}"] .mat-mdc-select-trigger`).click();
    await settle();
    findByText(document, 'mat-option', label).click();
    await settle();
  }

  it('asks for a name and a whole number of days before sending', async () => {
    await open();
    findButton(dialog, 'Add policy').click();
    await settle();
    expect(dialog.textContent).toContain('Give the policy a name people will recognise');
    expect(dialog.textContent).toContain('Enter a number of days (0 or more)');

    await type('retainDays', '-1');
    expect(dialog.textContent).toContain('Use a whole number of days from 0 to 36500');
    backend.expectNone('/api/retention-policies');
  });

  it('creates a Manual Dial policy that expires at the next sweep, saying what it applies to', async () => {
    await open();
    await type('name', '  Test calls  ');
    await type('retainDays', '0');
    await choose('source', 'Manual Dial only');
    await choose('outcome', 'Voicemail');
    expect(find(dialog, '[data-testid="policy-applies-to"]').textContent).toContain('Manual Dial only · Outcome: Voicemail');
    expect(dialog.textContent).toContain('Until the next sweep');
    findButton(dialog, 'Add policy').click();
    await settle();

    const request = backend.expectOne('/api/retention-policies');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      name: 'Test calls',
      retainDays: 0,
      enabled: true,
      scope: { manualDial: true, outcome: 'VOICEMAIL' },
    });
    const created = retentionPolicy({ name: 'Test calls', retainDays: 0, scope: { manualDial: true, outcome: 'VOICEMAIL' } });
    request.flush(created);
    await settle();
    expect(closedWith).toEqual(created);
  });

  it('edits a policy with PATCH, replacing its whole scope', async () => {
    await open(retentionPolicy({ id: 'pol-2', name: 'Renewals', retainDays: 90, scope: { dataListId: 'list-1', agentId: 'agent-2' } }));
    expect(dialog.textContent).toContain('Edit retention policy');
    expect(find(dialog, '[data-testid="policy-applies-to"]').textContent).toContain('List: Spring Renewals · Agent: Jordan Reyes');
    await choose('agentId', 'Any agent');
    findButton(dialog, 'Save changes').click();
    await settle();

    const request = backend.expectOne('/api/retention-policies/pol-2');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ name: 'Renewals', retainDays: 90, enabled: true, scope: { dataListId: 'list-1' } });
    request.flush(apiError(404, 'Data list list-1 not found', 'Not Found'), { status: 404, statusText: 'Not Found' });
    await settle();
    expect(closedWith).toBe('open');
    expect(find(dialog, '[data-testid="policy-error"]').textContent).toBe('Data list list-1 not found');
  });
});
