import { ComponentFixture, TestBed } from '@angular/core/testing';
import { CallRecordFilters, DEFAULT_FILTERS } from './call-record-filters';
import { AGENTS, DATA_LISTS } from '../../testing/call-fixtures';
import { find, findButton, findByText } from '../../testing/dom';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { CallRecordsFilterBar } from './call-records-filter-bar';

describe('CallRecordsFilterBar', () => {
  let fixture: ComponentFixture<CallRecordsFilterBar>;
  let bar: HTMLElement;
  let changes: Partial<CallRecordFilters>[];
  let cleared: number;
  const today = new Date(2026, 10, 25, 15, 0);

  async function render(filters: Partial<CallRecordFilters> = {}): Promise<void> {
    fixture.componentRef.setInput('filters', { ...DEFAULT_FILTERS, ...filters });
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    fixture = TestBed.createComponent(CallRecordsFilterBar);
    bar = fixture.nativeElement as HTMLElement;
    fixture.componentRef.setInput('agents', AGENTS);
    fixture.componentRef.setInput('dataLists', DATA_LISTS);
    fixture.componentRef.setInput('today', today);
    changes = [];
    cleared = 0;
    fixture.componentInstance.changed.subscribe((change) => changes.push(change));
    fixture.componentInstance.cleared.subscribe(() => (cleared += 1));
    await render();
  });

  afterEach(() => document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove()));

  const quick = (label: string) => findByText<HTMLElement>(bar, 'mat-button-toggle', label);
  const phoneInput = () => find<HTMLInputElement>(bar, '[data-testid="filter-phone"]');

  it('sets the dates of a quick range ending today', async () => {
    find<HTMLButtonElement>(quick('7 days'), 'button').click();
    find<HTMLButtonElement>(quick('Today'), 'button').click();
    await fixture.whenStable();

    expect(changes).toEqual([
      { from: '2026-11-19', to: '2026-11-25' },
      { from: '2026-11-25', to: '2026-11-25' },
    ]);
  });

  it('shows the quick range the dates in the URL amount to, and the dates themselves', async () => {
    await render({ from: '2026-10-27', to: '2026-11-25' });

    expect(quick('30 days').classList).toContain('mat-button-toggle-checked');
    expect(quick('7 days').classList).not.toContain('mat-button-toggle-checked');
    expect(find<HTMLInputElement>(bar, '[data-testid="filter-from"]').value).toBe(new Date(2026, 9, 27).toLocaleDateString('en-US'));
    expect(find<HTMLInputElement>(bar, '[data-testid="filter-to"]').value).toBe(new Date(2026, 10, 25).toLocaleDateString('en-US'));
  });

  it('searches a phone number once typing pauses, and at once on Enter', async () => {
    jest.useFakeTimers();
    try {
      phoneInput().value = '+1415';
      phoneInput().dispatchEvent(new Event('input'));
      phoneInput().value = '+14155550100';
      phoneInput().dispatchEvent(new Event('input'));
      await jest.advanceTimersByTimeAsync(399);
      expect(changes).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(changes).toEqual([{ phone: '+14155550100' }]);
    } finally {
      jest.useRealTimers();
    }

    await render({ phone: '+14155550100' });
    phoneInput().value = '0123';
    phoneInput().dispatchEvent(new Event('input'));
    phoneInput().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(changes.at(-1)).toEqual({ phone: '0123' });
  });

  it('says what is wrong with a number the API would refuse, and does not search for it', async () => {
    phoneInput().value = 'call me';
    phoneInput().dispatchEvent(new Event('input'));
    phoneInput().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await fixture.whenStable();

    expect(bar.querySelector('mat-error')?.textContent).toContain('Digits only, optionally starting with +');
    expect(changes).toEqual([]);
  });

  it('shows the phone number from the URL, so a shared link reads the same', async () => {
    await render({ phone: '+14155550100', withRecording: true });

    expect(phoneInput().value).toBe('+14155550100');
    expect(find<HTMLInputElement>(bar, '.with-recording input').checked).toBe(true);
  });

  it('filters to Manual Dial through the data-list choice', async () => {
    find<HTMLElement>(bar, 'mat-form-field.wide mat-select').click();
    await settle();
    findByText<HTMLElement>(document, 'mat-option', 'Manual Dial').click();
    await settle();

    expect(changes).toEqual([{ list: 'manual' }]);
  });

  it('asks for recordings only with the checkbox', async () => {
    find<HTMLInputElement>(bar, '.with-recording input').click();
    await fixture.whenStable();
    expect(changes).toEqual([{ withRecording: true }]);
  });

  it('asks for orphans only with their checkbox, which shows the URL value', async () => {
    find<HTMLInputElement>(bar, '[data-testid="filter-orphans"] input').click();
    await fixture.whenStable();
    expect(changes).toEqual([{ orphanOnly: true }]);

    await render({ orphanOnly: true });
    expect(find<HTMLInputElement>(bar, '[data-testid="filter-orphans"] input').checked).toBe(true);
    findButton(bar, 'Clear filters').click();
    expect(cleared).toBe(1);
  });

  it('offers to clear filters only when something is filtered', async () => {
    expect(bar.textContent).not.toContain('Clear filters');
    await render({ outcome: 'SALE', sort: 'agent' });

    findButton(bar, 'Clear filters').click();
    expect(cleared).toBe(1);
  });
});
