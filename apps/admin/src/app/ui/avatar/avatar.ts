import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** A person's initials in a circle; decorative, since the name is always shown beside it. */
@Component({
  selector: 'app-avatar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `{{ initials() }}`,
  styles: `
    :host {
      display: inline-grid;
      place-items: center;
      flex-shrink: 0;
      width: var(--avatar-size);
      height: var(--avatar-size);
      border-radius: 50%;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    :host(.strong) {
      font: var(--mat-sys-label-large);
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
    }
    :host(.muted) {
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  host: {
    'aria-hidden': 'true',
    '[class.strong]': 'tone() === "strong"',
    '[class.muted]': 'tone() === "muted"',
    '[style.--avatar-size.px]': 'size()',
  },
})
export class Avatar {
  public readonly name = input.required<string>();
  public readonly size = input(32);
  public readonly tone = input<'soft' | 'strong' | 'muted'>('soft');
  protected readonly initials = computed(() => initialsOf(this.name()));
}

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => word[0].toUpperCase()).join('');
}
