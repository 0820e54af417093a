import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

/** The product's logo mark: a waveform in a rounded tile. */
@Component({
  selector: 'app-brand-mark',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIcon],
  template: `<mat-icon aria-hidden="true">graphic_eq</mat-icon>`,
  styles: `
    :host {
      display: inline-grid;
      place-items: center;
      flex-shrink: 0;
      width: var(--brand-size);
      height: var(--brand-size);
      border-radius: calc(var(--brand-size) * 0.28);
      background: linear-gradient(135deg, var(--mat-sys-primary), #1b4f9c);
      color: var(--mat-sys-on-primary);
    }
    mat-icon {
      width: auto;
      height: auto;
      font-size: calc(var(--brand-size) * 0.62);
    }
  `,
  host: { '[style.--brand-size.px]': 'size()' },
})
export class BrandMark {
  public readonly size = input(36);
}
