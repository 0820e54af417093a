import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TwoFactorSetupResponse } from '@callrec/contracts';

/**
 * What an authenticator app needs: the QR code of the otpauth URI, and the secret as text for
 * apps (or people) that cannot scan, in groups of four as most apps show it.
 */
@Component({
  selector: 'app-totp-setup',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="steps">
      <li>Open an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…).</li>
      <li>Scan this QR code, or type the key below.</li>
      <li>Enter the 6-digit code the app shows.</li>
    </ol>
    <img class="qr" [src]="setup().qrCodeDataUrl" width="232" height="232" alt="QR code to add this account to an authenticator app" />
    <p class="key-label" id="totp-key-label">Key</p>
    <p class="key" aria-labelledby="totp-key-label" data-testid="totp-secret" [attr.data-secret]="setup().secret">{{ grouped() }}</p>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: center;
    }
    .steps {
      align-self: stretch;
      margin: 0 0 12px;
      padding-left: 20px;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .qr {
      border-radius: 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      background: #fff;
      image-rendering: pixelated;
    }
    .key-label {
      margin: 12px 0 2px;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .key {
      margin: 0;
      font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
      font-size: 0.9rem;
      text-align: center;
      /* Wraps between groups of four, never inside one. */
      overflow-wrap: normal;
      user-select: all;
    }
  `,
})
export class TotpSetup {
  public readonly setup = input.required<TwoFactorSetupResponse>();

  protected readonly grouped = computed(() => this.setup().secret.replace(/(.{4})(?=.)/g, '$1 '));
}
