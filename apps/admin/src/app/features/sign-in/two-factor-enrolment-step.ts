import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, OnInit, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { LoginResponse, TwoFactorEnableResponse, TwoFactorSetupResponse } from '@callrec/contracts';
import { finalize } from 'rxjs';
import { MfaChallenge } from '../../core/auth/auth-session.store';
import { apiErrorMessage } from '../../core/http/api-error';
import { AuthApiService } from '../../data-access/auth-api.service';
import { FormError } from '../../ui/form-dialog/form-error';
import { RecoveryCodes } from '../../ui/two-factor/recovery-codes';
import { TotpSetup } from '../../ui/two-factor/totp-setup';

/**
 * A role that requires a second factor (REQUIRE_2FA_ROLES) sets one up before its first
 * session: scan, type the first code (which completes the sign-in on the API), then keep the
 * recovery codes, shown once, before going in.
 */
@Component({
  selector: 'app-two-factor-enrolment-step',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormError,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MatProgressSpinner,
    ReactiveFormsModule,
    RecoveryCodes,
    TotpSetup,
  ],
  templateUrl: './two-factor-enrolment-step.html',
  styleUrl: './two-factor-steps.scss',
})
export class TwoFactorEnrolmentStep implements OnInit {
  private readonly authApi = inject(AuthApiService);
  private readonly destroyRef = inject(DestroyRef);

  public readonly challenge = input.required<MfaChallenge>();
  public readonly signedIn = output<LoginResponse>();
  public readonly startOver = output<void>();

  protected readonly setup = signal<TwoFactorSetupResponse | null>(null);
  protected readonly enabled = signal<TwoFactorEnableResponse | null>(null);
  protected readonly code = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.pattern(/^\s*\d{3}\s?\d{3}\s*$/)],
  });
  protected readonly form = new FormGroup({ code: this.code });
  protected readonly submitting = signal(false);
  protected readonly errorMessage = signal<string | null>(null);

  public ngOnInit(): void {
    this.authApi
      .setupTwoFactor(this.challenge().mfaToken)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (setup) => this.setup.set(setup),
        error: (error: unknown) => this.errorMessage.set(apiErrorMessage(error)),
      });
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
      .enableTwoFactor(this.code.value.trim(), this.challenge().mfaToken)
      .pipe(
        finalize(() => this.submitting.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (response) => this.enabled.set(response),
        // The code stays in the field: cleared, a submitted form would call it missing.
        error: (error: unknown) => this.errorMessage.set(apiErrorMessage(error)),
      });
  }

  protected finish(): void {
    const session = this.enabled()?.session;
    if (session) {
      this.signedIn.emit(session);
    }
  }
}
