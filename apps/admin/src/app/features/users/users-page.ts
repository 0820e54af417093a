import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatSelect, MatSelectChange, MatSelectTrigger } from '@angular/material/select';
import {
  MatCell,
  MatCellDef,
  MatColumnDef,
  MatHeaderCell,
  MatHeaderCellDef,
  MatHeaderRow,
  MatHeaderRowDef,
  MatRow,
  MatRowDef,
  MatTable,
} from '@angular/material/table';
import { Role, ROLES, UserDto } from '@callrec/contracts';
import { map } from 'rxjs';
import { Notifier } from '../../core/notifications/notifier';
import { ROLE_LABELS, ROLE_SUMMARIES } from '../../core/roles/role-labels';
import { UsersApiService } from '../../data-access/users-api.service';
import { Avatar } from '../../ui/avatar/avatar';
import { confirmAction } from '../../ui/confirm-dialog/confirm-dialog';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { ErrorState } from '../../ui/error-state/error-state';
import { PageHeader } from '../../ui/page-header/page-header';
import { openReasonDialog } from '../../ui/reason-dialog/reason-dialog';
import { RoleChip } from '../../ui/role-chip/role-chip';
import { CreateUserDialog } from './create-user-dialog';
import { UsersPageStore } from './users-page.store';

@Component({
  selector: 'app-users-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [UsersPageStore],
  imports: [
    Avatar,
    DatePipe,
    EmptyState,
    ErrorState,
    MatButton,
    MatCell,
    MatCellDef,
    MatColumnDef,
    MatFormField,
    MatHeaderCell,
    MatHeaderCellDef,
    MatHeaderRow,
    MatHeaderRowDef,
    MatIcon,
    MatIconButton,
    MatInput,
    MatLabel,
    MatOption,
    MatPrefix,
    MatRow,
    MatRowDef,
    MatSelect,
    MatSelectTrigger,
    MatSuffix,
    MatTable,
    PageHeader,
    RoleChip,
  ],
  templateUrl: './users-page.html',
  styleUrl: './users-page.scss',
})
export class UsersPage implements OnInit {
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly usersApi = inject(UsersApiService);
  protected readonly store = inject(UsersPageStore);

  protected readonly columns = ['name', 'email', 'role', 'status', 'created', 'actions'];
  protected readonly roles = ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly roleSummaries = ROLE_SUMMARIES;
  protected readonly skeletonRows = [1, 2, 3, 4, 5];

  public ngOnInit(): void {
    this.store.load();
  }

  protected openCreateDialog(): void {
    this.dialog
      .open<CreateUserDialog, void, UserDto>(CreateUserDialog, { width: '560px', maxWidth: '94vw' })
      .afterClosed()
      .subscribe((user) => {
        if (user) {
          this.store.added(user);
          this.notifier.success(`${user.name} can now sign in as ${ROLE_LABELS[user.role]}`);
        }
      });
  }

  protected async changeRole(user: UserDto, change: MatSelectChange<Role>): Promise<void> {
    const changed = await this.store.changeRole(user, change.value);
    if (!changed) {
      // The select already shows the refused role; put the real one back.
      change.source.value = user.role;
    }
  }

  protected toggleActive(user: UserDto): void {
    const deactivate = user.active;
    confirmAction(this.dialog, {
      title: deactivate ? `Deactivate ${user.name}?` : `Reactivate ${user.name}?`,
      message: deactivate
        ? 'They are signed out at once and can no longer sign in. Their calls, recordings and audit history stay.'
        : 'They can sign in again with their existing password and current role.',
      confirmLabel: deactivate ? 'Deactivate' : 'Reactivate',
      destructive: deactivate,
    }).subscribe((confirmed) => {
      if (confirmed) {
        void this.store.setActive(user, !deactivate);
      }
    });
  }

  /** ADMIN: a lost authenticator. Audited with the reason; the user's sessions end. */
  protected resetTwoFactor(user: UserDto): void {
    openReasonDialog(this.dialog, {
      title: `Reset ${user.name}'s second factor?`,
      message: [
        `${user.name} (`,
        { mono: user.email },
        ') is signed out everywhere and signs in with the password alone, or sets up a new authenticator first where the role requires one.',
      ],
      reasonLabel: 'Reason',
      reasonHint: 'Kept in the audit log, e.g. how you checked who asked',
      reasonError: 'Say why, in at least 3 characters',
      minLength: 3,
      actionLabel: 'Reset second factor',
      progressLabel: 'Resetting',
      destructive: true,
      errorTestId: 'reset-two-factor-error',
      submit: (reason) => this.usersApi.resetTwoFactor(user.id, reason).pipe(map(() => true)),
    }).subscribe((done) => {
      if (done) {
        this.store.twoFactorReset(user);
      }
    });
  }

  protected clearFilter(): void {
    this.store.filter.set('');
  }
}
