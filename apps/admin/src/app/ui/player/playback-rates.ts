export const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** The nearest offered speed, so keyboard steps and the menu always agree. */
export function nearestRate(rate: number): number {
  return PLAYBACK_RATES.reduce((best, candidate) => (Math.abs(candidate - rate) < Math.abs(best - rate) ? candidate : best));
}

/** One step up or down the list of speeds, stopping at either end; a speed not on the list steps from 1×. */
export function steppedRate(current: number, step: 1 | -1): number {
  const index = PLAYBACK_RATES.findIndex((rate) => rate === current);
  const next = Math.min(PLAYBACK_RATES.length - 1, Math.max(0, (index < 0 ? 2 : index) + step));
  return PLAYBACK_RATES[next];
}
