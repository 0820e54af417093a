/**
 * Fakes only `setInterval`, which RxJS uses for every timed operator (`auditTime`,
 * `debounceTime`, `interval`), so specs step those with `jest.advanceTimersByTime` instead of
 * sleeping, while `setTimeout` (used by `settle()` and Angular) keeps running for real.
 */
export function fakeIntervalsOnly(): void {
  jest.useFakeTimers({
    doNotFake: [
      'Date',
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
