import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { ActivatedRoute, Router } from '@angular/router';
import { isMfaChallenge, LoginResponse } from '@callrec/contracts';
import { finalize } from 'rxjs';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { safeReturnUrl } from '../../core/auth/sign-in-url';
import { apiErrorMessage } from '../../core/http/api-error';
import { AuthApiService } from '../../data-access/auth-api.service';
import { BrandMark } from '../../ui/brand-mark/brand-mark';
import { FormError } from '../../ui/form-dialog/form-error';
import { TwoFactorCodeStep } from './two-factor-code-step';
import { TwoFactorEnrolmentStep } from './two-factor-enrolment-step';
import { SsoSignIn } from './sso-sign-in';

@Component({
  selector: 'app-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BrandMark,
    FormError,
    MatButton,
    MatError,
    MatFormField,
    MatIcon,
    MatIconButton,
    MatInput,
    MatLabel,
    MatProgressSpinner,
    MatSuffix,
    ReactiveFormsModule,
    TwoFactorCodeStep,
    TwoFactorEnrolmentStep,
    SsoSignIn,
  ],
  templateUrl: './sign-in-page.html',
  styleUrl: './sign-in-page.scss',
})
export class SignInPage {
  private readonly authApi = inject(AuthApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly session = inject(AuthSessionStore);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly errorMessage = signal<string | null>(null);
  protected readonly passwordHidden = signal(true);
  /** Set once the password was right and a second factor is needed (design 9.9). */
  protected readonly challenge = this.session.mfaChallenge;

  protected submit(): void {
    if (this.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.errorMessage.set(null);
    const { email, password } = this.form.getRawValue();
    this.authApi
      .login({ email: email.trim(), password })
      .pipe(
        finalize(() => this.submitting.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (result) => (isMfaChallenge(result) ? this.session.awaitSecondFactor(result, email.trim()) : this.signedIn(result)),
        error: (error: unknown) => this.errorMessage.set(apiErrorMessage(error)),
      });
  }

  protected signedIn(response: LoginResponse): void {
    this.session.start(response);
    const returnUrl = safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl'));
    void this.router.navigateByUrl(returnUrl);
  }

  /** Back to the password form, which asks for the password again. */
  protected startOver(): void {
    this.session.cancelSecondFactor();
    this.form.controls.password.reset();
  }

  protected togglePasswordVisibility(): void {
    this.passwordHidden.update((hidden) => !hidden);
  }
}
