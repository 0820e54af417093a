import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { AuditEventDto, AuditVerifyResult, Page } from '@callrec/contracts';
import { catchError, map, of, switchMap } from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';
import { AuditApiService } from '../../data-access/audit-api.service';
import {
  AuditFilters,
  auditFiltersFromParams,
  auditFiltersToParams,
  DEFAULT_AUDIT_FILTERS,
  toAuditQuery,
  withAuditChange,
} from './audit-filters';

type Load =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly page: Page<AuditEventDto> }
  | { readonly kind: 'error'; readonly message: string };

export type ChainState =
  | { readonly kind: 'checking' }
  | { readonly kind: 'checked'; readonly result: AuditVerifyResult }
  | { readonly kind: 'error'; readonly message: string };

/**
 * The audit page's state. Filters live in the URL only: a change navigates and the
 * navigation loads, so Back and a shared link show the same events.
 */
@Injectable()
export class AuditPageStore {
  private readonly api = inject(AuditApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly retries = signal(0);
  private readonly load = signal<Load>({ kind: 'loading' });
  private readonly lastPage = signal<Page<AuditEventDto> | null>(null);
  /** Actors met on any page so far, so the actor filter can name them for any role. */
  private readonly seenActors = signal<ReadonlyMap<string, string>>(new Map());

  public readonly filters = toSignal(this.route.queryParams.pipe(map(auditFiltersFromParams)), { requireSync: true });
  public readonly status = computed(() => this.load().kind);
  public readonly errorMessage = computed(() => {
    const load = this.load();
    return load.kind === 'error' ? load.message : '';
  });
  /** Rows stay while the next page loads, so the table does not jump. */
  public readonly page = this.lastPage.asReadonly();
  public readonly actors = this.seenActors.asReadonly();
  public readonly chain = signal<ChainState>({ kind: 'checking' });

  public constructor() {
    toObservable(computed(() => ({ filters: this.filters(), retry: this.retries() })))
      .pipe(
        switchMap(({ filters }) => {
          this.load.set({ kind: 'loading' });
          return this.api.search(toAuditQuery(filters)).pipe(
            map((page): Load => ({ kind: 'ready', page })),
            catchError((error: unknown) => of<Load>({ kind: 'error', message: apiErrorMessage(error) })),
          );
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((load) => {
        if (load.kind === 'ready') {
          this.lastPage.set(load.page);
          this.remember(load.page.items);
        }
        this.load.set(load);
      });
    this.verify();
  }

  public change(change: Partial<AuditFilters>): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: auditFiltersToParams(withAuditChange(this.filters(), change)),
    });
  }

  public clearFilters(): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: auditFiltersToParams({ ...DEFAULT_AUDIT_FILTERS, pageSize: this.filters().pageSize }),
    });
  }

  public reload(): void {
    this.retries.update((count) => count + 1);
  }

  /** Recomputes the whole chain on the server: on arrival and on request, not per page. */
  public verify(): void {
    this.chain.set({ kind: 'checking' });
    this.api
      .verify()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) => this.chain.set({ kind: 'checked', result }),
        error: (error: unknown) => this.chain.set({ kind: 'error', message: apiErrorMessage(error) }),
      });
  }

  private remember(events: readonly AuditEventDto[]): void {
    const fresh = events.filter((event) => event.actorId && event.actorName && !this.seenActors().has(event.actorId));
    if (fresh.length > 0) {
      this.seenActors.update((actors) => new Map([...actors, ...fresh.map((e) => [e.actorId as string, e.actorName as string] as const)]));
    }
  }
}
