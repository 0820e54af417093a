import { computed, DestroyRef, effect, inject, Injectable, signal } from '@angular/core';
import { CallRecordDto, CallRecordPage, EXACT_TOTAL_LIMIT } from '@callrec/contracts';
import { auditTime } from 'rxjs';
import { LastGridFilters } from '../../core/exports/last-grid-filters';
import { PageTurn, urlPagedList, withPagedChange } from '../../core/paging/url-paged-list';
import { CallRecordsApiService } from '../../data-access/call-records-api.service';
import { LiveEventsService } from '../../data-access/live-events.service';
import { CallRecordFilters, filtersFromParams, filtersToParams, toApiQuery, toExportFilters } from './call-record-filters';

/** Live events often come in bursts (status, then recording); one refresh answers a burst. */
const LIVE_REFRESH_DELAY_MS = 700;
/** How long a row that changed under the user stays highlighted. */
const HIGHLIGHT_MS = 4000;

/**
 * The grid's state. The URL is the only source of the filters: changing one navigates, and
 * the navigation loads. Live events refresh the page in view quietly, keeping the user's
 * filters, page and scroll position.
 */
@Injectable()
export class CallRecordsStore {
  private readonly api = inject(CallRecordsApiService);
  private readonly live = inject(LiveEventsService);
  private readonly flashing = signal<ReadonlySet<string>>(new Set());
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  /** The cursor that starts each page seen, for the filters, sort and size they were seen with. */
  private cursors = { view: '', byPage: new Map<number, string>() };
  private readonly list = urlPagedList<CallRecordFilters, CallRecordDto, CallRecordPage>({
    fromParams: filtersFromParams,
    toParams: filtersToParams,
    fetch: (filters) => this.api.search(toApiQuery(filters)),
    turnTo: (current, page) => ({ ...current, page, after: this.cursorFor(current, page) }),
    // Any event may concern the page in view (a new call sorts to the top, a recording is
    // stored); the page is small, so refreshing it is cheaper than working out whether.
    quietRefresh: this.live.updates$.pipe(auditTime(LIVE_REFRESH_DELAY_MS)),
    arrived: (page, previous, quiet) => {
      this.rememberCursor(page);
      if (quiet) {
        this.flash(changedRows(previous?.items ?? [], page.items));
      }
    },
  });

  public readonly filters = this.list.filters;
  public readonly status = this.list.status;
  /** Rows stay on screen while the next page loads, so the table does not jump. */
  public readonly page = this.list.page;
  public readonly rows = this.list.rows;
  public readonly total = this.list.total;
  /** false: more than EXACT_TOTAL_LIMIT calls match and the total is the database's estimate. */
  public readonly totalExact = computed(() => this.list.page()?.totalExact ?? true);
  /**
   * What the paginator counts with. An estimate can fall short of the calls there are: while a
   * next page exists the paginator must offer it, and on the last one it knows the real end.
   */
  public readonly pagingLength = computed(() => {
    const page = this.list.page();
    if (!page || page.totalExact) {
      return page?.total ?? 0;
    }
    const shown = (page.page - 1) * page.pageSize + page.items.length;
    return page.nextCursor ? Math.max(page.total, shown + 1) : shown;
  });
  public readonly errorMessage = this.list.errorMessage;
  public readonly highlighted = this.flashing.asReadonly();
  public readonly liveStatus = this.live.status;
  /** For screen readers: what changed in the last live refresh. */
  public readonly liveNote = signal('');

  public constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.flashTimer));
    // The Exports page offers "the current call-records filters" as an export's scope.
    const lastFilters = inject(LastGridFilters);
    effect(() => lastFilters.remember(toExportFilters(this.filters())));
  }

  /** Changes filters, sort or page through the URL, so Back and reload keep the view. */
  public change(change: Partial<CallRecordFilters>): void {
    this.list.change(change);
  }

  public turnPage(turn: PageTurn): void {
    this.list.turnPage(turn);
  }

  public clearFilters(): void {
    const { sort, pageSize } = this.filters();
    this.list.show(withPagedChange(filtersFromParams({}), { sort, pageSize }));
  }

  public reload(): void {
    this.list.reload();
  }

  /**
   * Pages within the exact total are plain page numbers (an OFFSET the database skips quickly);
   * past it, the page the person turns to starts after the cursor of the page before, when that
   * page was seen. A page not seen (a jump) is asked for by number: slower, still right.
   */
  private cursorFor(filters: CallRecordFilters, page: number): string | null {
    if ((page - 1) * filters.pageSize < EXACT_TOTAL_LIMIT || this.cursors.view !== viewKey(filters)) {
      return null;
    }
    return this.cursors.byPage.get(page) ?? null;
  }

  private rememberCursor(page: CallRecordPage): void {
    const view = viewKey(this.filters());
    if (this.cursors.view !== view) {
      this.cursors = { view, byPage: new Map() };
    }
    if (page.nextCursor) {
      this.cursors.byPage.set(page.page + 1, page.nextCursor);
    }
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

/** The filters, sort and page size a cursor belongs to: everything but where in the list. */
function viewKey(filters: CallRecordFilters): string {
  const { page: _page, after: _after, ...view } = filters;
  return JSON.stringify(view);
}

/** Rows that are new on the page or differ from what was shown before. */
function changedRows(before: readonly CallRecordDto[], after: readonly CallRecordDto[]): string[] {
  const previous = new Map(before.map((row) => [row.id, JSON.stringify(row)]));
  return after.filter((row) => previous.get(row.id) !== JSON.stringify(row)).map((row) => row.id);
}
