import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';

/** A failed load, in place of the content it replaces, with a way to try again. */
@Component({
  selector: 'app-error-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatIcon],
  template: `
    <div class="badge" aria-hidden="true"><mat-icon>error</mat-icon></div>
    <h3 class="title">{{ heading() }}</h3>
    <p class="message">{{ message() }}</p>
    <button mat-stroked-button type="button" (click)="retry.emit()">
      <mat-icon>refresh</mat-icon>
      Try again
    </button>
  `,
  styleUrl: './error-state.scss',
  host: { role: 'alert' },
})
export class ErrorState {
  public readonly heading = input('Could not load this');
  public readonly message = input.required<string>();
  public readonly retry = output();
}
