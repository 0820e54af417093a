import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

/** Why a form was refused, shown inside the form so it can be read and corrected there. */
@Component({
  selector: 'app-form-error',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIcon],
  host: { class: 'app-form-error', role: 'alert' },
  template: `
    <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
    <span [attr.data-testid]="testId() ?? null">{{ message() }}</span>
  `,
})
export class FormError {
  public readonly message = input.required<string>();
  /** A refusal with a known cause can look like it (a gavel for a legal hold). */
  public readonly icon = input('error');
  /** Tests find the message by this. */
  public readonly testId = input<string>();
}
