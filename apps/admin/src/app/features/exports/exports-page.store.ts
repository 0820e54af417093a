import { computed, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ExportDto } from '@callrec/contracts';
import { exhaustMap, startWith, Subject, switchMap, takeWhile, tap, timer } from 'rxjs';
import { LOADING, Loadable, loadedValue, patchLoaded, toLoadable } from '../../core/loading/loadable';
import { ExportsApiService } from '../../data-access/exports-api.service';
import { isActive } from './export-view';

/** While an export is queued, building or awaiting approval, the list is read this often. */
export const EXPORTS_POLL_MS = 2000;

/**
 * The Exports page's list. It is read once, then again every EXPORTS_POLL_MS while any export
 * is still changing, and no more once none is (or when the page goes). A failed refresh keeps
 * the list on screen and tries again at the next tick; only a failed first read shows an error.
 */
@Injectable()
export class ExportsPageStore {
  private readonly api = inject(ExportsApiService);
  /** Each one starts the reads again, after the delay it carries. */
  private readonly refreshes = new Subject<number>();

  public readonly load = signal<Loadable<ExportDto[]>>(LOADING);
  /** True while some export is still changing, so the list keeps refreshing. */
  public readonly polling = computed(() => (loadedValue(this.load()) ?? []).some(isActive));

  public constructor() {
    this.refreshes
      .pipe(
        startWith(0),
        switchMap((delay) =>
          timer(delay, EXPORTS_POLL_MS).pipe(
            // A slow answer is not asked for again on top of itself.
            exhaustMap(() => this.api.list().pipe(toLoadable())),
            tap((load) => this.accept(load)),
            takeWhile(() => this.polling()),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe();
  }

  /** Reads the list now and follows it again (after a request, an approval or a download). */
  public reload(): void {
    if (this.load().kind === 'error') {
      this.load.set(LOADING);
    }
    this.refreshes.next(0);
  }

  /** Puts an export the API just answered with in place (or first), before the next read. */
  public upsert(item: ExportDto): void {
    this.load.update((load) =>
      patchLoaded(load, (items) =>
        items.some((i) => i.id === item.id) ? items.map((i) => (i.id === item.id ? item : i)) : [item, ...items],
      ),
    );
  }

  /** The link works once: hide it as soon as it is followed, then read what the server says. */
  public downloaded(id: string): void {
    this.load.update((load) =>
      patchLoaded(load, (items) =>
        items.map((i) => (i.id === id ? { ...i, downloadUrl: undefined, downloadedAt: new Date().toISOString() } : i)),
      ),
    );
    // Read again once the browser has had time to ask for the file, so the link is not shown anew.
    this.refreshes.next(EXPORTS_POLL_MS);
  }

  private accept(load: Loadable<ExportDto[]>): void {
    if (load.kind === 'error' && this.load().kind === 'ready') {
      return;
    }
    this.load.set(load);
  }
}
