import { CdkCopyToClipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatIcon } from '@angular/material/icon';

/**
 * The recovery codes, shown this once (the API keeps only their hashes): the person confirms
 * they saved them before going on, so nobody clicks past the only copy by accident.
 */
@Component({
  selector: 'app-recovery-codes',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CdkCopyToClipboard, MatButton, MatCheckbox, MatIcon],
  template: `
    <p class="lead">
      Save these recovery codes somewhere safe. Each signs you in once if you lose your authenticator.
      <strong>They are not shown again.</strong>
    </p>
    <ul class="codes" aria-label="Recovery codes" data-testid="recovery-codes">
      @for (code of codes(); track code) {
        <li>{{ code }}</li>
      }
    </ul>
    <button mat-stroked-button type="button" class="copy" [cdkCopyToClipboard]="allCodes()" (cdkCopyToClipboardCopied)="copied.set($event)">
      <mat-icon>{{ copied() ? 'check' : 'content_copy' }}</mat-icon>
      {{ copied() ? 'Copied' : 'Copy codes' }}
    </button>
    <mat-checkbox [checked]="saved()" (change)="saved.set($event.checked)">I have saved my recovery codes</mat-checkbox>
    <button mat-flat-button type="button" class="done" [disabled]="!saved()" (click)="confirmed.emit()">{{ doneLabel() }}</button>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .lead {
      margin: 0;
      font: var(--mat-sys-body-medium);
    }
    .codes {
      display: grid;
      grid-template-columns: repeat(2, 1fr);
      gap: 6px 16px;
      margin: 0;
      padding: 14px 18px;
      list-style: none;
      border-radius: 12px;
      background: var(--mat-sys-surface-container);
      font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
      font-size: 0.95rem;
      text-align: center;
    }
    .copy {
      align-self: flex-start;
    }
    .done {
      height: 44px;
    }
  `,
})
export class RecoveryCodes {
  public readonly codes = input.required<readonly string[]>();
  public readonly doneLabel = input('Continue');
  public readonly confirmed = output<void>();

  protected readonly saved = signal(false);
  protected readonly copied = signal(false);
  protected readonly allCodes = computed(() => this.codes().join('\n'));
}
