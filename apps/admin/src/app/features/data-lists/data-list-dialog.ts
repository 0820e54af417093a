import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialog } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { DataListDto, UpdateDataListRequest } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { apiErrorMessage, httpStatusOf } from '../../core/http/api-error';
import { DataListsApiService } from '../../data-access/data-lists-api.service';
import { dialogSubmission } from '../../ui/dialog-submission/dialog-submission';
import { FormDialog } from '../../ui/form-dialog/form-dialog';

export interface DataListDialogData {
  /** Absent for a new list. */
  readonly list?: DataListDto;
}

/** Creates a data list, or renames and re-describes one (ADMIN). */
@Component({
  selector: 'app-data-list-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormDialog, MatError, MatFormField, MatHint, MatInput, MatLabel, ReactiveFormsModule],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <app-form-dialog
        [heading]="editing ? 'Edit ' + data.list?.name : 'New data list'"
        [submitLabel]="editing ? 'Save changes' : 'Create list'"
        [progressLabel]="editing ? 'Saving' : 'Creating list'"
        errorTestId="data-list-error"
        [submitting]="submission.submitting()"
        [errorMessage]="submission.errorMessage()"
      >
        <mat-form-field appearance="outline">
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" autocomplete="off" required />
          <mat-hint>Shown in the call records and their filters</mat-hint>
          @if (form.controls.name.hasError('required') || form.controls.name.hasError('pattern')) {
            <mat-error>Give the list a name people will recognise</mat-error>
          } @else if (form.controls.name.hasError('taken')) {
            <mat-error>Another list already has this name</mat-error>
          } @else if (form.controls.name.hasError('maxlength')) {
            <mat-error>Use at most 200 characters</mat-error>
          }
        </mat-form-field>

        <mat-form-field appearance="outline">
          <mat-label>External id</mat-label>
          <input matInput formControlName="externalId" autocomplete="off" spellcheck="false" />
          <mat-hint>The list's id in your dialer or CRM, if it has one</mat-hint>
          @if (form.controls.externalId.hasError('taken')) {
            <mat-error>Another list already has this external id</mat-error>
          } @else if (form.controls.externalId.hasError('maxlength')) {
            <mat-error>Use at most 200 characters</mat-error>
          }
        </mat-form-field>

        <mat-form-field appearance="outline">
          <mat-label>Description</mat-label>
          <textarea matInput formControlName="description" rows="3"></textarea>
          @if (form.controls.description.hasError('maxlength')) {
            <mat-error>Use at most 1000 characters</mat-error>
          }
        </mat-form-field>
      </app-form-dialog>
    </form>
  `,
})
export class DataListDialog {
  private readonly api = inject(DataListsApiService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly data = inject<DataListDialogData>(MAT_DIALOG_DATA);
  protected readonly editing = this.data.list !== undefined;
  protected readonly form = this.fb.group({
    name: [this.data.list?.name ?? '', [Validators.required, Validators.maxLength(200), Validators.pattern(/\S/)]],
    externalId: [this.data.list?.externalId ?? '', [Validators.maxLength(200)]],
    description: [this.data.list?.description ?? '', [Validators.maxLength(1000)]],
  });
  protected readonly submission = dialogSubmission<DataListDto>();

  protected submit(): void {
    if (this.submission.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const name = this.form.controls.name.value.trim();
    const externalId = this.form.controls.externalId.value.trim();
    const description = this.form.controls.description.value.trim();
    const list = this.data.list;
    const request = list
      ? this.api.update(list.id, changes(list, { name, externalId, description }))
      : this.api.create({ name, ...(externalId ? { externalId } : {}), ...(description ? { description } : {}) });
    this.submission.send(request, (error) => {
      if (httpStatusOf(error) === 409) {
        // The API's message says which of the two unique fields is taken.
        const field = /external/i.test(apiErrorMessage(error)) ? this.form.controls.externalId : this.form.controls.name;
        field.setErrors({ taken: true });
        field.markAsTouched();
      }
    });
  }
}

/** Only what changed; a cleared field is sent empty, which the API reads as "remove". */
function changes(list: DataListDto, next: Required<UpdateDataListRequest>): UpdateDataListRequest {
  const request: UpdateDataListRequest = {};
  if (next.name !== list.name) {
    request.name = next.name;
  }
  if (next.externalId !== (list.externalId ?? '')) {
    request.externalId = next.externalId;
  }
  if (next.description !== (list.description ?? '')) {
    request.description = next.description;
  }
  return request;
}

/** Opens the dialog; emits the saved list, or undefined when it was cancelled. */
export function openDataListDialog(dialog: MatDialog, data: DataListDialogData): Observable<DataListDto | undefined> {
  return dialog
    .open<DataListDialog, DataListDialogData, DataListDto>(DataListDialog, { data, width: '560px', maxWidth: '94vw' })
    .afterClosed();
}
