import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AuditEventDto, AuditVerifyResult } from '@callrec/contracts';
import { LOADING, Loadable, toLoadable } from '../../core/loading/loadable';
import { PageTurn, urlPagedList } from '../../core/paging/url-paged-list';
import { AuditApiService } from '../../data-access/audit-api.service';
import { AuditFilters, auditFiltersFromParams, auditFiltersToParams, DEFAULT_AUDIT_FILTERS, toAuditQuery } from './audit-filters';

/** The server's verdict on the whole hash chain, checked on arrival and on request. */
export type ChainState = Loadable<AuditVerifyResult>;

/**
 * The audit page's state. Filters live in the URL only: a change navigates and the
 * navigation loads, so Back and a shared link show the same events.
 */
@Injectable()
export class AuditPageStore {
  private readonly api = inject(AuditApiService);
  private readonly destroyRef = inject(DestroyRef);
  /** Actors met on any page so far, so the actor filter can name them for any role. */
  private readonly seenActors = signal<ReadonlyMap<string, string>>(new Map());
  private readonly list = urlPagedList<AuditFilters, AuditEventDto>({
    fromParams: auditFiltersFromParams,
    toParams: auditFiltersToParams,
    fetch: (filters) => this.api.search(toAuditQuery(filters)),
    arrived: (page) => this.remember(page.items),
  });

  public readonly filters = this.list.filters;
  public readonly status = this.list.status;
  public readonly errorMessage = this.list.errorMessage;
  /** Rows stay while the next page loads, so the table does not jump. */
  public readonly page = this.list.page;
  public readonly actors = this.seenActors.asReadonly();
  public readonly chain = signal<ChainState>(LOADING);

  public constructor() {
    this.verify();
  }

  public change(change: Partial<AuditFilters>): void {
    this.list.change(change);
  }

  public turnPage(turn: PageTurn): void {
    this.list.turnPage(turn);
  }

  public clearFilters(): void {
    this.list.show({ ...DEFAULT_AUDIT_FILTERS, pageSize: this.filters().pageSize });
  }

  public reload(): void {
    this.list.reload();
  }

  /** Recomputes the whole chain on the server: on arrival and on request, not per page. */
  public verify(): void {
    this.chain.set(LOADING);
    this.api
      .verify()
      .pipe(toLoadable(), takeUntilDestroyed(this.destroyRef))
      .subscribe((chain) => this.chain.set(chain));
  }

  private remember(events: readonly AuditEventDto[]): void {
    const fresh = events.filter((event) => event.actorId && event.actorName && !this.seenActors().has(event.actorId));
    if (fresh.length > 0) {
      this.seenActors.update((actors) => new Map([...actors, ...fresh.map((e) => [e.actorId as string, e.actorName as string] as const)]));
    }
  }
}
