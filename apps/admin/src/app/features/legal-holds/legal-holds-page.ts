import { optionsOf } from '../../core/loading/options-of';
import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, LOCALE_ID } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { LegalHoldDto } from '@callrec/contracts';
import { Notifier } from '../../core/notifications/notifier';
import { AgentsApiService } from '../../data-access/agents-api.service';
import { DataListsApiService } from '../../data-access/data-lists-api.service';
import { LegalHoldsApiService } from '../../data-access/legal-holds-api.service';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { ErrorState } from '../../ui/error-state/error-state';
import { PageHeader } from '../../ui/page-header/page-header';
import { openReasonDialog } from '../../ui/reason-dialog/reason-dialog';
import { StatusChip } from '../../ui/status-chips/status-chip';
import { criteriaParts } from './hold-criteria';
import { LegalHoldsPageStore } from './legal-holds-page.store';
import { PlaceHoldDialog, PlaceHoldDialogData } from './place-hold-dialog';
import { releaseHoldDialog } from './release-hold-dialog';

/** COMPLIANCE and ADMIN: recordings kept for a case, whatever retention says, until released. */
@Component({
  selector: 'app-legal-holds-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [LegalHoldsPageStore],
  imports: [DatePipe, DecimalPipe, EmptyState, ErrorState, MatButton, MatIcon, MatSlideToggle, PageHeader, StatusChip],
  templateUrl: './legal-holds-page.html',
  styleUrl: './legal-holds-page.scss',
})
export class LegalHoldsPage {
  private readonly dialog = inject(MatDialog);
  private readonly holdsApi = inject(LegalHoldsApiService);
  private readonly locale = inject(LOCALE_ID);
  private readonly notifier = inject(Notifier);
  protected readonly store = inject(LegalHoldsPageStore);

  protected readonly agents = optionsOf(inject(AgentsApiService).list());
  protected readonly dataLists = optionsOf(inject(DataListsApiService).list());
  private readonly names = computed(() => ({ agents: this.agents(), dataLists: this.dataLists() }));
  protected readonly skeletonRows = [1, 2, 3];

  protected criteriaOf(hold: LegalHoldDto): string[] {
    return criteriaParts(hold.criteria, this.names());
  }

  protected openPlaceHold(): void {
    this.dialog
      .open<PlaceHoldDialog, PlaceHoldDialogData, LegalHoldDto>(PlaceHoldDialog, {
        data: { agents: this.agents(), dataLists: this.dataLists() },
        width: '640px',
        maxWidth: '94vw',
      })
      .afterClosed()
      .subscribe((hold) => {
        if (hold) {
          this.notifier.success(
            `${hold.name} now keeps ${hold.coveredRecordings} ${hold.coveredRecordings === 1 ? 'recording' : 'recordings'}`,
          );
          this.store.reload();
        }
      });
  }

  protected openRelease(hold: LegalHoldDto): void {
    openReasonDialog(this.dialog, releaseHoldDialog(this.holdsApi, hold, this.locale)).subscribe((released) => {
      if (released) {
        this.notifier.success(`${released.name} is released`);
        this.store.reload();
      }
    });
  }
}
