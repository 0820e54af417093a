import { computed, DestroyRef, inject, Signal, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Params, Router } from '@angular/router';
import { Page } from '@callrec/contracts';
import { EMPTY, map, merge, Observable, switchMap } from 'rxjs';
import { LOADING, Loadable, loadError, LoadStatus, toLoadable } from '../loading/loadable';

/** The part of a list's filters that says which page to show. */
export interface PagedFilters {
  readonly page: number;
  readonly pageSize: number;
}

/** What a paginator reports when the person turns a page or picks another page size. */
export interface PageTurn {
  readonly pageIndex: number;
  readonly pageSize: number;
}

/** Keys that only say where in the list to be: changing them alone keeps the other filters' page. */
const PAGING_KEYS: readonly string[] = ['page', 'after'];

/**
 * Applies a change the way a person expects: narrowing or re-sorting the list starts again
 * at page 1 (and drops a keyset cursor, which belongs to the old order), while turning a page
 * keeps everything else.
 */
export function withPagedChange<F extends PagedFilters>(current: F, change: Partial<F>): F {
  const next = { ...current, ...change };
  const onlyPaging = Object.keys(change).every((key) => PAGING_KEYS.includes(key));
  if (onlyPaging) {
    return next;
  }
  return { ...next, page: change.page ?? 1, ...('after' in current ? { after: null } : {}) };
}

export interface UrlPagedListOptions<F extends PagedFilters, T, P extends Page<T> = Page<T>> {
  /** Reads the filters (and page, sort, page size) from the URL's query parameters. */
  readonly fromParams: (params: Params) => F;
  readonly toParams: (filters: F) => Params;
  readonly fetch: (filters: F) => Observable<P>;
  /** The filters a page turn shows (default: the same, on that page); a list with cursors adds one. */
  readonly turnTo?: (current: F, page: number) => F;
  /**
   * Background refreshes of the page in view (live events): no spinner, and a failure keeps
   * what is on screen, since the next refresh tries again.
   */
  readonly quietRefresh?: Observable<unknown>;
  /** Every page that arrives, with the one it replaces; `quiet` when a background refresh brought it. */
  readonly arrived?: (page: P, previous: P | null, quiet: boolean) => void;
}

export interface UrlPagedList<F extends PagedFilters, T, P extends Page<T> = Page<T>> {
  readonly filters: Signal<F>;
  readonly status: Signal<LoadStatus>;
  readonly errorMessage: Signal<string>;
  /** The last page that arrived: rows stay on screen while the next one loads, so the table does not jump. */
  readonly page: Signal<P | null>;
  readonly rows: Signal<T[]>;
  readonly total: Signal<number>;
  /** Shows `filters` by navigating, so Back, reload and a shared link show the same page. */
  show(filters: F): void;
  /** Changes filters, sort or page (see `withPagedChange`) through the URL. */
  change(change: Partial<F>): void;
  /** A new page size starts again at page 1; otherwise shows the page turned to. */
  turnPage(turn: PageTurn): void;
  /** Asks again for the page in view, with the spinner (the error state's Retry). */
  reload(): void;
}

interface Request<F> {
  readonly filters: F;
  readonly quiet: boolean;
}

/**
 * A list whose filters, sort and page live in the URL only: a change navigates, and the
 * navigation loads. Call it in an injection context (a store's field initialiser); the
 * route is the one of the component that provides the store.
 */
export function urlPagedList<F extends PagedFilters, T, P extends Page<T> = Page<T>>(
  options: UrlPagedListOptions<F, T, P>,
): UrlPagedList<F, T, P> {
  const route = inject(ActivatedRoute);
  const router = inject(Router);
  const destroyRef = inject(DestroyRef);
  const retries = signal(0);
  const load = signal<Loadable<P>>(LOADING);
  const lastPage = signal<P | null>(null);
  const filters = toSignal(route.queryParams.pipe(map(options.fromParams)), { requireSync: true });

  const userRequests = toObservable(computed(() => ({ filters: filters(), retry: retries() }))).pipe(
    map(({ filters }): Request<F> => ({ filters, quiet: false })),
  );
  const quietRequests = (options.quietRefresh ?? EMPTY).pipe(map((): Request<F> => ({ filters: filters(), quiet: true })));
  merge(userRequests, quietRequests)
    .pipe(
      switchMap((request) => {
        if (!request.quiet) {
          load.set(LOADING);
        }
        return options.fetch(request.filters).pipe(
          toLoadable(),
          map((answer) => ({ request, answer })),
        );
      }),
      takeUntilDestroyed(destroyRef),
    )
    .subscribe(({ request, answer }) => {
      if (answer.kind === 'ready') {
        options.arrived?.(answer.value, lastPage(), request.quiet);
        lastPage.set(answer.value);
        load.set(answer);
      } else if (!request.quiet) {
        load.set(answer);
      }
    });

  const show = (next: F): void => {
    // Relative to the open child route (a drawer), so changing the list keeps it open.
    void router.navigate([], { relativeTo: route.firstChild ?? route, queryParams: options.toParams(next) });
  };
  const change = (partial: Partial<F>): void => show(withPagedChange(filters(), partial));
  return {
    filters,
    status: computed(() => load().kind),
    errorMessage: computed(() => loadError(load())),
    page: lastPage.asReadonly(),
    rows: computed(() => lastPage()?.items ?? []),
    total: computed(() => lastPage()?.total ?? 0),
    show,
    change,
    turnPage(turn: PageTurn): void {
      const current = filters();
      if (turn.pageSize !== current.pageSize) {
        show(withPagedChange(current, { pageSize: turn.pageSize } as Partial<F>));
      } else {
        show(options.turnTo?.(current, turn.pageIndex + 1) ?? { ...current, page: turn.pageIndex + 1 });
      }
    },
    reload(): void {
      retries.update((count) => count + 1);
    },
  };
}
