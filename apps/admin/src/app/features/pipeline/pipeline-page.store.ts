import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ParkedWebhookEvent, PipelineOverview } from '@callrec/contracts';
import { auditTime, firstValueFrom, interval, map, merge, startWith, Subject, switchMap } from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';
import { LOADING, Loadable, loadedValue, toLoadable } from '../../core/loading/loadable';
import { Notifier } from '../../core/notifications/notifier';
import { LiveEventsService } from '../../data-access/live-events.service';
import { PipelineApiService } from '../../data-access/pipeline-api.service';
import { RecordingsApiService } from '../../data-access/recordings-api.service';
import { WebhookEventsApiService } from '../../data-access/webhook-events-api.service';

/** Often enough to watch a backlog drain, rare enough to leave the database alone. */
const REFRESH_MS = 15_000;

/** An overview with the moment it was read, so the page can say how old its numbers are. */
export interface PipelineSnapshot {
  readonly overview: PipelineOverview;
  readonly checkedAt: Date;
}

/** The Pipeline page's state: the overview, refreshed on a rhythm, on live events and after actions. */
@Injectable()
export class PipelinePageStore {
  private readonly notifier = inject(Notifier);
  private readonly pipelineApi = inject(PipelineApiService);
  private readonly recordingsApi = inject(RecordingsApiService);
  private readonly webhookEventsApi = inject(WebhookEventsApiService);
  private readonly refreshNow = new Subject<void>();
  private readonly busy = signal<ReadonlySet<string>>(new Set());

  public readonly load = signal<Loadable<PipelineSnapshot>>(LOADING);
  public readonly refreshing = signal(false);
  public readonly reconciling = signal(false);
  public readonly staleMessage = signal<string | null>(null);
  public readonly overview = computed(() => loadedValue(this.load())?.overview ?? null);

  public constructor() {
    merge(this.refreshNow, interval(REFRESH_MS), inject(LiveEventsService).updates$.pipe(auditTime(1000)))
      .pipe(
        startWith(undefined),
        switchMap(() => {
          this.refreshing.set(true);
          return this.pipelineApi.overview().pipe(
            map((overview): PipelineSnapshot => ({ overview, checkedAt: new Date() })),
            toLoadable(),
          );
        }),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((load) => {
        this.refreshing.set(false);
        // A failed refresh keeps the last good numbers on screen, and says they are stale.
        if (load.kind === 'error' && this.overview()) {
          this.staleMessage.set(load.message);
          return;
        }
        this.staleMessage.set(null);
        this.load.set(load);
      });
  }

  public refresh(): void {
    this.refreshNow.next();
  }

  public isBusy(id: string): boolean {
    return this.busy().has(id);
  }

  public async retry(id: string, sid: string): Promise<void> {
    this.busy.update((ids) => new Set([...ids, id]));
    try {
      await firstValueFrom(this.recordingsApi.retry(id));
      this.notifier.success(`Downloading ${sid} again`);
      this.refreshNow.next();
    } catch (error: unknown) {
      this.notifier.error(apiErrorMessage(error));
    } finally {
      this.busy.update((ids) => new Set([...ids].filter((busyId) => busyId !== id)));
    }
  }

  public async retryWebhookEvent(event: ParkedWebhookEvent): Promise<void> {
    this.busy.update((ids) => new Set([...ids, event.id]));
    try {
      await firstValueFrom(this.webhookEventsApi.retry(event.id));
      this.notifier.success(`Applying the callback for ${event.recordingSid ?? event.callSid ?? event.id} again`);
      this.refreshNow.next();
    } catch (error: unknown) {
      this.notifier.error(apiErrorMessage(error));
    } finally {
      this.busy.update((ids) => new Set([...ids].filter((busyId) => busyId !== event.id)));
    }
  }

  public async reconcile(): Promise<void> {
    this.reconciling.set(true);
    try {
      await firstValueFrom(this.pipelineApi.reconcile());
      this.notifier.success('Reconciliation started: recordings Twilio has but we lack are being fetched.');
      this.refreshNow.next();
    } catch (error: unknown) {
      this.notifier.error(apiErrorMessage(error));
    } finally {
      this.reconciling.set(false);
    }
  }
}
