import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { DataListDto } from '@callrec/contracts';
import { Notifier } from '../../core/notifications/notifier';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { ErrorState } from '../../ui/error-state/error-state';
import { PageHeader } from '../../ui/page-header/page-header';
import { openDataListDialog } from './data-list-dialog';
import { DataListsPageStore } from './data-lists-page.store';

/** The dialler's data lists and how many contacts each holds; ADMIN creates and edits them. */
@Component({
  selector: 'app-data-lists-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [DataListsPageStore],
  imports: [DatePipe, DecimalPipe, EmptyState, ErrorState, MatButton, MatIcon, MatIconButton, MatTooltip, PageHeader, RouterLink],
  templateUrl: './data-lists-page.html',
  styleUrl: './data-lists-page.scss',
})
export class DataListsPage implements OnInit {
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  protected readonly store = inject(DataListsPageStore);
  protected readonly skeletonRows = [1, 2, 3];

  public ngOnInit(): void {
    this.store.load();
  }

  protected openList(list?: DataListDto): void {
    openDataListDialog(this.dialog, { list }).subscribe((saved) => {
      if (saved) {
        this.store.saved(saved);
        this.notifier.success(list ? `${saved.name} is saved` : `${saved.name} is created: import its contacts from a CSV file`);
      }
    });
  }
}
