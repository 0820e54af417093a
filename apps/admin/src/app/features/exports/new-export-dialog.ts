import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatOption } from '@angular/material/core';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatRadioButton, MatRadioGroup } from '@angular/material/radio';
import { MatSelect } from '@angular/material/select';
import { ExportFilters, ExportScope, IdName } from '@callrec/contracts';
import { optionsOf } from '../../core/loading/options-of';
import { ExportRequested, ExportsApiService } from '../../data-access/exports-api.service';
import { LegalHoldsApiService } from '../../data-access/legal-holds-api.service';
import { dialogSubmission } from '../../ui/dialog-submission/dialog-submission';
import { FormDialog } from '../../ui/form-dialog/form-dialog';
import { filterParts } from './export-view';

export type ScopeKind = 'filters' | 'hold';

export interface NewExportDialogData {
  /** The call-records grid's filters as last shown; null when the grid was not opened in this tab. */
  readonly gridFilters: ExportFilters | null;
  readonly scope: ScopeKind;
  readonly agents: readonly IdName[];
  readonly dataLists: readonly IdName[];
}

/** A new evidence export: why (required, it goes into the bundle's custody record) and of what. */
@Component({
  selector: 'app-new-export-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormDialog,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MatOption,
    MatRadioButton,
    MatRadioGroup,
    MatSelect,
    ReactiveFormsModule,
  ],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <app-form-dialog
        heading="New evidence export"
        submitLabel="Request export"
        submitIcon="inventory_2"
        progressLabel="Requesting the export"
        errorTestId="export-error"
        [submitting]="submission.submitting()"
        [errorMessage]="submission.errorMessage()"
      >
        <p class="intro">
          A ZIP of the recordings with their metadata, audit trail and signed checksums. Who asked, why and who approved go into the
          bundle's custody record.
        </p>

        <mat-form-field appearance="outline">
          <mat-label>Reason</mat-label>
          <textarea matInput formControlName="reason" rows="2" required></textarea>
          @if (form.controls.reason.invalid) {
            <mat-error>Say who asked for the evidence and why</mat-error>
          }
        </mat-form-field>

        <mat-radio-group class="scope" formControlName="scope" aria-labelledby="export-scope-label">
          <span id="export-scope-label" class="scope-label">Recordings to export</span>
          <mat-radio-button value="filters" data-testid="scope-filters">
            Current call-records filters
            <span class="scope-detail" data-testid="scope-filters-summary">{{ filtersSummary() }}</span>
          </mat-radio-button>
          <mat-radio-button value="hold" data-testid="scope-hold">A legal hold</mat-radio-button>
        </mat-radio-group>

        @if (form.controls.scope.value === 'hold') {
          <mat-form-field appearance="outline">
            <mat-label>Legal hold</mat-label>
            <mat-select formControlName="legalHoldId" required>
              @for (hold of holds(); track hold.id) {
                <mat-option [value]="hold.id">{{ hold.name }}</mat-option>
              }
            </mat-select>
            @if (holds().length === 0) {
              <mat-hint>No active legal holds</mat-hint>
            }
            @if (form.controls.legalHoldId.invalid) {
              <mat-error>Pick the hold whose recordings to export</mat-error>
            }
          </mat-form-field>
        }
      </app-form-dialog>
    </form>
  `,
  styles: `
    .intro {
      margin: 0 0 8px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    .scope {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin-bottom: 8px;
    }
    .scope-label {
      font: var(--mat-sys-title-small);
    }
    .scope-detail {
      display: block;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
})
export class NewExportDialog {
  private readonly api = inject(ExportsApiService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly data = inject<NewExportDialogData>(MAT_DIALOG_DATA);
  protected readonly holds = optionsOf(inject(LegalHoldsApiService).list(false));
  protected readonly form = this.fb.group({
    reason: ['', [Validators.required, Validators.maxLength(2000), Validators.pattern(/\S/)]],
    scope: this.fb.control<ScopeKind>(this.data.scope),
    legalHoldId: this.fb.control<string | null>(null),
  });
  protected readonly submission = dialogSubmission<ExportRequested>();
  private readonly scopeKind = toSignal(this.form.controls.scope.valueChanges, { initialValue: this.data.scope });
  protected readonly filtersSummary = computed(() => {
    const parts = filterParts(this.data.gridFilters ?? {}, this.data);
    return parts.length === 0 ? 'Every call (no filter set in the grid)' : parts.join(' · ');
  });

  public constructor() {
    // The hold is required only when the export is of a hold.
    this.form.controls.scope.valueChanges.subscribe((kind) => {
      const hold = this.form.controls.legalHoldId;
      hold.setValidators(kind === 'hold' ? [Validators.required] : []);
      hold.updateValueAndValidity();
    });
    if (this.data.scope === 'hold') {
      this.form.controls.legalHoldId.setValidators([Validators.required]);
    }
  }

  protected submit(): void {
    if (this.submission.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { reason, legalHoldId } = this.form.getRawValue();
    const scope: ExportScope = this.scopeKind() === 'hold' && legalHoldId ? { legalHoldId } : { filters: this.data.gridFilters ?? {} };
    this.submission.send(this.api.create({ reason: reason.trim(), scope }));
  }
}
