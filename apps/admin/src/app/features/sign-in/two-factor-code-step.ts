import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { LoginResponse } from '@callrec/contracts';
import { finalize } from 'rxjs';
import { MfaChallenge } from '../../core/auth/auth-session.store';
import { apiErrorMessage } from '../../core/http/api-error';
import { AuthApiService } from '../../data-access/auth-api.service';
import { FormError } from '../../ui/form-dialog/form-error';

/** Six digits, or a recovery code (`xxxxx-xxxxx`), spaced however the person likes. */
const TOTP_CODE = /^\s*\d{3}\s?\d{3}\s*$/;
const RECOVERY_CODE = /^\s*[A-Za-z0-9]{5}[\s-]?[A-Za-z0-9]{5}\s*$/;

/** The sign-in's second step: the code from the authenticator app, or a recovery code. */
@Component({
  selector: 'app-two-factor-code-step',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormError, MatButton, MatError, MatFormField, MatHint, MatInput, MatLabel, MatProgressSpinner, ReactiveFormsModule],
  templateUrl: './two-factor-code-step.html',
  styleUrl: './two-factor-steps.scss',
})
export class TwoFactorCodeStep {
  private readonly authApi = inject(AuthApiService);
  private readonly destroyRef = inject(DestroyRef);

  public readonly challenge = input.required<MfaChallenge>();
  public readonly signedIn = output<LoginResponse>();
  public readonly startOver = output<void>();

  protected readonly recovery = signal(false);
  protected readonly code = new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(TOTP_CODE)] });
  protected readonly form = new FormGroup({ code: this.code });
  protected readonly submitting = signal(false);
  protected readonly errorMessage = signal<string | null>(null);

  protected toggleRecovery(): void {
    this.recovery.update((recovery) => !recovery);
    this.code.setValidators([Validators.required, Validators.pattern(this.recovery() ? RECOVERY_CODE : TOTP_CODE)]);
    this.code.reset();
    this.errorMessage.set(null);
  }

  protected submit(): void {
    if (this.submitting()) {
      return;
    }
    if (this.code.invalid) {
      this.code.markAsTouched();
      return;
    }
    this.submitting.set(true);
    this.errorMessage.set(null);
    this.authApi
      .verifyTwoFactor(this.challenge().mfaToken, this.code.value.trim())
      .pipe(
        finalize(() => this.submitting.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (response) => this.signedIn.emit(response),
        // The code stays in the field: cleared, a submitted form would call it missing.
        error: (error: unknown) => this.errorMessage.set(apiErrorMessage(error)),
      });
  }
}
