import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MeResponse, TwoFactorSetupResponse } from '@callrec/contracts';
import { finalize, Observable } from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';
import { LOADING, Loadable, loadedValue, loadError, patchLoaded, toLoadable } from '../../core/loading/loadable';
import { Notifier } from '../../core/notifications/notifier';
import { ROLE_LABELS } from '../../core/roles/role-labels';
import { AuthApiService } from '../../data-access/auth-api.service';
import { ErrorState } from '../../ui/error-state/error-state';
import { FormError } from '../../ui/form-dialog/form-error';
import { PageHeader } from '../../ui/page-header/page-header';
import { RecoveryCodes } from '../../ui/two-factor/recovery-codes';
import { TotpSetup } from '../../ui/two-factor/totp-setup';

/** What the two-factor section shows: its status, or one of the steps of changing it. */
type Step = 'status' | 'scan' | 'codes' | 'turn-off';

const CODE = /^\s*(\d{3}\s?\d{3}|[A-Za-z0-9]{5}[\s-]?[A-Za-z0-9]{5})\s*$/;

/** The signed-in person's account: who they are, and their second factor (design 9.9). */
@Component({
  selector: 'app-account-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ErrorState,
    FormError,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatIcon,
    MatInput,
    MatLabel,
    MatProgressSpinner,
    PageHeader,
    ReactiveFormsModule,
    RecoveryCodes,
    TotpSetup,
  ],
  templateUrl: './account-page.html',
  styleUrl: './account-page.scss',
})
export class AccountPage implements OnInit {
  private readonly authApi = inject(AuthApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly notifier = inject(Notifier);

  protected readonly me = signal<Loadable<MeResponse>>(LOADING);
  protected readonly account = computed(() => loadedValue(this.me()));
  protected readonly loadError = computed(() => loadError(this.me()));
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly step = signal<Step>('status');
  protected readonly setup = signal<TwoFactorSetupResponse | null>(null);
  protected readonly recoveryCodes = signal<readonly string[]>([]);
  protected readonly code = new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(CODE)] });
  protected readonly form = new FormGroup({ code: this.code });
  protected readonly busy = signal(false);
  protected readonly errorMessage = signal<string | null>(null);

  public ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    this.me.set(LOADING);
    this.authApi
      .me()
      .pipe(toLoadable(), takeUntilDestroyed(this.destroyRef))
      .subscribe((me) => this.me.set(me));
  }

  protected startSetup(): void {
    this.run(this.authApi.setupTwoFactor(), (setup) => {
      this.setup.set(setup);
      this.goTo('scan');
    });
  }

  protected startTurnOff(): void {
    this.goTo('turn-off');
  }

  protected cancel(): void {
    this.setup.set(null);
    this.goTo('status');
  }

  /** Sends the code: the first one of the new secret, or a current one to turn it off. */
  protected submitCode(): void {
    if (this.code.invalid) {
      this.code.markAsTouched();
      return;
    }
    const code = this.code.value.trim();
    if (this.step() === 'scan') {
      this.run(this.authApi.enableTwoFactor(code), ({ recoveryCodes }) => {
        this.recoveryCodes.set(recoveryCodes);
        this.setTwoFactor(true);
        this.goTo('codes');
      });
    } else {
      this.run(this.authApi.disableTwoFactor(code), () => {
        this.setTwoFactor(false);
        this.goTo('status');
        this.notifier.success('Two-factor authentication is off');
      });
    }
  }

  protected codesSaved(): void {
    this.recoveryCodes.set([]);
    this.setup.set(null);
    this.goTo('status');
    this.notifier.success('Two-factor authentication is on');
  }

  private goTo(step: Step): void {
    this.code.reset();
    this.errorMessage.set(null);
    this.step.set(step);
  }

  private setTwoFactor(enabled: boolean): void {
    this.me.update((me) => patchLoaded(me, (value) => ({ ...value, twoFactorEnabled: enabled })));
  }

  private run<T>(request: Observable<T>, done: (value: T) => void): void {
    if (this.busy()) {
      return;
    }
    this.busy.set(true);
    this.errorMessage.set(null);
    request
      .pipe(
        finalize(() => this.busy.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: done,
        // The code stays in the field: cleared, a submitted form would call it missing.
        error: (error: unknown) => this.errorMessage.set(apiErrorMessage(error)),
      });
  }
}
