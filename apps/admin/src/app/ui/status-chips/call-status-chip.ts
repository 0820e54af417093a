import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { CallStatus } from '@callrec/contracts';
import { StatusChip } from './status-chip';
import { CALL_STATUS_LOOKS, isLiveCall } from './status-labels';

/** Twilio's call status as a dot and a word; a call still on the line pulses. */
@Component({
  selector: 'app-call-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StatusChip],
  template: `<app-status-chip variant="dot" [label]="look().label" [tone]="look().tone" [pulse]="live()" />`,
})
export class CallStatusChip {
  public readonly status = input.required<CallStatus>();
  protected readonly look = computed(() => CALL_STATUS_LOOKS[this.status()]);
  protected readonly live = computed(() => isLiveCall(this.status()));
}
