import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { LegalHoldDto } from '@callrec/contracts';
import { switchMap } from 'rxjs';
import { LOADING, Loadable, toLoadable } from '../../core/loading/loadable';
import { LegalHoldsApiService } from '../../data-access/legal-holds-api.service';

/** The Legal holds page's list, with or without released holds. */
@Injectable()
export class LegalHoldsPageStore {
  private readonly api = inject(LegalHoldsApiService);
  private readonly reloads = signal(0);

  public readonly includeReleased = signal(false);
  public readonly load = signal<Loadable<LegalHoldDto[]>>(LOADING);
  public readonly activeCount = computed(() => {
    const load = this.load();
    return load.kind === 'ready' ? load.value.filter((hold) => hold.releasedAt === null).length : 0;
  });

  public constructor() {
    toObservable(computed(() => ({ includeReleased: this.includeReleased(), reload: this.reloads() })))
      .pipe(
        switchMap(({ includeReleased }) => {
          if (this.load().kind !== 'ready') {
            this.load.set(LOADING);
          }
          return this.api.list(includeReleased).pipe(toLoadable());
        }),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((load) => this.load.set(load));
  }

  /** Counts change with every new or released hold, so the list is read again rather than patched. */
  public reload(): void {
    this.reloads.update((count) => count + 1);
  }
}
