import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, ValidatorFn, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialog } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Observable } from 'rxjs';
import { dialogSubmission } from '../dialog-submission/dialog-submission';
import { FormDialog } from '../form-dialog/form-dialog';

/** Plain text, or an identifier (a SID, an id) set in monospace so it reads as one. */
export type ReasonMessagePart = string | { readonly mono: string };

export interface ReasonDialogData<R> {
  readonly title: string;
  readonly message: readonly ReasonMessagePart[];
  readonly reasonLabel: string;
  readonly reasonHint?: string;
  /** Said under the field while the reason is missing or too short. */
  readonly reasonError: string;
  /** Characters the reason needs once trimmed; the default 1 only refuses a blank one. */
  readonly minLength?: number;
  readonly actionLabel: string;
  /** The spinner's accessible name while the request runs, e.g. "Deleting". */
  readonly progressLabel: string;
  /** Styles the action as one that cannot be undone. */
  readonly destructive?: boolean;
  /** Tests find the API's refusal by this. */
  readonly errorTestId?: string;
  /** The icon beside the API's refusal, so a refusal with a known cause can look like it. */
  readonly errorIcon?: (error: unknown) => string;
  /** Sends the trimmed reason; the dialog closes with what it answers. */
  readonly submit: (reason: string) => Observable<R>;
}

/** The API's limit on every stated reason. */
const MAX_REASON = 2000;

/**
 * An action that the audit log records with a reason: the person states it, the dialog sends
 * it, and a refusal stays in the dialog next to the reason so it can be read and corrected.
 */
@Component({
  selector: 'app-reason-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormDialog, MatError, MatFormField, MatHint, MatInput, MatLabel, ReactiveFormsModule],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <app-form-dialog
        [heading]="data.title"
        [submitLabel]="data.actionLabel"
        [progressLabel]="data.progressLabel"
        [destructive]="data.destructive ?? false"
        [submitting]="submission.submitting()"
        [errorMessage]="submission.errorMessage()"
        [errorIcon]="errorIcon()"
        [errorTestId]="data.errorTestId"
      >
        <p class="message">
          @for (part of data.message; track $index) {
            @if (isText(part)) {
              <ng-container>{{ part }}</ng-container>
            } @else {
              <span class="mono">{{ part.mono }}</span>
            }
          }
        </p>
        <mat-form-field appearance="outline">
          <mat-label>{{ data.reasonLabel }}</mat-label>
          <textarea matInput [formControl]="reason" rows="3" required></textarea>
          @if (data.reasonHint) {
            <mat-hint>{{ data.reasonHint }}</mat-hint>
          }
          @if (reason.invalid) {
            <mat-error>{{ data.reasonError }}</mat-error>
          }
        </mat-form-field>
      </app-form-dialog>
    </form>
  `,
  styles: `
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
  `,
})
export class ReasonDialog<R> {
  protected readonly data = inject<ReasonDialogData<R>>(MAT_DIALOG_DATA);
  protected readonly submission = dialogSubmission<R>();
  protected readonly reason = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(MAX_REASON), trimmedAtLeast(this.data.minLength ?? 1)],
  });
  protected readonly form = new FormGroup({ reason: this.reason });
  protected readonly errorIcon = signal('error');

  protected isText(part: ReasonMessagePart): part is string {
    return typeof part === 'string';
  }

  protected submit(): void {
    if (this.submission.submitting()) {
      return;
    }
    if (this.reason.invalid) {
      this.reason.markAsTouched();
      return;
    }
    this.submission.send(this.data.submit(this.reason.value.trim()), (error) =>
      this.errorIcon.set(this.data.errorIcon?.(error) ?? 'error'),
    );
  }
}

/**
 * Opens the dialog at the width every reason dialog shares; emits what `submit` answered, or
 * undefined when the person cancelled.
 */
export function openReasonDialog<R>(dialog: MatDialog, data: ReasonDialogData<R>): Observable<R | undefined> {
  return dialog.open<ReasonDialog<R>, ReasonDialogData<R>, R>(ReasonDialog, { data, width: '520px', maxWidth: '94vw' }).afterClosed();
}

function trimmedAtLeast(length: number): ValidatorFn {
  return (control: AbstractControl<string>) => (control.value.trim().length >= length ? null : { short: true });
}
