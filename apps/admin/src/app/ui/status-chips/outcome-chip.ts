import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { CallOutcome } from '@callrec/contracts';
import { StatusChip } from './status-chip';
import { OUTCOME_LOOKS } from './status-labels';

/** A call's disposition; agents set it after the call, so "Not set" is a normal state. */
@Component({
  selector: 'app-outcome-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StatusChip],
  template: `
    @if (look(); as look) {
      <app-status-chip [label]="look.label" [tone]="look.tone" />
    } @else {
      <span class="unset">Not set</span>
    }
  `,
  styles: `
    .unset {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class OutcomeChip {
  public readonly outcome = input.required<CallOutcome | null>();
  protected readonly look = computed(() => {
    const outcome = this.outcome();
    return outcome ? OUTCOME_LOOKS[outcome] : null;
  });
}
