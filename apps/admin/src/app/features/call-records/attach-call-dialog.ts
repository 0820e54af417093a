import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidatorFn, Validators } from '@angular/forms';
import { MatOption } from '@angular/material/core';
import { MAT_DIALOG_DATA, MatDialog } from '@angular/material/dialog';
import { MatDivider } from '@angular/material/divider';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import { CallRecordDto, MANUAL_DIAL_LABEL } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { optionsOf } from '../../core/loading/options-of';
import { AgentsApiService } from '../../data-access/agents-api.service';
import { CallRecordsApiService } from '../../data-access/call-records-api.service';
import { DataListsApiService } from '../../data-access/data-lists-api.service';
import { dialogSubmission } from '../../ui/dialog-submission/dialog-submission';
import { FormDialog } from '../../ui/form-dialog/form-dialog';
import { MANUAL_DIAL } from './call-record-filters';

export interface AttachCallDialogData {
  readonly call: CallRecordDto;
}

/** The API's rule for a stated reason: at least three characters. */
const MIN_REASON = 3;
/** The API's limit on an attachment's reason. */
const MAX_REASON = 500;

/**
 * ADMIN: attaches a call (an orphan, usually: Twilio recorded it, reconciliation adopted it)
 * to an agent and a data list, for a reason the audit log keeps (CALL_RECORD_ATTACHED).
 */
@Component({
  selector: 'app-attach-call-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormDialog, MatDivider, MatError, MatFormField, MatHint, MatInput, MatLabel, MatOption, MatSelect, ReactiveFormsModule],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <app-form-dialog
        heading="Attach this call"
        submitLabel="Attach"
        progressLabel="Attaching"
        submitIcon="link"
        errorTestId="attach-error"
        [submitting]="submission.submitting()"
        [errorMessage]="submission.errorMessage()"
      >
        <p class="message">
          The call to <span class="mono">{{ data.call.toNumber }}</span> will count as this agent's, in this data list, in the grid, in
          coverage and in exports. The audit log keeps who attached it and why.
        </p>
        <mat-form-field appearance="outline">
          <mat-label>Agent</mat-label>
          <mat-select formControlName="agentId" required>
            @for (agent of agents(); track agent.id) {
              <mat-option [value]="agent.id">{{ agent.name }}</mat-option>
            }
          </mat-select>
          @if (form.controls.agentId.invalid) {
            <mat-error>Choose the agent who had this call</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Data list</mat-label>
          <mat-select formControlName="list">
            <mat-option [value]="manualDial">{{ manualDialLabel }}</mat-option>
            <mat-divider />
            @for (list of dataLists(); track list.id) {
              <mat-option [value]="list.id">{{ list.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Reason</mat-label>
          <textarea matInput formControlName="reason" rows="3" required></textarea>
          <mat-hint>Kept in the audit log</mat-hint>
          @if (form.controls.reason.hasError('maxlength')) {
            <mat-error>Use at most {{ maxReason }} characters</mat-error>
          } @else if (form.controls.reason.invalid) {
            <mat-error>Give a reason of at least {{ minReason }} characters</mat-error>
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
export class AttachCallDialog {
  private readonly api = inject(CallRecordsApiService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly data = inject<AttachCallDialogData>(MAT_DIALOG_DATA);
  protected readonly agents = optionsOf(inject(AgentsApiService).list());
  protected readonly dataLists = optionsOf(inject(DataListsApiService).list());
  protected readonly manualDial = MANUAL_DIAL;
  protected readonly manualDialLabel = MANUAL_DIAL_LABEL;
  protected readonly minReason = MIN_REASON;
  protected readonly maxReason = MAX_REASON;
  protected readonly form = this.fb.group({
    agentId: [this.data.call.agent?.id ?? '', [Validators.required]],
    list: [this.data.call.dataList?.id ?? MANUAL_DIAL],
    reason: ['', [Validators.required, Validators.maxLength(MAX_REASON), trimmedAtLeast(MIN_REASON)]],
  });
  protected readonly submission = dialogSubmission<CallRecordDto>();

  protected submit(): void {
    if (this.submission.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { agentId, list, reason } = this.form.getRawValue();
    this.submission.send(
      this.api.attach(this.data.call.id, { agentId, dataListId: list === MANUAL_DIAL ? null : list, reason: reason.trim() }),
    );
  }
}

/** Opens the dialog; emits the attached call, or undefined when it was cancelled. */
export function openAttachCallDialog(dialog: MatDialog, call: CallRecordDto): Observable<CallRecordDto | undefined> {
  return dialog
    .open<AttachCallDialog, AttachCallDialogData, CallRecordDto>(AttachCallDialog, {
      data: { call },
      width: '560px',
      maxWidth: '94vw',
      autoFocus: 'first-tabbable',
    })
    .afterClosed();
}

function trimmedAtLeast(length: number): ValidatorFn {
  return (control: AbstractControl<string>) => (control.value.trim().length >= length ? null : { short: true });
}
