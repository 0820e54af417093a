type Task = () => void | Promise<void>;

/**
 * Owns every timer the emulator starts, so `close()`/`reset()` can stop them all and a test run
 * never leaves a handle behind. Timers can be grouped by key (a call SID) and cancelled together.
 */
export class Scheduler {
  private readonly timers = new Map<NodeJS.Timeout, string | undefined>();

  constructor(private readonly onError: (err: unknown) => void) {}

  after(ms: number, task: Task, key?: string): NodeJS.Timeout {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        try {
          const result = task();
          if (result instanceof Promise) result.catch(this.onError);
        } catch (err) {
          this.onError(err);
        }
      },
      Math.max(0, ms),
    );
    this.timers.set(timer, key);
    return timer;
  }

  cancelKey(key: string): void {
    for (const [timer, k] of this.timers) {
      if (k === key) {
        clearTimeout(timer);
        this.timers.delete(timer);
      }
    }
  }

  clearAll(): void {
    for (const timer of this.timers.keys()) clearTimeout(timer);
    this.timers.clear();
  }
}
