import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatTooltip } from '@angular/material/tooltip';
import { ChainState } from './audit-page.store';

/**
 * Whether the hash chain still proves that no event was changed, removed or inserted, and up
 * to which event a checkpoint signed outside the database vouches for it. A broken chain is
 * the loudest thing on the page, in the server's words: the log cannot be trusted as is.
 */
@Component({
  selector: 'app-audit-chain-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, DecimalPipe, MatIcon, MatIconButton, MatProgressSpinner, MatTooltip],
  template: `
    @let state = chain();
    <span class="badge" [class]="'badge ' + tone()" role="status" data-testid="chain-status">
      @switch (state.kind) {
        @case ('loading') {
          <mat-progress-spinner diameter="16" mode="indeterminate" aria-hidden="true" />
          Checking the chain…
        }
        @case ('error') {
          <mat-icon aria-hidden="true">help</mat-icon>
          Chain not checked: {{ state.message }}
        }
        @case ('ready') {
          @let result = state.value;
          @if (result.ok) {
            <mat-icon aria-hidden="true">verified</mat-icon>
            <span class="text">
              <span>Chain intact · {{ result.checked | number }} events checked</span>
              @if (result.checkpoint; as checkpoint) {
                <span class="detail" data-testid="chain-checkpoint">
                  Signed up to event {{ checkpoint.seq | number }} on {{ checkpoint.at | date: 'd MMM y, HH:mm:ss' }}
                </span>
              } @else {
                <span class="detail" data-testid="chain-checkpoint">No signed checkpoint yet</span>
              }
            </span>
          } @else {
            <mat-icon aria-hidden="true">gpp_bad</mat-icon>
            <span class="text">
              @if (result.firstBrokenId) {
                <span>
                  Chain broken at event {{ result.checked + 1 | number }}
                  <span class="mono">({{ result.firstBrokenId }})</span>
                </span>
              } @else {
                <span>Chain broken</span>
              }
              @if (result.problem) {
                <span class="detail" data-testid="chain-problem">{{ result.problem }}</span>
              }
            </span>
          }
        }
      }
    </span>
    <button
      mat-icon-button
      type="button"
      aria-label="Check the chain again"
      matTooltip="Check again"
      [disabled]="state.kind === 'loading'"
      (click)="recheck.emit()"
    >
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
      padding: 6px 14px;
      border-radius: 12px;
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
    }
    .text {
      display: flex;
      flex-direction: column;
    }
    .detail {
      max-width: 30rem;
      font: var(--mat-sys-body-small);
      opacity: 0.9;
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
    if (state.kind !== 'ready') {
      return 'unknown';
    }
    return state.value.ok ? 'intact' : 'broken';
  });
}
