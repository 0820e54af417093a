import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatTooltip } from '@angular/material/tooltip';
import { By } from '@angular/platform-browser';
import { provideRouter, Router } from '@angular/router';
import { CallRecordDto, CallRecordSort } from '@callrec/contracts';
import { callRecord, recordingSummary } from '../../testing/call-fixtures';
import { find, visibleText } from '../../testing/dom';
import { provideSpecDefaults } from '../../testing/providers';
import { CallRecordsTable, ORPHAN_TOOLTIP } from './call-records-table';

describe('CallRecordsTable', () => {
  let fixture: ComponentFixture<CallRecordsTable>;
  let table: HTMLElement;

  const stored = callRecord();
  const manual = callRecord({
    id: 'call-2',
    toNumber: '+14155550903',
    contact: null,
    dataList: null,
    dataListLabel: 'Manual Dial',
    durationSeconds: 161,
    outcome: null,
    recordings: [recordingSummary({ id: 'rec-2', status: 'PENDING', durationSeconds: null, sizeBytes: null })],
  });
  const busy = callRecord({ id: 'call-3', status: 'busy', outcome: 'NO_ANSWER', durationSeconds: 0, answeredAt: null, recordings: [] });

  async function render(calls: CallRecordDto[], inputs: Record<string, unknown> = {}): Promise<void> {
    fixture.componentRef.setInput('calls', calls);
    fixture.componentRef.setInput('sort', '-placedAt');
    for (const [name, value] of Object.entries(inputs)) {
      fixture.componentRef.setInput(name, value);
    }
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [...provideSpecDefaults(), provideRouter([])] });
    fixture = TestBed.createComponent(CallRecordsTable);
    table = fixture.nativeElement as HTMLElement;
  });

  const row = (id: string) => find(table, `tr[data-call-id="${id}"]`);
  const cells = (id: string) => Array.from(row(id).querySelectorAll('td')).map((cell) => visibleText(cell));

  it('shows every column a reviewer needs, in order', async () => {
    await render([stored], { canDownload: true });

    const headers = Array.from(table.querySelectorAll('th')).map((th) => visibleText(th));
    expect(headers).toEqual(['Placed at', 'Agent', 'Contact', 'Data list', 'Duration', 'Outcome', 'Call', 'Recording', 'Actions']);
    const placed = new Date(stored.placedAt);
    expect(cells('call-1')).toEqual([
      `${placed.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' })} ${placed.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' })}`,
      'Avery Agent',
      'Olivia Nguyen +14155550100',
      'Spring Renewals',
      '1:07',
      'Sale',
      'Completed',
      'Stored 1:07 · 2.14 MB',
      '',
    ]);
  });

  it('shows Manual Dial, a missing outcome, a pending recording and a call without one plainly', async () => {
    await render([manual, busy]);

    expect(cells('call-2').slice(2, 8)).toEqual(['+14155550903', 'Manual Dial', '2:41', 'Not set', 'Completed', 'Pending']);
    expect(cells('call-3').slice(4, 8)).toEqual(['0:00', 'No answer', 'Busy', 'None']);
  });

  it('offers play and download for stored recordings only, and download only to roles that may', async () => {
    await render([stored, manual], { canDownload: true });
    expect(row('call-1').querySelector('[data-testid="row-play"]')?.getAttribute('href')).toBe('/call-records/call-1');
    expect(row('call-1').querySelector('[data-testid="row-download"]')).not.toBeNull();
    expect(row('call-2').querySelector('[data-testid="row-play"]')).toBeNull();
    expect(find(row('call-2'), 'td.actions a').getAttribute('aria-label')).toBe('Details of the call with +14155550903');

    await render([stored], { canDownload: false });
    expect(row('call-1').querySelector('[data-testid="row-play"]')).not.toBeNull();
    expect(row('call-1').querySelector('[data-testid="row-download"]')).toBeNull();
  });

  it('reports a download with the call it belongs to', async () => {
    await render([stored], { canDownload: true });
    const downloads: CallRecordDto[] = [];
    fixture.componentInstance.download.subscribe((call) => downloads.push(call));

    find<HTMLButtonElement>(row('call-1'), '[data-testid="row-download"]').click();
    expect(downloads).toEqual([stored]);
  });

  it('reports a play click (or Enter) on a row with its call, so the player it opens can play at once', async () => {
    TestBed.inject(Router).resetConfig([{ path: 'call-records/:id', children: [] }]);
    await render([stored]);
    const plays: CallRecordDto[] = [];
    fixture.componentInstance.playRequested.subscribe((call) => plays.push(call));

    // A link: Enter on it is a click too, so one handler serves the mouse and the keyboard.
    const play = find<HTMLAnchorElement>(row('call-1'), '[data-testid="row-play"]');
    expect(play.tagName).toBe('A');
    play.click();
    expect(plays).toEqual([stored]);
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/call-records/call-1');
  });

  it('sorts through the headers and shows the current sort', async () => {
    await render([stored, manual]);
    const sorts: CallRecordSort[] = [];
    fixture.componentInstance.sortChange.subscribe((sort) => sorts.push(sort));

    expect(find(table, 'th.mat-column-placedAt').getAttribute('aria-sort')).toBe('descending');
    find(table, 'th.mat-column-agent .mat-sort-header-container').click();
    expect(sorts).toEqual(['agent']);

    fixture.componentRef.setInput('sort', 'agent');
    await fixture.whenStable();
    find(table, 'th.mat-column-agent .mat-sort-header-container').click();
    expect(sorts).toEqual(['agent', '-agent']);

    find(table, 'th.mat-column-durationSeconds .mat-sort-header-container').click();
    expect(sorts.at(-1)).toBe('-durationSeconds');
    expect(table.querySelector('th.mat-column-contact .mat-sort-header-container')).toBeNull();
  });

  it('shows an orphan as Unassigned with a chip that says what an orphan is', async () => {
    const orphan = callRecord({ id: 'call-4', agent: null, orphan: true, contact: null, dataList: null, dataListLabel: 'Manual Dial' });
    await render([stored, orphan]);

    expect(cells('call-4')[1]).toBe('Unassigned Orphan');
    const chip = fixture.debugElement.query(By.css('tr[data-call-id="call-4"] [data-testid="orphan-chip"]'));
    expect(chip.injector.get(MatTooltip).message).toBe(ORPHAN_TOOLTIP);
    expect(ORPHAN_TOOLTIP).toBe('Recorded by Twilio without a call placed through us; adopted by reconciliation');
    expect(cells('call-1')[1]).toBe('Avery Agent');
    expect(row('call-1').querySelector('[data-testid="orphan-chip"]')).toBeNull();
  });

  it('marks rows that changed live and the row open in the player', async () => {
    await render([stored, manual], { highlighted: new Set(['call-2']), selectedId: 'call-1' });

    expect(row('call-2').classList).toContain('changed');
    expect(row('call-1').classList).not.toContain('changed');
    expect(row('call-1').getAttribute('aria-current')).toBe('true');
  });
});
