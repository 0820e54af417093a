import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RecordingStatus } from '@callrec/contracts';
import { StatusChip } from './status-chip';
import { RECORDING_STATUS_LOOKS } from './status-labels';

@Component({
  selector: 'app-recording-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StatusChip],
  template: `<app-status-chip [label]="look().label" [tone]="look().tone" [icon]="look().icon" />`,
})
export class RecordingStatusChip {
  public readonly status = input.required<RecordingStatus>();
  protected readonly look = computed(() => RECORDING_STATUS_LOOKS[this.status()]);
}
