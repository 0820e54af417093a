import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { CoverageReason } from '@callrec/contracts';
import { StatusChip } from './status-chip';
import { COVERAGE_REASON_LOOKS } from './status-labels';

/** Why an answered call was not recorded. */
@Component({
  selector: 'app-coverage-reason-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StatusChip],
  template: `<app-status-chip [label]="look().label" [tone]="look().tone" [icon]="look().icon" />`,
})
export class CoverageReasonChip {
  public readonly reason = input.required<CoverageReason>();
  protected readonly look = computed(() => COVERAGE_REASON_LOOKS[this.reason()]);
}
