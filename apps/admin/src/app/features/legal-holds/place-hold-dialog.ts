import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatOption, provideNativeDateAdapter } from '@angular/material/core';
import { MatDatepickerToggle, MatDateRangeInput, MatDateRangePicker, MatEndDate, MatStartDate } from '@angular/material/datepicker';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSelect } from '@angular/material/select';
import { IdName, LegalHoldDto } from '@callrec/contracts';
import { catchError, debounceTime, map, Observable, of, startWith, switchMap } from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';
import { LegalHoldsApiService } from '../../data-access/legal-holds-api.service';
import { dialogSubmission } from '../../ui/dialog-submission/dialog-submission';
import { FormDialog } from '../../ui/form-dialog/form-dialog';
import { CriteriaCheck, criteriaFromForm } from './hold-criteria';

export interface PlaceHoldDialogData {
  readonly agents: readonly IdName[];
  readonly dataLists: readonly IdName[];
}

/** Counting is a query over every recording: once typing pauses, not per keystroke. */
const PREVIEW_DEBOUNCE_MS = 400;

type Coverage =
  | { readonly kind: 'empty' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'counting' }
  | { readonly kind: 'counted'; readonly covered: number }
  | { readonly kind: 'error'; readonly message: string };

@Component({
  selector: 'app-place-hold-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [provideNativeDateAdapter()],
  imports: [
    DecimalPipe,
    FormDialog,
    MatDateRangeInput,
    MatDateRangePicker,
    MatDatepickerToggle,
    MatEndDate,
    MatError,
    MatFormField,
    MatHint,
    MatIcon,
    MatInput,
    MatLabel,
    MatOption,
    MatProgressSpinner,
    MatSelect,
    MatStartDate,
    MatSuffix,
    ReactiveFormsModule,
  ],
  templateUrl: './place-hold-dialog.html',
  styleUrl: './place-hold-dialog.scss',
})
export class PlaceHoldDialog {
  private readonly api = inject(LegalHoldsApiService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly data = inject<PlaceHoldDialogData>(MAT_DIALOG_DATA);
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(200), Validators.pattern(/\S/)]],
    reason: ['', [Validators.required, Validators.maxLength(2000), Validators.pattern(/\S/)]],
    criteria: this.fb.group({
      phone: [''],
      agentId: this.fb.control<string | null>(null),
      dataListId: this.fb.control<string | null>(null),
      from: this.fb.control<Date | null>(null),
      to: this.fb.control<Date | null>(null),
      recordingIds: [''],
    }),
  });
  protected readonly coverage = signal<Coverage>({ kind: 'empty' });
  protected readonly submission = dialogSubmission<LegalHoldDto>();

  public constructor() {
    const criteria = this.form.controls.criteria;
    criteria.valueChanges
      .pipe(
        // The form starts empty, which `coverage` already says; only edits are counted.
        map(() => criteriaFromForm(criteria.getRawValue())),
        debounceTime(PREVIEW_DEBOUNCE_MS),
        switchMap((check) => this.count(check)),
        takeUntilDestroyed(),
      )
      .subscribe((coverage) => this.coverage.set(coverage));
  }

  protected submit(): void {
    if (this.submission.submitting()) {
      return;
    }
    const check = criteriaFromForm(this.form.controls.criteria.getRawValue());
    if (this.form.invalid || check.kind !== 'ok') {
      this.form.markAllAsTouched();
      if (check.kind !== 'ok') {
        this.submission.errorMessage.set(
          check.kind === 'empty' ? 'Add at least one criterion: a hold on everything is not allowed.' : check.message,
        );
      }
      return;
    }
    const { name, reason } = this.form.getRawValue();
    this.submission.send(this.api.create({ name: name.trim(), reason: reason.trim(), criteria: check.criteria }));
  }

  private count(check: CriteriaCheck): Observable<Coverage> {
    if (check.kind !== 'ok') {
      return of<Coverage>(check);
    }
    return this.api.preview(check.criteria).pipe(
      map(({ covered }): Coverage => ({ kind: 'counted', covered })),
      catchError((error: unknown) => of<Coverage>({ kind: 'error', message: apiErrorMessage(error) })),
      startWith<Coverage>({ kind: 'counting' }),
    );
  }
}
