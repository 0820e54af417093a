import { renewalDelay, swapDeadline, TOKEN_MIN_LIFE_MS, TOKEN_REFRESH_MARGIN_MS } from './media-token-keeper';

describe('media token renewal timing', () => {
  const now = Date.UTC(2026, 11, 2, 12, 0, 0);
  const expiringIn = (ms: number) => new Date(now + ms).toISOString();

  it('renews a five-minute token a minute before it expires', () => {
    expect(renewalDelay(expiringIn(300_000), now)).toBe(300_000 - TOKEN_REFRESH_MARGIN_MS);
  });

  it('renews a short-lived link half-way through its life, not after it is gone', () => {
    expect(renewalDelay(expiringIn(60_000), now)).toBe(30_000);
    expect(renewalDelay(expiringIn(20_000), now)).toBe(10_000);
  });

  it('never plans a renewal in the past or in a tight loop', () => {
    expect(renewalDelay(expiringIn(500), now)).toBe(1000);
    expect(renewalDelay(expiringIn(-5_000), now)).toBe(1000);
  });

  it('moves a playing source to its renewed link while the old one still has ten seconds left', () => {
    expect(swapDeadline(expiringIn(300_000), now)).toBe(300_000 - TOKEN_MIN_LIFE_MS);
    // Later than the renewal: a pause in between swaps quietly instead.
    expect(swapDeadline(expiringIn(300_000), now)).toBeGreaterThan(renewalDelay(expiringIn(300_000), now));
  });

  it('keeps a quarter of a short life as the margin, and swaps at once once it has run out', () => {
    expect(swapDeadline(expiringIn(20_000), now)).toBe(15_000);
    expect(swapDeadline(expiringIn(-1), now)).toBe(0);
  });
});
