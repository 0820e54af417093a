import { optionsOf } from '../../core/loading/options-of';
import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSlideToggle, MatSlideToggleChange } from '@angular/material/slide-toggle';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { RetentionPolicyDto } from '@callrec/contracts';
import { AgentsApiService } from '../../data-access/agents-api.service';
import { DataListsApiService } from '../../data-access/data-lists-api.service';
import { confirmAction } from '../../ui/confirm-dialog/confirm-dialog';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { ErrorState } from '../../ui/error-state/error-state';
import { FileSizePipe } from '../../ui/file-size/file-size.pipe';
import { PageHeader } from '../../ui/page-header/page-header';
import { RetentionPageStore } from './retention-page.store';
import { RetentionPolicyDialog, RetentionPolicyDialogData } from './retention-policy-dialog';
import { TRIGGER_LABELS } from './retention-runs';
import { retainLabel, scopeSummary } from './retention-scope';

/** ADMIN: how long recordings are kept, what the next sweep would delete, and what past sweeps did. */
@Component({
  selector: 'app-retention-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [RetentionPageStore],
  imports: [
    DatePipe,
    DecimalPipe,
    EmptyState,
    ErrorState,
    FileSizePipe,
    MatButton,
    MatIcon,
    MatIconButton,
    MatProgressSpinner,
    MatSlideToggle,
    MatTooltip,
    PageHeader,
    RouterLink,
  ],
  templateUrl: './retention-page.html',
  styleUrl: './retention-page.scss',
})
export class RetentionPage implements OnInit {
  private readonly dialog = inject(MatDialog);
  protected readonly store = inject(RetentionPageStore);

  protected readonly agents = optionsOf(inject(AgentsApiService).list());
  protected readonly dataLists = optionsOf(inject(DataListsApiService).list());
  protected readonly names = computed(() => ({ agents: this.agents(), dataLists: this.dataLists() }));
  protected readonly retainLabel = retainLabel;
  protected readonly triggerLabels = TRIGGER_LABELS;
  protected readonly skeletonRows = [1, 2, 3];

  public ngOnInit(): void {
    this.store.load();
  }

  protected scopeOf(policy: RetentionPolicyDto): string {
    return scopeSummary(policy.scope, this.names());
  }

  protected openPolicy(policy?: RetentionPolicyDto): void {
    this.dialog
      .open<RetentionPolicyDialog, RetentionPolicyDialogData, RetentionPolicyDto>(RetentionPolicyDialog, {
        data: { policy, agents: this.agents(), dataLists: this.dataLists() },
        width: '600px',
        maxWidth: '94vw',
      })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) {
          this.store.saved(saved);
        }
      });
  }

  protected async toggle(policy: RetentionPolicyDto, change: MatSlideToggleChange): Promise<void> {
    const changed = await this.store.setEnabled(policy, change.checked);
    if (!changed) {
      // The toggle already shows the refused state; put the real one back.
      change.source.checked = policy.enabled;
    }
  }

  protected remove(policy: RetentionPolicyDto): void {
    confirmAction(this.dialog, {
      title: `Delete ${policy.name}?`,
      message:
        'Recordings it protected fall under the remaining policies at the next sweep, and may expire then. Disabling it instead keeps it for later.',
      confirmLabel: 'Delete policy',
      destructive: true,
    }).subscribe((confirmed) => {
      if (confirmed) {
        void this.store.remove(policy);
      }
    });
  }

  protected refresh(): void {
    this.store.load();
  }
}
