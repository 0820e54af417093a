import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { LegalHoldDto } from '@callrec/contracts';
import { finalize } from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';
import { LegalHoldsApiService } from '../../data-access/legal-holds-api.service';

/** Releasing is the one step that lets retention delete again, so it always says why. */
@Component({
  selector: 'app-release-hold-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DecimalPipe,
    MatButton,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
    MatError,
    MatFormField,
    MatIcon,
    MatInput,
    MatLabel,
    MatProgressSpinner,
    ReactiveFormsModule,
  ],
  template: `
    <h2 mat-dialog-title>Release {{ hold.name }}?</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="content">
        <p class="message">
          Its {{ hold.coveredRecordings | number }} {{ hold.coveredRecordings === 1 ? 'recording falls' : 'recordings fall' }}
          back under the retention policies; expired ones are deleted at the next sweep. The release and its reason stay
          in the audit log.
        </p>
        <mat-form-field appearance="outline">
          <mat-label>Reason for releasing</mat-label>
          <textarea matInput [formControl]="reason" rows="3" required></textarea>
          @if (reason.invalid) {
            <mat-error>Say why the hold can end, for example who authorised it</mat-error>
          }
        </mat-form-field>
        @if (errorMessage(); as message) {
          <div class="app-form-error" role="alert">
            <mat-icon aria-hidden="true">error</mat-icon>
            <span>{{ message }}</span>
          </div>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close [disabled]="submitting()">Cancel</button>
        <button mat-flat-button type="submit" class="destructive" [disabled]="submitting()">
          @if (submitting()) {
            <mat-progress-spinner class="app-button-spinner" diameter="18" mode="indeterminate" aria-label="Releasing" />
          }
          Release hold
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .content {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .message {
      margin: 0;
      max-width: 52ch;
      color: var(--mat-sys-on-surface-variant);
    }
    mat-form-field {
      width: 100%;
    }
    .destructive {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class ReleaseHoldDialog {
  private readonly api = inject(LegalHoldsApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly dialogRef = inject<MatDialogRef<ReleaseHoldDialog, LegalHoldDto>>(MatDialogRef);

  protected readonly hold = inject<LegalHoldDto>(MAT_DIALOG_DATA);
  protected readonly reason = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(2000), Validators.pattern(/\S/)],
  });
  protected readonly form = new FormGroup({ reason: this.reason });
  protected readonly submitting = signal(false);
  protected readonly errorMessage = signal<string | null>(null);

  protected submit(): void {
    if (this.submitting()) {
      return;
    }
    if (this.reason.invalid) {
      this.reason.markAsTouched();
      return;
    }
    this.submitting.set(true);
    this.errorMessage.set(null);
    this.dialogRef.disableClose = true;
    this.api
      .release(this.hold.id, this.reason.value.trim())
      .pipe(
        finalize(() => {
          this.submitting.set(false);
          this.dialogRef.disableClose = false;
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (released) => this.dialogRef.close(released),
        error: (error: unknown) => this.errorMessage.set(apiErrorMessage(error)),
      });
  }
}
