import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatAnchor } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { ActivatedRoute, NavigationCancel, NavigationEnd, NavigationError, Router } from '@angular/router';
import { OidcStatus } from '@callrec/contracts';
import { filter, take } from 'rxjs';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { safeReturnUrl } from '../../core/auth/sign-in-url';
import { apiErrorMessage } from '../../core/http/api-error';
import { OidcApiService } from '../../data-access/oidc-api.service';
import { FormError } from '../../ui/form-dialog/form-error';
import { ssoErrorMessage } from './sso-messages';

/**
 * The single sign-on half of the sign-in page: the "Sign in with <provider>" button when the
 * API offers it, the end of the round trip (`?sso=<one-time code>` → our session), and the
 * refusal the callback reported (`?error=<code>`) in words.
 */
@Component({
  selector: 'app-sso-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormError, MatAnchor, MatIcon, MatProgressSpinner],
  template: `
    @if (errorMessage(); as message) {
      <app-form-error [message]="message" icon="no_accounts" testId="sso-error" />
    }
    @if (completing()) {
      <p class="completing" role="status">
        <mat-progress-spinner diameter="20" mode="indeterminate" aria-hidden="true" />
        Signing you in…
      </p>
    } @else if (status()?.enabled) {
      <a mat-stroked-button class="sso" [href]="startUrl()" data-testid="sso-button">
        <mat-icon aria-hidden="true">badge</mat-icon>
        Sign in with {{ status()?.providerName }}
      </a>
      <p class="divider" aria-hidden="true"><span>or with a password</span></p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .app-form-error {
      margin-bottom: 16px;
    }
    .sso {
      width: 100%;
      height: 48px;
      font: var(--mat-sys-label-large);
    }
    .completing {
      display: flex;
      gap: 12px;
      align-items: center;
      justify-content: center;
      margin: 0 0 16px;
      font: var(--mat-sys-body-medium);
    }
    .divider {
      display: flex;
      gap: 12px;
      align-items: center;
      margin: 20px 0 16px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .divider::before,
    .divider::after {
      content: '';
      flex: 1;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
  `,
})
export class SsoSignIn implements OnInit {
  private readonly oidcApi = inject(OidcApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly session = inject(AuthSessionStore);

  protected readonly status = signal<OidcStatus | null>(null);
  protected readonly completing = signal(false);
  private readonly errorCode = signal<string | null>(null);
  private readonly completionError = signal<string | null>(null);

  protected readonly errorMessage = computed(() => {
    const code = this.errorCode();
    if (code) return ssoErrorMessage(code, this.status()?.providerName || 'your sign-on provider');
    return this.completionError();
  });
  private readonly returnUrl = computed(() => safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl')));
  protected readonly startUrl = computed(() => this.oidcApi.startUrl(this.returnUrl()));

  public ngOnInit(): void {
    const query = this.route.snapshot.queryParamMap;
    this.errorCode.set(query.get('error'));
    this.oidcApi
      .status()
      .pipe(takeUntilDestroyed(this.destroyRef))
      // An API without single sign-on (or an older one) simply offers none.
      .subscribe({ next: (status) => this.status.set(status), error: () => this.status.set(null) });
    const code = query.get('sso');
    if (code) this.afterOpeningNavigation(() => this.complete(code));
  }

  /**
   * Runs `then` once the navigation that opened this page has settled. A navigation started while
   * it is still under way cancels it, and the router then puts the cancelled one's URL back:
   * the person would stay on this page, signed in, with a spent code in the address bar.
   */
  private afterOpeningNavigation(then: () => void): void {
    if (this.router.currentNavigation() === null) {
      then();
      return;
    }
    this.router.events
      .pipe(
        filter((event) => event instanceof NavigationEnd || event instanceof NavigationCancel || event instanceof NavigationError),
        take(1),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(() => then());
  }

  private complete(code: string): void {
    this.completing.set(true);
    this.oidcApi
      .complete(code)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (response) => {
          this.session.start(response);
          void this.router.navigateByUrl(this.returnUrl(), { replaceUrl: true });
        },
        error: (error: unknown) => {
          this.completing.set(false);
          this.completionError.set(apiErrorMessage(error));
          // The code is spent either way; a reload must not try it again.
          void this.router.navigate([], { queryParams: { sso: null }, queryParamsHandling: 'merge', replaceUrl: true });
        },
      });
  }
}
