import { ChangeDetectionStrategy, Component, input, linkedSignal, output } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { provideNativeDateAdapter } from '@angular/material/core';
import { MatDatepickerToggle, MatDateRangeInput, MatDateRangePicker, MatEndDate, MatStartDate } from '@angular/material/datepicker';
import { MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { parseLocalDate, toLocalIsoDate } from '../../core/dates/local-dates';

/** Calendar days `YYYY-MM-DD`, as a filter's URL keeps them; null for an open end. */
export interface DateRange {
  readonly from: string | null;
  readonly to: string | null;
}

/**
 * A filter bar's "between" field. It shows the range it is given and reports a range only
 * once both ends are picked (or both are emptied): a start on its own is not a filter yet.
 */
@Component({
  selector: 'app-date-range-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [provideNativeDateAdapter()],
  imports: [
    MatDateRangeInput,
    MatDateRangePicker,
    MatDatepickerToggle,
    MatEndDate,
    MatFormField,
    MatIcon,
    MatIconButton,
    MatLabel,
    MatStartDate,
    MatSuffix,
  ],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>{{ label() }}</mat-label>
      <mat-date-range-input [rangePicker]="picker" [max]="max()">
        <input
          matStartDate
          placeholder="Start"
          aria-label="From date"
          [value]="draftFrom()"
          (dateChange)="draftFrom.set($event.value)"
          [attr.data-testid]="testIdPrefix() ? testIdPrefix() + '-from' : null"
        />
        <input
          matEndDate
          placeholder="End"
          aria-label="To date"
          [value]="draftTo()"
          (dateChange)="endChanged($event.value)"
          [attr.data-testid]="testIdPrefix() ? testIdPrefix() + '-to' : null"
        />
      </mat-date-range-input>
      <span matIconSuffix class="range-buttons">
        @if (from() || to()) {
          <button mat-icon-button type="button" aria-label="Clear dates" (click)="changed.emit({ from: null, to: null })">
            <mat-icon>close</mat-icon>
          </button>
        }
        <mat-datepicker-toggle [for]="picker" />
      </span>
      <mat-date-range-picker #picker />
    </mat-form-field>
  `,
  styles: `
    :host {
      display: block;
    }
    mat-form-field {
      width: 100%;
    }
    .range-buttons {
      display: inline-flex;
      align-items: center;
    }
  `,
})
export class DateRangeField {
  public readonly label = input.required<string>();
  public readonly from = input<string | null>(null);
  public readonly to = input<string | null>(null);
  /** The last day that can be picked; none when null. */
  public readonly max = input<Date | null>(null);
  /** Gives the two inputs `data-testid`s `<prefix>-from` and `<prefix>-to`. */
  public readonly testIdPrefix = input<string | null>(null);
  public readonly changed = output<DateRange>();

  /** The range being picked; the URL wins again whenever it changes (Back, a link, "Clear"). */
  protected readonly draftFrom = linkedSignal(() => dateOf(this.from()));
  protected readonly draftTo = linkedSignal(() => dateOf(this.to()));

  protected endChanged(date: Date | null): void {
    this.draftTo.set(date);
    const from = this.draftFrom();
    if (from && date) {
      this.changed.emit({ from: toLocalIsoDate(from), to: toLocalIsoDate(date) });
    } else if (!from && !date) {
      this.changed.emit({ from: null, to: null });
    }
  }
}

function dateOf(day: string | null): Date | null {
  return day ? parseLocalDate(day) : null;
}
