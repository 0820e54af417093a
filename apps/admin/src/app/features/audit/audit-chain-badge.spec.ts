import { formatDate } from '@angular/common';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AuditVerifyResult } from '@callrec/contracts';
import { LOADING, loaded } from '../../core/loading/loadable';
import { find } from '../../testing/dom';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { AuditChainBadge } from './audit-chain-badge';
import { ChainState } from './audit-page.store';

const CHECKPOINT = { seq: 1230, hash: 'a'.repeat(64), at: '2026-11-30T10:15:42.000Z' };

describe('AuditChainBadge', () => {
  let fixture: ComponentFixture<AuditChainBadge>;
  let host: HTMLElement;

  async function show(chain: ChainState): Promise<void> {
    fixture.componentRef.setInput('chain', chain);
    await settle();
  }
  const checked = (result: AuditVerifyResult): ChainState => loaded(result);
  const badge = () => find(host, '[data-testid="chain-status"]');

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    fixture = TestBed.createComponent(AuditChainBadge);
    host = fixture.nativeElement as HTMLElement;
  });

  it('names the newest signed checkpoint, event and time, when the chain is intact', async () => {
    await show(checked({ ok: true, checked: 1234, checkpoint: CHECKPOINT }));
    expect(badge().textContent).toContain('Chain intact · 1,234 events checked');
    expect(find(host, '[data-testid="chain-checkpoint"]').textContent?.trim()).toBe(
      `Signed up to event 1,230 on ${formatDate(CHECKPOINT.at, 'd MMM y, HH:mm:ss', 'en-US')}`,
    );
    expect(badge().classList).toContain('intact');
  });

  it('says when nothing has been signed yet', async () => {
    await show(checked({ ok: true, checked: 3, checkpoint: null }));
    expect(find(host, '[data-testid="chain-checkpoint"]').textContent?.trim()).toBe('No signed checkpoint yet');
  });

  it("gives the server's own words when the tail was cut, with no broken link to point at", async () => {
    const problem = `The audit trail ends at event 118 but the checkpoint signed at ${CHECKPOINT.at} in the recording store covers event 130: events were removed`;
    await show(checked({ ok: false, checked: 118, checkpoint: { ...CHECKPOINT, seq: 130 }, problem }));
    expect(badge().textContent).toContain('Chain broken');
    expect(badge().textContent).not.toContain('Chain broken at event');
    expect(find(host, '[data-testid="chain-problem"]').textContent).toBe(problem);
    expect(host.querySelector('[data-testid="chain-checkpoint"]')).toBeNull();
    expect(badge().classList).toContain('broken');
  });

  it('points at the first broken link and explains it', async () => {
    await show(
      checked({
        ok: false,
        checked: 40,
        firstBrokenId: 'ev-41',
        checkpoint: null,
        problem: 'Event 41 no longer matches its hash: it was changed',
      }),
    );
    expect(badge().textContent).toContain('Chain broken at event 41');
    expect(badge().textContent).toContain('(ev-41)');
    expect(find(host, '[data-testid="chain-problem"]').textContent).toBe('Event 41 no longer matches its hash: it was changed');
  });

  it('asks to check again, except while a check runs', async () => {
    const recheck = jest.fn();
    fixture.componentInstance.recheck.subscribe(recheck);
    await show(LOADING);
    expect(find<HTMLButtonElement>(host, 'button[aria-label="Check the chain again"]').disabled).toBe(true);
    await show({ kind: 'error', message: 'Database unavailable' });
    find<HTMLButtonElement>(host, 'button[aria-label="Check the chain again"]').click();
    expect(recheck).toHaveBeenCalledTimes(1);
  });
});
