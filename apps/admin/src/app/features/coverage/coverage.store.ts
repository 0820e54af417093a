import { computed, DestroyRef, inject, Injectable, InjectionToken, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { CoverageMissingItem, CoverageReport, CoverageRow } from '@callrec/contracts';
import { forkJoin, map, Observable, switchMap } from 'rxjs';
import { parseLocalDate } from '../../core/dates/local-dates';
import { LOADING, Loadable, loadedValue, loadError, toLoadable } from '../../core/loading/loadable';
import { PageTurn, urlPagedList } from '../../core/paging/url-paged-list';
import { CoverageApiService } from '../../data-access/coverage-api.service';
import {
  CoverageDrill,
  CoverageFilters,
  coverageFiltersFromParams,
  coverageFiltersToParams,
  coverageQuery,
  missingQuery,
} from './coverage-filters';

/** Today and the time zone days are cut in: the browser's, replaceable so specs can fix them. */
export const COVERAGE_CLOCK = new InjectionToken<{ today: () => Date; timeZone: () => string }>('COVERAGE_CLOCK', {
  providedIn: 'root',
  factory: () => ({ today: () => new Date(), timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' }),
});

/** The three cuts of one date range: the chart's days, and the agents and data lists of the tables. */
export interface CoverageReports {
  readonly days: CoverageReport;
  readonly agents: CoverageReport;
  readonly dataLists: CoverageReport;
}

/**
 * The Coverage page's state. The URL holds the dates and the group drilled into; the
 * reports follow the dates only, so drilling into a day does not reload the chart.
 */
@Injectable()
export class CoverageStore {
  private readonly api = inject(CoverageApiService);
  private readonly clock = inject(COVERAGE_CLOCK);
  private readonly destroyRef = inject(DestroyRef);
  private readonly retries = signal(0);
  private readonly list = urlPagedList<CoverageFilters, CoverageMissingItem>({
    fromParams: (params) => coverageFiltersFromParams(params, this.clock.today()),
    toParams: (filters) => coverageFiltersToParams(filters, this.clock.today()),
    fetch: (filters) => this.api.missing(missingQuery(filters, this.clock.timeZone())),
  });

  public readonly filters = this.list.filters;
  public readonly reports = signal<Loadable<CoverageReports>>(LOADING);
  public readonly missingStatus = this.list.status;
  public readonly missingPage = this.list.page;
  public readonly missingError = this.list.errorMessage;
  public readonly missing = this.list.rows;
  public readonly missingTotal = this.list.total;

  public readonly ready = computed(() => loadedValue(this.reports()));
  public readonly reportsError = computed(() => loadError(this.reports()));
  /** Total coverage under COVERAGE_ALERT_BELOW is an alert. */
  public readonly alerting = computed(() => {
    const days = this.ready()?.days;
    return days ? days.total.answered > 0 && days.total.coverage < days.alertBelow : false;
  });
  /** The label of the group drilled into, as the report names it. */
  public readonly drillLabel = computed(() => {
    const drill = this.filters().drill;
    const ready = this.ready();
    if (!drill) {
      return null;
    }
    const rows = ready ? rowsOf(ready, drill) : [];
    return rows.find((row) => row.key === drill.key)?.label ?? drill.key;
  });

  private readonly range = computed(() => ({ from: this.filters().from, to: this.filters().to, retry: this.retries() }), {
    equal: (a, b) => a.from === b.from && a.to === b.to && a.retry === b.retry,
  });

  public constructor() {
    toObservable(this.range)
      .pipe(
        switchMap((range) => {
          this.reports.set(LOADING);
          return this.fetchReports(range).pipe(toLoadable());
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((load) => this.reports.set(load));
  }

  public setRange(from: string, to: string): void {
    this.list.change({ from, to });
  }

  /** Lists the missing calls of one day, agent or data list; the same one again shows them all. */
  public drill(drill: CoverageDrill | null): void {
    const current = this.filters().drill;
    const same = drill && current && drill.group === current.group && drill.key === current.key;
    this.list.change({ drill: same ? null : drill });
  }

  public change(change: Partial<CoverageFilters>): void {
    this.list.change(change);
  }

  public turnPage(turn: PageTurn): void {
    this.list.turnPage(turn);
  }

  public reloadReports(): void {
    this.retries.update((count) => count + 1);
  }

  public reloadMissing(): void {
    this.list.reload();
  }

  public timeZone(): string {
    return this.clock.timeZone();
  }

  private fetchReports(range: Pick<CoverageFilters, 'from' | 'to'>): Observable<CoverageReports> {
    const timeZone = this.clock.timeZone();
    return forkJoin({
      days: this.api.report(coverageQuery(range, 'day', timeZone)).pipe(map(withDayLabels)),
      agents: this.api.report(coverageQuery(range, 'agent', timeZone)).pipe(map(worstFirst)),
      dataLists: this.api.report(coverageQuery(range, 'dataList', timeZone)).pipe(map(worstFirst)),
    });
  }
}

const DAY_LABEL = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });

/** The API labels days `YYYY-MM-DD`; people read "Tue 1 Dec" faster, under a bar or in a row. */
export function withDayLabels(report: CoverageReport): CoverageReport {
  return {
    ...report,
    rows: report.rows.map((row) => {
      const day = parseLocalDate(row.key);
      return day ? { ...row, label: DAY_LABEL.format(day) } : row;
    }),
  };
}

/** The rows people should look at first: lowest coverage, then most calls not recorded. */
export function worstFirst(report: CoverageReport): CoverageReport {
  const gaps = (row: CoverageRow) => row.missing + row.failed + row.absent;
  const rows = [...report.rows].sort((a, b) => a.coverage - b.coverage || gaps(b) - gaps(a) || a.label.localeCompare(b.label));
  return { ...report, rows };
}

function rowsOf(reports: CoverageReports, drill: CoverageDrill): readonly CoverageRow[] {
  switch (drill.group) {
    case 'day':
      return reports.days.rows;
    case 'agent':
      return reports.agents.rows;
    default:
      return reports.dataLists.rows;
  }
}
