import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { Observable } from 'rxjs';

export interface SecretDialogData {
  readonly title: string;
  /** What the secret is, e.g. "API key" or "Signing secret". */
  readonly label: string;
  readonly secret: string;
  /** Where it goes, e.g. "Send it as Authorization: Bearer <key>." */
  readonly usage: string;
}

/**
 * A secret the API shows exactly once (an API key, a webhook signing secret), with a copy
 * button and a plain warning. Only Done closes it: a stray click on the backdrop or Escape
 * would lose the secret for good.
 */
@Component({
  selector: 'app-secret-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle, MatIcon],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content class="content">
      <p class="warning" role="alert">
        <mat-icon aria-hidden="true">warning</mat-icon>
        <span>Copy it now and keep it somewhere safe: <strong>you will not see it again.</strong></span>
      </p>
      <p class="usage">{{ data.usage }}</p>
      <p class="caption">{{ data.label }}</p>
      <div class="secret-row">
        <code class="secret" data-testid="shown-secret">{{ data.secret }}</code>
        <button mat-stroked-button type="button" (click)="copy()" data-testid="copy-secret">
          <mat-icon>{{ copied() ? 'check' : 'content_copy' }}</mat-icon>
          {{ copied() ? 'Copied' : 'Copy' }}
        </button>
      </div>
      <span class="cdk-visually-hidden" role="status">{{ copied() ? data.label + ' copied to the clipboard' : '' }}</span>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close>Done</button>
    </mat-dialog-actions>
  `,
  styles: `
    .content {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .warning {
      display: flex;
      gap: 10px;
      align-items: flex-start;
      margin: 0;
      padding: 12px 14px;
      border-radius: 12px;
      background: var(--app-warning-container);
      color: var(--app-on-warning-container);
    }
    .usage {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .caption {
      margin: 4px 0 -6px;
      font: var(--mat-sys-label-large);
    }
    .secret-row {
      display: flex;
      align-items: center;
      gap: 12px;
    }
    .secret {
      flex: 1;
      padding: 10px 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      background: var(--mat-sys-surface-container-low);
      font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
      font-size: 13px;
      overflow-wrap: anywhere;
      user-select: all;
    }
  `,
})
export class SecretDialog {
  private readonly clipboard = inject(Clipboard);
  protected readonly data = inject<SecretDialogData>(MAT_DIALOG_DATA);
  protected readonly copied = signal(false);

  protected copy(): void {
    this.copied.set(this.clipboard.copy(this.data.secret));
  }
}

/** Opens the shown-once dialog; completes when the person presses Done. */
export function showSecretOnce(dialog: MatDialog, data: SecretDialogData): Observable<unknown> {
  return dialog
    .open<SecretDialog, SecretDialogData>(SecretDialog, { data, width: '560px', maxWidth: '94vw', disableClose: true })
    .afterClosed();
}
