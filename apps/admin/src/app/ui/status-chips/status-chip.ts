import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { StatusTone } from './status-labels';

/**
 * A status as a small tinted label (`chip`) or a coloured dot before plain text (`dot`, for
 * columns where a chip in every row would shout). `pulse` marks something happening now.
 */
@Component({
  selector: 'app-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIcon],
  template: `
    @if (icon() && variant() === 'chip') {
      <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
    } @else if (variant() === 'dot') {
      <span class="dot" aria-hidden="true"></span>
    }
    <span class="label">{{ label() }}</span>
  `,
  styleUrl: './status-chip.scss',
  host: {
    '[class]': '"tone-" + tone() + " variant-" + variant()',
    '[class.pulse]': 'pulse()',
  },
})
export class StatusChip {
  public readonly label = input.required<string>();
  public readonly tone = input<StatusTone>('neutral');
  public readonly icon = input<string | undefined>(undefined);
  public readonly variant = input<'chip' | 'dot'>('chip');
  public readonly pulse = input(false);
}
