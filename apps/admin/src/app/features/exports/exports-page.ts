import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, OnInit } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { ActivatedRoute, Router } from '@angular/router';
import { ExportDto } from '@callrec/contracts';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { LastGridFilters } from '../../core/exports/last-grid-filters';
import { apiErrorMessage } from '../../core/http/api-error';
import { optionsOf } from '../../core/loading/options-of';
import { Notifier } from '../../core/notifications/notifier';
import { AgentsApiService } from '../../data-access/agents-api.service';
import { DataListsApiService } from '../../data-access/data-lists-api.service';
import { ExportRequested, ExportsApiService } from '../../data-access/exports-api.service';
import { LegalHoldsApiService } from '../../data-access/legal-holds-api.service';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { ErrorState } from '../../ui/error-state/error-state';
import { FileSizePipe } from '../../ui/file-size/file-size.pipe';
import { PageHeader } from '../../ui/page-header/page-header';
import { StatusChip } from '../../ui/status-chips/status-chip';
import { canApprove, EXPORT_STATUS_LOOKS, isActive, progressPercent, scopeSummary } from './export-view';
import { ExportsPageStore } from './exports-page.store';
import { NewExportDialog, NewExportDialogData, ScopeKind } from './new-export-dialog';

/** COMPLIANCE and ADMIN: evidence bundles for regulators and e-discovery (design 9.6). */
@Component({
  selector: 'app-exports-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [ExportsPageStore],
  imports: [
    DatePipe,
    DecimalPipe,
    EmptyState,
    ErrorState,
    FileSizePipe,
    MatAnchor,
    MatButton,
    MatIcon,
    MatProgressBar,
    PageHeader,
    StatusChip,
  ],
  templateUrl: './exports-page.html',
  styleUrl: './exports-page.scss',
})
export class ExportsPage implements OnInit {
  private readonly api = inject(ExportsApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly dialog = inject(MatDialog);
  private readonly gridFilters = inject(LastGridFilters);
  private readonly notifier = inject(Notifier);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly session = inject(AuthSessionStore);
  protected readonly store = inject(ExportsPageStore);

  protected readonly looks = EXPORT_STATUS_LOOKS;
  protected readonly skeletonRows = [1, 2, 3];
  protected readonly agents = optionsOf(inject(AgentsApiService).list());
  protected readonly dataLists = optionsOf(inject(DataListsApiService).list());
  /** Every hold, released ones too: an old export's scope still names its hold. */
  protected readonly holds = optionsOf(inject(LegalHoldsApiService).list(true));
  private readonly names = computed(() => ({ agents: this.agents(), dataLists: this.dataLists(), holds: this.holds() }));
  private readonly approving = new Set<string>();

  public ngOnInit(): void {
    // "Export recordings" in the grid leads here with ?new=filters: the dialog opens at once,
    // and once it closes the parameter goes, so a reload does not open it again.
    const scope = this.route.snapshot.queryParamMap.get('new');
    if (scope === 'filters' || scope === 'hold') {
      this.openNewExport(scope, () => void this.router.navigate([], { relativeTo: this.route, queryParams: {}, replaceUrl: true }));
    }
  }

  protected scopeOf(item: ExportDto): string {
    return scopeSummary(item.scope, this.names());
  }

  protected percent(item: ExportDto): number | null {
    return progressPercent(item);
  }

  protected active(item: ExportDto): boolean {
    return isActive(item);
  }

  protected mayApprove(item: ExportDto): boolean {
    return canApprove(item, this.session.user()?.id ?? null);
  }

  protected openNewExport(scope: ScopeKind = 'filters', closed: () => void = () => undefined): void {
    this.dialog
      .open<NewExportDialog, NewExportDialogData, ExportRequested>(NewExportDialog, {
        data: { gridFilters: this.gridFilters.value(), scope, agents: this.agents(), dataLists: this.dataLists() },
        width: '560px',
        maxWidth: '94vw',
      })
      .afterClosed()
      .subscribe((created) => {
        closed();
        if (created) {
          this.notifier.success(
            created.status === 'awaiting-approval'
              ? 'Export requested: a second person must approve it'
              : 'Export requested: it is being built',
          );
          this.store.reload();
        }
      });
  }

  protected approve(item: ExportDto): void {
    if (this.approving.has(item.id)) {
      return;
    }
    this.approving.add(item.id);
    this.api
      .approve(item.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (approved) => {
          this.approving.delete(item.id);
          this.notifier.success('Export approved: it is being built');
          this.store.upsert(approved);
          this.store.reload();
        },
        error: (error: unknown) => {
          this.approving.delete(item.id);
          this.notifier.error(apiErrorMessage(error));
          this.store.reload();
        },
      });
  }

  protected downloaded(item: ExportDto): void {
    this.store.downloaded(item.id);
  }
}
