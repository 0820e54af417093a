import { DestroyRef, inject, Injectable, signal, WritableSignal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RetentionPolicyDto, RetentionPreview, RetentionRunDto } from '@callrec/contracts';
import { catchError, filter, firstValueFrom, map, Observable, of, switchMap, take, timeout, timer } from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';
import { LOADING, Loadable, loaded, loadedValue, patchLoaded, toLoadable } from '../../core/loading/loadable';
import { Notifier } from '../../core/notifications/notifier';
import { RetentionApiService } from '../../data-access/retention-api.service';
import { finishedRunSince, runOutcome } from './retention-runs';

/** A sweep runs in a worker; its run row is looked for this often until it has finished. */
const RUN_POLL_MS = 1500;
/** Long enough for a large sweep on a busy machine; after that the page stops waiting, not the sweep. */
const RUN_WAIT_MS = 120_000;

/** The Retention page's state: policies, what the next sweep would do, and past sweeps. */
@Injectable()
export class RetentionPageStore {
  private readonly api = inject(RetentionApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly notifier = inject(Notifier);
  private readonly busy = signal<ReadonlySet<string>>(new Set());

  public readonly policies = signal<Loadable<RetentionPolicyDto[]>>(LOADING);
  public readonly preview = signal<Loadable<RetentionPreview>>(LOADING);
  public readonly runs = signal<Loadable<RetentionRunDto[]>>(LOADING);
  public readonly running = signal(false);

  public load(): void {
    this.loadPolicies();
    this.loadPreview();
    this.loadRuns();
  }

  public loadPolicies(): void {
    this.fetch(this.api.policies(), this.policies);
  }

  public loadPreview(): void {
    this.fetch(this.api.preview(), this.preview);
  }

  public loadRuns(): void {
    this.fetch(this.api.runs(), this.runs);
  }

  public isBusy(id: string): boolean {
    return this.busy().has(id);
  }

  /** A policy saved in the dialog: it changes what the next sweep would delete. */
  public saved(policy: RetentionPolicyDto): void {
    this.replacePolicy(policy);
    this.loadPolicies();
    this.loadPreview();
  }

  public async setEnabled(policy: RetentionPolicyDto, enabled: boolean): Promise<boolean> {
    return this.withBusy(policy.id, async () => {
      const updated = await firstValueFrom(this.api.updatePolicy(policy.id, { enabled }));
      this.replacePolicy(updated);
      this.loadPreview();
      this.notifier.success(`${updated.name} is ${enabled ? 'enabled' : 'disabled'}`);
    });
  }

  public async remove(policy: RetentionPolicyDto): Promise<boolean> {
    return this.withBusy(policy.id, async () => {
      await firstValueFrom(this.api.deletePolicy(policy.id));
      this.policies.update((load) => patchLoaded(load, (policies) => policies.filter((p) => p.id !== policy.id)));
      this.loadPreview();
      this.notifier.success(`${policy.name} is deleted`);
    });
  }

  /**
   * Queues a sweep, then follows it until its run row says it has finished, so the person
   * who pressed the button learns what it did without refreshing.
   */
  public async runNow(): Promise<void> {
    if (this.running()) {
      return;
    }
    this.running.set(true);
    try {
      const known = new Set((loadedValue(this.runs()) ?? []).map((run) => run.id));
      await firstValueFrom(this.api.run());
      this.notifier.info('Sweep started: expired recordings are being deleted.');
      const finished = await firstValueFrom(
        timer(0, RUN_POLL_MS).pipe(
          switchMap(() => this.api.runs().pipe(catchError(() => of(null)))),
          filter((runs): runs is RetentionRunDto[] => runs !== null),
          map((runs) => ({ runs, finished: finishedRunSince(known, runs) })),
          filter(({ finished }) => finished !== null),
          take(1),
          timeout(RUN_WAIT_MS),
          takeUntilDestroyed(this.destroyRef),
        ),
      );
      this.runs.set(loaded(finished.runs));
      if (finished.finished) {
        const outcome = runOutcome(finished.finished);
        if (finished.finished.error) {
          this.notifier.error(outcome);
        } else {
          this.notifier.success(outcome);
        }
      }
      this.loadPreview();
    } catch (error: unknown) {
      this.notifier.error(
        error instanceof Error && error.name === 'TimeoutError'
          ? 'The sweep is taking longer than usual; its result will appear under Past sweeps.'
          : apiErrorMessage(error),
      );
      this.loadRuns();
    } finally {
      this.running.set(false);
    }
  }

  private replacePolicy(policy: RetentionPolicyDto): void {
    this.policies.update((load) =>
      patchLoaded(load, (policies) =>
        policies.some((p) => p.id === policy.id) ? policies.map((p) => (p.id === policy.id ? policy : p)) : [...policies, policy],
      ),
    );
  }

  private fetch<T>(source: Observable<T>, target: WritableSignal<Loadable<T>>): void {
    // A reload keeps what is on screen; only the first load shows the skeleton.
    if (target().kind === 'error') {
      target.set(LOADING);
    }
    source.pipe(toLoadable(), takeUntilDestroyed(this.destroyRef)).subscribe((load) => target.set(load));
  }

  private async withBusy(id: string, action: () => Promise<void>): Promise<boolean> {
    if (this.isBusy(id)) {
      return false;
    }
    this.busy.update((ids) => new Set([...ids, id]));
    try {
      await action();
      return true;
    } catch (error: unknown) {
      this.notifier.error(apiErrorMessage(error));
      return false;
    } finally {
      this.busy.update((ids) => new Set([...ids].filter((busyId) => busyId !== id)));
    }
  }
}
