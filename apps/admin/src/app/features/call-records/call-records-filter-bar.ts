import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, output } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatCheckbox } from '@angular/material/checkbox';
import { ErrorStateMatcher, MatOption } from '@angular/material/core';
import { MatDivider } from '@angular/material/divider';
import { MatError, MatFormField, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import { MatTooltip } from '@angular/material/tooltip';
import { AbstractControl, FormControl, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { CALL_OUTCOMES, CallOutcome, IdName, MANUAL_DIAL_LABEL } from '@callrec/contracts';
import { debounceTime } from 'rxjs';
import { DateRangeField } from '../../ui/date-range-field/date-range-field';
import { formatClock } from '../../ui/duration/duration.pipe';
import { OUTCOME_LOOKS } from '../../ui/status-chips/status-labels';
import { CallRecordFilters, hasNarrowing, MANUAL_DIAL, normalizePhone } from './call-record-filters';
import { matchingQuickRange, QUICK_RANGES, QuickRangeKey, quickRangeDates } from './quick-ranges';

/** Minimum lengths people ask for; a link with another value adds it to the list. */
const MIN_DURATIONS = [30, 60, 120, 300, 600];
/** Typing a number is not a search per keystroke. */
const PHONE_DEBOUNCE_MS = 400;

/**
 * The grid's filters. It shows the filters it is given (from the URL) and reports changes;
 * it never holds state of its own beyond what is being typed.
 */
@Component({
  selector: 'app-call-records-filter-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DateRangeField,
    MatButton,
    MatButtonToggle,
    MatButtonToggleGroup,
    MatCheckbox,
    MatDivider,
    MatError,
    MatFormField,
    MatIcon,
    MatIconButton,
    MatInput,
    MatLabel,
    MatOption,
    MatPrefix,
    MatSelect,
    MatSuffix,
    MatTooltip,
    ReactiveFormsModule,
  ],
  templateUrl: './call-records-filter-bar.html',
  styleUrl: './call-records-filter-bar.scss',
})
export class CallRecordsFilterBar {
  public readonly filters = input.required<CallRecordFilters>();
  public readonly agents = input<readonly IdName[]>([]);
  public readonly dataLists = input<readonly IdName[]>([]);
  /** Today, for the quick ranges; an input so tests can fix the day. */
  public readonly today = input<Date>(new Date());
  public readonly changed = output<Partial<CallRecordFilters>>();
  public readonly cleared = output();

  protected readonly manualDial = MANUAL_DIAL;
  protected readonly manualDialLabel = MANUAL_DIAL_LABEL;
  protected readonly outcomes = CALL_OUTCOMES;
  protected readonly outcomeLooks = OUTCOME_LOOKS;
  protected readonly quickRanges = QUICK_RANGES;

  protected readonly phone = new FormControl('', { nonNullable: true, validators: [phoneValidator] });
  /** Say what is wrong while typing, not only after leaving the field. */
  protected readonly whileTyping: ErrorStateMatcher = { isErrorState: (control) => !!control?.invalid && !!control.dirty };
  protected readonly activeQuickRange = computed(() => matchingQuickRange(this.filters().from, this.filters().to, this.today()));
  protected readonly narrowed = computed(() => hasNarrowing(this.filters()));
  protected readonly durations = computed(() => {
    const current = this.filters().minDuration;
    const values = current === null || MIN_DURATIONS.includes(current) ? MIN_DURATIONS : [...MIN_DURATIONS, current].sort((a, b) => a - b);
    return values.map((seconds) => ({ seconds, label: `${durationLabel(seconds)} or longer` }));
  });

  public constructor() {
    // The URL wins: Back, a shared link or "Clear" puts its values in the fields.
    effect(() => {
      const { phone } = this.filters();
      if (phone !== this.phone.value.trim()) {
        this.phone.setValue(phone, { emitEvent: false });
      }
    });
    this.phone.valueChanges
      .pipe(debounceTime(PHONE_DEBOUNCE_MS), takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((text) => this.commitPhone(text));
  }

  protected pickQuickRange(key: QuickRangeKey): void {
    this.changed.emit(quickRangeDates(key, this.today()));
  }

  protected commitPhone(text: string): void {
    const trimmed = text.trim();
    if ((trimmed === '' || normalizePhone(trimmed) !== null) && trimmed !== this.filters().phone) {
      this.changed.emit({ phone: trimmed });
    }
  }

  protected clearPhone(): void {
    this.phone.setValue('', { emitEvent: false });
    this.commitPhone('');
  }

  protected select<K extends 'agentId' | 'list' | 'outcome' | 'minDuration'>(key: K, value: CallRecordFilters[K]): void {
    this.changed.emit({ [key]: value ?? null } as Partial<CallRecordFilters>);
  }

  protected outcomeLabel(outcome: CallOutcome): string {
    return this.outcomeLooks[outcome].label;
  }
}

function phoneValidator(control: AbstractControl<string>): ValidationErrors | null {
  const text = control.value.trim();
  return text === '' || normalizePhone(text) !== null ? null : { phone: true };
}

function durationLabel(seconds: number): string {
  if (seconds < 60) {
    return `${seconds} s`;
  }
  return seconds % 60 === 0 ? `${seconds / 60} min` : formatClock(seconds);
}
