import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { RecordingMetadata } from '@callrec/contracts';
import { finalize } from 'rxjs';
import { apiErrorMessage, httpStatusOf } from '../../core/http/api-error';
import { RecordingsApiService } from '../../data-access/recordings-api.service';

export interface DeleteRecordingDialogData {
  readonly recordingId: string;
  readonly sid: string;
}

/** The API's rule: a deletion reason of at least three characters. */
const MIN_REASON = 3;

/** ADMIN: deletes one recording's audio for a stated reason; a legal hold refuses it (409). */
@Component({
  selector: 'app-delete-recording-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButton,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
    MatError,
    MatFormField,
    MatHint,
    MatIcon,
    MatInput,
    MatLabel,
    MatProgressSpinner,
    ReactiveFormsModule,
  ],
  template: `
    <h2 mat-dialog-title>Delete this recording?</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="content">
        <p class="message">
          The audio of <span class="mono">{{ data.sid }}</span> is removed for good. The call, the file's checksum, who
          deleted it and why stay in the audit log.
        </p>
        <mat-form-field appearance="outline">
          <mat-label>Reason</mat-label>
          <textarea matInput [formControl]="reason" rows="3" required></textarea>
          <mat-hint>Kept in the audit log with the file's checksum</mat-hint>
          @if (reason.invalid) {
            <mat-error>Give a reason of at least {{ minReason }} characters</mat-error>
          }
        </mat-form-field>
        @if (refusal(); as message) {
          <div class="app-form-error" role="alert">
            <mat-icon aria-hidden="true">{{ held() ? 'gavel' : 'error' }}</mat-icon>
            <span data-testid="delete-error">{{ message }}</span>
          </div>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close [disabled]="submitting()">Cancel</button>
        <button mat-flat-button type="submit" class="destructive" [disabled]="submitting()">
          @if (submitting()) {
            <mat-progress-spinner class="app-button-spinner" diameter="18" mode="indeterminate" aria-label="Deleting" />
          }
          Delete recording
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
    .mono {
      font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
      font-size: 0.92em;
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
export class DeleteRecordingDialog {
  private readonly api = inject(RecordingsApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly dialogRef = inject<MatDialogRef<DeleteRecordingDialog, RecordingMetadata>>(MatDialogRef);

  protected readonly data = inject<DeleteRecordingDialogData>(MAT_DIALOG_DATA);
  protected readonly minReason = MIN_REASON;
  protected readonly reason = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(2000), longEnough],
  });
  protected readonly form = new FormGroup({ reason: this.reason });
  protected readonly submitting = signal(false);
  protected readonly refusal = signal<string | null>(null);
  /** A 409: a legal hold covers the recording, and the API's message names it. */
  protected readonly held = signal(false);

  protected submit(): void {
    if (this.submitting()) {
      return;
    }
    if (this.reason.invalid) {
      this.reason.markAsTouched();
      return;
    }
    this.submitting.set(true);
    this.refusal.set(null);
    this.dialogRef.disableClose = true;
    this.api
      .delete(this.data.recordingId, this.reason.value.trim())
      .pipe(
        finalize(() => {
          this.submitting.set(false);
          this.dialogRef.disableClose = false;
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (tombstone) => this.dialogRef.close(tombstone),
        error: (error: unknown) => {
          this.held.set(httpStatusOf(error) === 409);
          this.refusal.set(apiErrorMessage(error));
        },
      });
  }
}

function longEnough(control: AbstractControl<string>): ValidationErrors | null {
  return control.value.trim().length >= MIN_REASON ? null : { short: true };
}
