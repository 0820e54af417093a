import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatTooltip } from '@angular/material/tooltip';
import { ChainState } from './audit-page.store';

/**
 * Whether the hash chain still proves that no event was changed, removed or inserted. A
 * broken chain is the loudest thing on the page: it means the log cannot be trusted as is.
 */
@Component({
  selector: 'app-audit-chain-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DecimalPipe, MatIcon, MatIconButton, MatProgressSpinner, MatTooltip],
  template: `
    @let state = chain();
    <span class="badge" [class]="'badge ' + tone()" role="status" data-testid="chain-status">
      @switch (state.kind) {
        @case ('checking') {
          <mat-progress-spinner diameter="16" mode="indeterminate" aria-hidden="true" />
          Checking the chain…
        }
        @case ('error') {
          <mat-icon aria-hidden="true">help</mat-icon>
          Chain not checked: {{ state.message }}
        }
        @case ('checked') {
          @if (state.result.ok) {
            <mat-icon aria-hidden="true">verified</mat-icon>
            Chain intact · {{ state.result.checked | number }} events checked
          } @else {
            <mat-icon aria-hidden="true">gpp_bad</mat-icon>
            Chain broken at event {{ state.result.checked + 1 | number }}
            <span class="mono">({{ state.result.firstBrokenId }})</span>
          }
        }
      }
    </span>
    <button mat-icon-button type="button" aria-label="Check the chain again" matTooltip="Check again" [disabled]="state.kind === 'checking'" (click)="recheck.emit()">
      <mat-icon>refresh</mat-icon>
    </button>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 4px;
    }
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      min-height: 36px;
      padding: 0 14px;
      border-radius: 18px;
      font: var(--mat-sys-label-large);
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface-variant);
    }
    .badge.intact {
      background: var(--app-success-container);
      color: var(--app-on-success-container);
    }
    .badge.broken {
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
    }
    mat-icon {
      width: 20px;
      height: 20px;
      font-size: 20px;
    }
    .mono {
      font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
      font-size: 12px;
      opacity: 0.85;
    }
  `,
})
export class AuditChainBadge {
  public readonly chain = input.required<ChainState>();
  public readonly recheck = output();

  protected readonly tone = computed(() => {
    const state = this.chain();
    if (state.kind !== 'checked') {
      return 'unknown';
    }
    return state.result.ok ? 'intact' : 'broken';
  });
}
