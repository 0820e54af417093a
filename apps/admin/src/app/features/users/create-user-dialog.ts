import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatSelect, MatSelectTrigger } from '@angular/material/select';
import { MatTooltip } from '@angular/material/tooltip';
import { MIN_PASSWORD_LENGTH, Role, ROLES, UserDto } from '@callrec/contracts';
import { httpStatusOf } from '../../core/http/api-error';
import { ROLE_LABELS, ROLE_SUMMARIES } from '../../core/roles/role-labels';
import { UsersApiService } from '../../data-access/users-api.service';
import { dialogSubmission } from '../../ui/dialog-submission/dialog-submission';
import { FormDialog } from '../../ui/form-dialog/form-dialog';
import { generatePassword } from './generate-password';

@Component({
  selector: 'app-create-user-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormDialog,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatIcon,
    MatIconButton,
    MatInput,
    MatLabel,
    MatOption,
    MatSelect,
    MatSelectTrigger,
    MatSuffix,
    MatTooltip,
    ReactiveFormsModule,
  ],
  templateUrl: './create-user-dialog.html',
  styleUrl: './create-user-dialog.scss',
})
export class CreateUserDialog {
  private readonly api = inject(UsersApiService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly minPasswordLength = MIN_PASSWORD_LENGTH;
  protected readonly roles = ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly roleSummaries = ROLE_SUMMARIES;

  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(120), Validators.pattern(/\S/)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(320)]],
    role: this.fb.control<Role | ''>('', Validators.required),
    password: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH), Validators.maxLength(1024)]],
  });
  protected readonly submission = dialogSubmission<UserDto>();
  protected readonly passwordHidden = signal(true);
  private readonly password = toSignal(this.form.controls.password.valueChanges, {
    initialValue: '',
  });
  protected readonly passwordLength = computed(() => this.password().length);

  protected submit(): void {
    if (this.submission.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, email, role, password } = this.form.getRawValue();
    if (role === '') {
      return;
    }
    this.submission.send(this.api.create({ name: name.trim(), email: email.trim(), role, password }), (error) => {
      if (httpStatusOf(error) === 409) {
        this.form.controls.email.setErrors({ taken: true });
      }
    });
  }

  protected suggestPassword(): void {
    this.form.controls.password.setValue(generatePassword());
    this.form.controls.password.markAsTouched();
    this.passwordHidden.set(false);
  }

  protected togglePasswordVisibility(): void {
    this.passwordHidden.update((hidden) => !hidden);
  }
}
