import { optionsOf } from '../../core/loading/options-of';
import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DOCUMENT, effect, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatPaginator, MatPaginatorIntl } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatTooltip } from '@angular/material/tooltip';
import { ActivatedRoute, NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { CallRecordDto, EXACT_TOTAL_LIMIT, ROLE_CAPABILITIES } from '@callrec/contracts';
import { filter, map, startWith } from 'rxjs';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { apiErrorMessage } from '../../core/http/api-error';
import { saveFile } from '../../core/files/save-file';
import { Notifier } from '../../core/notifications/notifier';
import { CallRecordsApiService } from '../../data-access/call-records-api.service';
import { AgentsApiService } from '../../data-access/agents-api.service';
import { DataListsApiService } from '../../data-access/data-lists-api.service';
import { RecordingDownloadService } from '../../data-access/recording-download.service';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { ErrorState } from '../../ui/error-state/error-state';
import { PageHeader } from '../../ui/page-header/page-header';
import { CallRecordFilters, hasNarrowing, PAGE_SIZES, toCsvQuery } from './call-record-filters';
import { primaryRecording } from './call-record-view';
import { CallRecordsFilterBar } from './call-records-filter-bar';
import { CallRecordsStore } from './call-records.store';
import { CallRecordsTable } from './call-records-table';
import { EstimatedTotalPaginatorIntl } from './estimated-total-paginator-intl';
import { PlaceCallDialog, PlaceCallDialogData, PlaceCallDialogResult } from './place-call-dialog';
import { PlayIntent } from './play-intent';

@Component({
  selector: 'app-call-records-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [CallRecordsStore, { provide: MatPaginatorIntl, useClass: EstimatedTotalPaginatorIntl }],
  imports: [
    CallRecordsFilterBar,
    CallRecordsTable,
    DecimalPipe,
    EmptyState,
    ErrorState,
    MatAnchor,
    MatButton,
    MatIcon,
    MatPaginator,
    MatProgressBar,
    MatProgressSpinner,
    MatTooltip,
    PageHeader,
    RouterLink,
    RouterOutlet,
  ],
  templateUrl: './call-records-page.html',
  styleUrl: './call-records-page.scss',
})
export class CallRecordsPage {
  private readonly callRecordsApi = inject(CallRecordsApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly document = inject(DOCUMENT);
  private readonly downloads = inject(RecordingDownloadService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly session = inject(AuthSessionStore);
  /** Where focus was when the player opened, to give it back when it closes. */
  private returnFocus: HTMLElement | null = null;

  protected readonly store = inject(CallRecordsStore);
  /** Told inside a row's play click, so the player it opens plays without a second click. */
  protected readonly playIntent = inject(PlayIntent);
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly exactLimit = EXACT_TOTAL_LIMIT;
  private readonly paginatorIntl = inject(MatPaginatorIntl) as EstimatedTotalPaginatorIntl;
  /** Past the exact count the paginator's label says "of about N", as the count beside it does. */
  private readonly estimateLabel = effect(() => this.paginatorIntl.setEstimate(this.store.totalExact() ? null : this.store.total()));
  protected readonly skeletonRows = Array.from({ length: 8 }, (_, i) => i);
  protected readonly agents = optionsOf(inject(AgentsApiService).list());
  protected readonly dataLists = optionsOf(inject(DataListsApiService).list());
  protected readonly canDownload = computed(() => {
    const role = this.session.role();
    return role !== null && ROLE_CAPABILITIES[role].download;
  });
  protected readonly canPlaceCalls = computed(() => this.session.role() === 'ADMIN');
  /** Evidence bundles hold the audio: for whoever may download recordings (COMPLIANCE, ADMIN). */
  protected readonly canExportEvidence = this.canDownload;
  protected readonly exportingCsv = signal(false);
  protected readonly narrowed = computed(() => hasNarrowing(this.store.filters()));
  /** The call open in the player, from the child route, so its row can be marked. */
  protected readonly openCallId = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      startWith(null),
      // While the page itself is being activated, its child route has no snapshot yet.
      map(() => this.route.firstChild?.snapshot?.paramMap.get('id') ?? null),
    ),
    { initialValue: null },
  );
  protected readonly playerOpen = signal(false);
  protected readonly pastTheEnd = computed(() => {
    const page = this.store.page();
    return page !== null && page.items.length === 0 && page.total > 0;
  });

  protected changeFilters(change: Partial<CallRecordFilters>): void {
    this.store.change(change);
  }

  /** Every call the filters select, in the grid's order, saved as the browser's download. */
  protected exportCsv(): void {
    if (this.exportingCsv()) {
      return;
    }
    this.exportingCsv.set(true);
    this.callRecordsApi.exportCsv(toCsvQuery(this.store.filters())).subscribe({
      next: (file) => {
        this.exportingCsv.set(false);
        saveFile(this.document, file.blob, file.filename);
      },
      error: (error: unknown) => {
        this.exportingCsv.set(false);
        this.notifier.error(`Could not export the calls: ${apiErrorMessage(error)}`);
      },
    });
  }

  protected download(call: CallRecordDto): void {
    const recording = primaryRecording(call);
    if (recording) {
      void this.downloads.download(recording.id);
    }
  }

  protected openPlaceCall(): void {
    this.dialog
      .open<PlaceCallDialog, PlaceCallDialogData, PlaceCallDialogResult>(PlaceCallDialog, {
        data: { dataLists: this.dataLists() },
        width: '560px',
        maxWidth: '94vw',
        autoFocus: 'first-tabbable',
      })
      .afterClosed()
      .subscribe((result) => {
        if (result?.open) {
          void this.router.navigate(['/call-records', result.open], { queryParamsHandling: 'preserve' });
        }
      });
  }

  protected playerOpened(): void {
    this.playerOpen.set(true);
    const active = this.document.activeElement;
    this.returnFocus = active instanceof HTMLElement && active !== this.document.body ? active : null;
  }

  protected playerClosed(): void {
    this.playerOpen.set(false);
    if (this.returnFocus?.isConnected) {
      this.returnFocus.focus();
    }
    this.returnFocus = null;
  }
}
