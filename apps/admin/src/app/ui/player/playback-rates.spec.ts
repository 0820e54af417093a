import { nearestRate, steppedRate } from './playback-rates';

describe('playback rates', () => {
  it('snaps any speed to the nearest one offered', () => {
    expect(nearestRate(1.3)).toBe(1.25);
    expect(nearestRate(0.1)).toBe(0.5);
    expect(nearestRate(9)).toBe(2);
  });

  it('steps along the offered speeds and stops at either end', () => {
    expect(steppedRate(1, 1)).toBe(1.25);
    expect(steppedRate(0.5, -1)).toBe(0.5);
    expect(steppedRate(2, 1)).toBe(2);
    // A speed the list does not hold steps from 1×.
    expect(steppedRate(1.1, -1)).toBe(0.75);
  });
});
