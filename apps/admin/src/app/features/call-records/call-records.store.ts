import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { CallRecordDto, Page } from '@callrec/contracts';
import { auditTime, catchError, map, merge, of, switchMap } from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';
import { CallRecordsApiService } from '../../data-access/call-records-api.service';
import { LiveEventsService } from '../../data-access/live-events.service';
import { CallRecordFilters, filtersFromParams, filtersToParams, toApiQuery, withChange } from './call-record-filters';

/** Live events often come in bursts (status, then recording); one refresh answers a burst. */
const LIVE_REFRESH_DELAY_MS = 700;
/** How long a row that changed under the user stays highlighted. */
const HIGHLIGHT_MS = 4000;

type Load =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly page: Page<CallRecordDto> }
  | { readonly kind: 'error'; readonly message: string };

interface Request {
  readonly filters: CallRecordFilters;
  /** A live refresh: no spinner, no reset, and changed rows are highlighted. */
  readonly quiet: boolean;
}

/**
 * The grid's state. The URL is the only source of the filters: changing one navigates, and
 * the navigation loads. Live events refresh the page in view quietly, keeping the user's
 * filters, page and scroll position.
 */
@Injectable()
export class CallRecordsStore {
  private readonly api = inject(CallRecordsApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly live = inject(LiveEventsService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);

  private readonly load = signal<Load>({ kind: 'loading' });
  private readonly lastPage = signal<Page<CallRecordDto> | null>(null);
  private readonly flashing = signal<ReadonlySet<string>>(new Set());
  private readonly retries = signal(0);
  private flashTimer: ReturnType<typeof setTimeout> | undefined;

  public readonly filters = toSignal(this.route.queryParams.pipe(map(filtersFromParams)), {
    requireSync: true,
  });
  public readonly status = computed(() => this.load().kind);
  /** Rows stay on screen while the next page loads, so the table does not jump. */
  public readonly page = this.lastPage.asReadonly();
  public readonly rows = computed(() => this.lastPage()?.items ?? []);
  public readonly total = computed(() => this.lastPage()?.total ?? 0);
  public readonly errorMessage = computed(() => {
    const load = this.load();
    return load.kind === 'error' ? load.message : '';
  });
  public readonly highlighted = this.flashing.asReadonly();
  public readonly liveStatus = this.live.status;
  /** For screen readers: what changed in the last live refresh. */
  public readonly liveNote = signal('');

  public constructor() {
    this.destroyRef.onDestroy(() => clearTimeout(this.flashTimer));
    const userRequests = toObservable(computed(() => ({ filters: this.filters(), retry: this.retries() }))).pipe(
      map(({ filters }): Request => ({ filters, quiet: false })),
    );
    // Any event may concern the page in view (a new call sorts to the top, a recording is
    // stored); the page is small, so refreshing it is cheaper than working out whether.
    const liveRequests = this.live.updates$.pipe(
      auditTime(LIVE_REFRESH_DELAY_MS),
      map((): Request => ({ filters: this.filters(), quiet: true })),
    );
    merge(userRequests, liveRequests)
      .pipe(
        switchMap((request) => {
          if (!request.quiet) {
            this.load.set({ kind: 'loading' });
          }
          return this.api.search(toApiQuery(request.filters)).pipe(
            map((page) => ({ request, page, error: null as unknown })),
            catchError((error: unknown) => of({ request, page: null, error })),
          );
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(({ request, page, error }) => {
        if (page) {
          if (request.quiet) {
            this.flash(changedRows(this.rows(), page.items));
          }
          this.lastPage.set(page);
          this.load.set({ kind: 'ready', page });
        } else if (!request.quiet) {
          this.load.set({ kind: 'error', message: apiErrorMessage(error) });
        }
        // A failed quiet refresh keeps what is on screen; the next event tries again.
      });
  }

  /** Changes filters, sort or page through the URL, so Back and reload keep the view. */
  public change(change: Partial<CallRecordFilters>): void {
    void this.router.navigate([], {
      relativeTo: this.route.firstChild ?? this.route,
      queryParams: filtersToParams(withChange(this.filters(), change)),
    });
  }

  public clearFilters(): void {
    const { sort, pageSize } = this.filters();
    void this.router.navigate([], {
      relativeTo: this.route.firstChild ?? this.route,
      queryParams: filtersToParams(withChange(filtersFromParams({}), { sort, pageSize })),
    });
  }

  public reload(): void {
    this.retries.update((count) => count + 1);
  }

  private flash(ids: string[]): void {
    if (ids.length === 0) {
      return;
    }
    this.liveNote.set(`${ids.length} ${ids.length === 1 ? 'call' : 'calls'} updated`);
    this.flashing.set(new Set(ids));
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => this.flashing.set(new Set()), HIGHLIGHT_MS);
  }
}

/** Rows that are new on the page or differ from what was shown before. */
function changedRows(before: readonly CallRecordDto[], after: readonly CallRecordDto[]): string[] {
  const previous = new Map(before.map((row) => [row.id, JSON.stringify(row)]));
  return after.filter((row) => previous.get(row.id) !== JSON.stringify(row)).map((row) => row.id);
}
