import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect, MatSelectTrigger } from '@angular/material/select';
import { API_KEY_ROLES, ApiKeyRole, CreatedApiKey } from '@callrec/contracts';
import { ApiKeysApiService } from '../../data-access/api-keys-api.service';
import { dialogSubmission } from '../../ui/dialog-submission/dialog-submission';
import { FormDialog } from '../../ui/form-dialog/form-dialog';
import { API_KEY_ROLE_LOOKS } from './integration-labels';

/** Creates an API key; closes with the key, which the page then shows once. */
@Component({
  selector: 'app-api-key-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormDialog, MatError, MatFormField, MatHint, MatInput, MatLabel, MatOption, MatSelect, MatSelectTrigger, ReactiveFormsModule],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <app-form-dialog
        heading="New API key"
        submitLabel="Create key"
        progressLabel="Creating key"
        errorTestId="api-key-error"
        [submitting]="submission.submitting()"
        [errorMessage]="submission.errorMessage()"
      >
        <p class="intro">
          A key lets a dialer or a CRM call the API without a person's password. Every use is in the audit log under its name.
        </p>
        <mat-form-field appearance="outline">
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" autocomplete="off" required />
          <mat-hint>Who uses it, e.g. "Five9 dialer (production)"</mat-hint>
          @if (form.controls.name.hasError('required') || form.controls.name.hasError('pattern')) {
            <mat-error>Name the system that will use the key</mat-error>
          } @else if (form.controls.name.hasError('maxlength')) {
            <mat-error>Use at most 120 characters</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Role</mat-label>
          <mat-select formControlName="role" required>
            <mat-select-trigger>{{ form.controls.role.value ? looks[form.controls.role.value].label : '' }}</mat-select-trigger>
            @for (role of roles; track role) {
              <mat-option [value]="role" class="role-option">
                <span class="option-label">{{ looks[role].label }}</span>
                <span class="option-summary">{{ looks[role].summary }}</span>
              </mat-option>
            }
          </mat-select>
          @if (form.controls.role.value; as role) {
            <mat-hint>{{ looks[role].summary }}</mat-hint>
          }
          @if (form.controls.role.hasError('required')) {
            <mat-error>Choose what the key may do</mat-error>
          }
        </mat-form-field>
      </app-form-dialog>
    </form>
  `,
  styles: `
    .intro {
      margin: 0 0 4px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ApiKeyDialog {
  private readonly api = inject(ApiKeysApiService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly roles = API_KEY_ROLES;
  protected readonly looks = API_KEY_ROLE_LOOKS;
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(120), Validators.pattern(/\S/)]],
    role: this.fb.control<ApiKeyRole | ''>('', Validators.required),
  });
  protected readonly submission = dialogSubmission<CreatedApiKey>();

  protected submit(): void {
    if (this.submission.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, role } = this.form.getRawValue();
    if (role === '') {
      return;
    }
    this.submission.send(this.api.create({ name: name.trim(), role }));
  }
}
