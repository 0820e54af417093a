import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DOCUMENT, inject, signal } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatOption } from '@angular/material/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatPaginator } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSelect } from '@angular/material/select';
import { MatTooltip } from '@angular/material/tooltip';
import { COVERAGE_REASONS, CoverageGroup, CoverageReason, CoverageRow } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { saveFile } from '../../core/files/save-file';
import { apiErrorMessage } from '../../core/http/api-error';
import { Notifier } from '../../core/notifications/notifier';
import { CsvFile } from '../../data-access/call-records-api.service';
import { CoverageApiService } from '../../data-access/coverage-api.service';
import { CoverageChart } from '../../ui/coverage-chart/coverage-chart';
import { percent } from '../../ui/coverage-chart/coverage-chart-data';
import { DateRange, DateRangeField } from '../../ui/date-range-field/date-range-field';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { ErrorState } from '../../ui/error-state/error-state';
import { PageHeader } from '../../ui/page-header/page-header';
import { COVERAGE_REASON_LOOKS } from '../../ui/status-chips/status-labels';
import { matchingQuickRange, QUICK_RANGES, QuickRangeKey, quickRangeDates } from '../call-records/quick-ranges';
import { coverageQuery, defaultRange, missingCsvQuery, MISSING_PAGE_SIZES, UNASSIGNED_KEY } from './coverage-filters';
import { COVERAGE_CLOCK, CoverageStore } from './coverage.store';
import { CoverageTable } from './coverage-table';
import { MissingCallsTable } from './missing-calls-table';

const GROUP_NOUNS: Record<CoverageGroup, string> = { day: 'day', agent: 'agent', dataList: 'data list' };

/**
 * Coverage (design 9.7): of the calls answered in a date range, how many were recorded, per
 * day, agent and data list, and the calls that were not, with why. ADMIN, COMPLIANCE, SUPERVISOR.
 */
@Component({
  selector: 'app-coverage-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [CoverageStore],
  imports: [
    CoverageChart,
    CoverageTable,
    DateRangeField,
    DecimalPipe,
    EmptyState,
    ErrorState,
    MatButton,
    MatButtonToggle,
    MatButtonToggleGroup,
    MatFormField,
    MatIcon,
    MatIconButton,
    MatLabel,
    MatMenu,
    MatMenuItem,
    MatMenuTrigger,
    MatOption,
    MatPaginator,
    MatProgressBar,
    MatProgressSpinner,
    MatSelect,
    MatTooltip,
    MissingCallsTable,
    PageHeader,
  ],
  templateUrl: './coverage-page.html',
  styleUrl: './coverage-page.scss',
})
export class CoveragePage {
  private readonly api = inject(CoverageApiService);
  private readonly document = inject(DOCUMENT);
  private readonly notifier = inject(Notifier);

  protected readonly store = inject(CoverageStore);
  protected readonly today = inject(COVERAGE_CLOCK).today();
  protected readonly quickRanges = QUICK_RANGES;
  protected readonly reasons = COVERAGE_REASONS;
  protected readonly reasonLooks = COVERAGE_REASON_LOOKS;
  protected readonly pageSizes = MISSING_PAGE_SIZES;
  /** The API filters missing calls by an agent's id only; orphans with none are found under Orphans only. */
  protected readonly unassignedKey = UNASSIGNED_KEY;
  protected readonly exporting = signal<'report' | 'missing' | null>(null);
  protected readonly showDays = signal(false);
  protected readonly activeQuickRange = computed(() => matchingQuickRange(this.store.filters().from, this.store.filters().to, this.today));
  protected readonly total = computed(() => this.store.ready()?.days.total ?? null);
  protected readonly alertBelow = computed(() => this.store.ready()?.days.alertBelow ?? 1);
  /**
   * The table of days: newest first (the chart reads left to right, oldest first), and only
   * days with answered calls, since a month of empty rows would bury the ones that matter.
   */
  protected readonly daysNewestFirst = computed(() => (this.store.ready()?.days.rows ?? []).filter((row) => row.answered > 0).reverse());
  protected readonly drillHeading = computed(() => {
    const drill = this.store.filters().drill;
    return drill ? `${GROUP_NOUNS[drill.group]}: ${this.store.drillLabel()}` : null;
  });
  protected readonly selected = (group: CoverageGroup) => {
    const drill = this.store.filters().drill;
    return drill?.group === group ? drill.key : null;
  };

  protected pickRange(range: DateRange): void {
    if (range.from && range.to) {
      this.store.setRange(range.from, range.to);
    } else {
      // Cleared: back to the default range.
      const range = defaultRange(this.today);
      this.store.setRange(range.from, range.to);
    }
  }

  protected pickQuickRange(key: QuickRangeKey): void {
    const { from, to } = quickRangeDates(key, this.today);
    this.store.setRange(from, to);
  }

  protected drill(group: CoverageGroup, key: string): void {
    this.store.drill({ group, key });
  }

  protected pickReason(reason: CoverageReason | null): void {
    this.store.change({ reason });
  }

  protected percentOf(coverage: number): string {
    return percent(coverage);
  }

  protected gaps(row: Pick<CoverageRow, 'missing' | 'failed' | 'absent'>): number {
    return row.missing + row.failed + row.absent;
  }

  protected exportReport(groupBy: CoverageGroup): void {
    this.download('report', this.api.reportCsv(coverageQuery(this.store.filters(), groupBy, this.store.timeZone())));
  }

  protected exportMissing(): void {
    this.download('missing', this.api.missingCsv(missingCsvQuery(this.store.filters(), this.store.timeZone())));
  }

  private download(what: 'report' | 'missing', request: Observable<CsvFile>): void {
    if (this.exporting()) {
      return;
    }
    this.exporting.set(what);
    request.subscribe({
      next: (file) => {
        this.exporting.set(null);
        saveFile(this.document, file.blob, file.filename);
      },
      error: (error: unknown) => {
        this.exporting.set(null);
        this.notifier.error(`Could not export the CSV: ${apiErrorMessage(error)}`);
      },
    });
  }
}
