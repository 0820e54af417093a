import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { LegalHoldDto } from '@callrec/contracts';
import { catchError, map, of, switchMap } from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';
import { LegalHoldsApiService } from '../../data-access/legal-holds-api.service';

type Load =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly holds: LegalHoldDto[] }
  | { readonly kind: 'error'; readonly message: string };

/** The Legal holds page's list, with or without released holds. */
@Injectable()
export class LegalHoldsPageStore {
  private readonly api = inject(LegalHoldsApiService);
  private readonly reloads = signal(0);

  public readonly includeReleased = signal(false);
  public readonly load = signal<Load>({ kind: 'loading' });
  public readonly activeCount = computed(() => {
    const load = this.load();
    return load.kind === 'ready' ? load.holds.filter((hold) => hold.releasedAt === null).length : 0;
  });

  public constructor() {
    toObservable(computed(() => ({ includeReleased: this.includeReleased(), reload: this.reloads() })))
      .pipe(
        switchMap(({ includeReleased }) => {
          if (this.load().kind !== 'ready') {
            this.load.set({ kind: 'loading' });
          }
          return this.api.list(includeReleased).pipe(
            map((holds): Load => ({ kind: 'ready', holds })),
            catchError((error: unknown) => of<Load>({ kind: 'error', message: apiErrorMessage(error) })),
          );
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
