import { isDropped, type FaultSet } from '../faults/fault-set';
import type { Scheduler } from '../calls/scheduler';
import type { CallbackJob, CallbackSender } from './callback-sender';

/**
 * Applies the callback faults (drop, duplicate, delay, reorder) between the call engine, which
 * generates callbacks in order, and the sender, which puts them on the wire.
 */
export class CallbackDispatcher {
  /** callbacks held back by `reorderCallbacks`, per call, in generation order */
  private readonly held = new Map<string, CallbackJob[]>();

  constructor(
    private readonly sender: CallbackSender,
    private readonly scheduler: Scheduler,
    private readonly faultsFor: (callSid: string) => FaultSet,
  ) {}

  emit(job: CallbackJob): void {
    const faults = this.faultsFor(job.callSid);
    if (isDropped(faults, job.kind, job.event)) {
      this.sender.logDropped(job);
      return;
    }
    if (faults.reorderCallbacks) {
      const list = this.held.get(job.callSid) ?? [];
      list.push(job);
      this.held.set(job.callSid, list);
      return;
    }
    this.scheduler.after(faults.delayCallbacksMs ?? 0, () => this.deliverCopies(job, faults));
  }

  /**
   * Called once nothing more will be generated for the call (recording final, or call final when
   * unrecorded). Held callbacks go out one after another, newest first, so the receiver sees them
   * strictly out of order.
   */
  release(callSid: string): void {
    const jobs = this.held.get(callSid);
    if (!jobs) return;
    this.held.delete(callSid);
    const faults = this.faultsFor(callSid);
    this.scheduler.after(faults.delayCallbacksMs ?? 0, async () => {
      for (const job of [...jobs].reverse()) await this.deliverCopies(job, faults);
    });
  }

  clear(): void {
    this.held.clear();
  }

  private async deliverCopies(job: CallbackJob, faults: FaultSet): Promise<void> {
    const copies = 1 + (faults.duplicateCallbacks ?? 0);
    for (let copy = 0; copy < copies; copy++) await this.sender.deliver(job, copy);
  }
}
