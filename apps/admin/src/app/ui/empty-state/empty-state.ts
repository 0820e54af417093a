import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

/** Says why a list is empty and what to do next; an action goes in the projected slot. */
@Component({
  selector: 'app-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIcon],
  template: `
    <div class="badge" aria-hidden="true">
      <mat-icon>{{ icon() }}</mat-icon>
    </div>
    <h3 class="title">{{ heading() }}</h3>
    @if (message()) {
      <p class="message">{{ message() }}</p>
    }
    <div class="actions"><ng-content /></div>
  `,
  styleUrl: './empty-state.scss',
})
export class EmptyState {
  public readonly icon = input('inbox');
  public readonly heading = input.required<string>();
  public readonly message = input('');
}
