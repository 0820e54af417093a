import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, output } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { ErrorStateMatcher, MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import { AUDIT_ACTIONS, AuditAction, IdName } from '@callrec/contracts';
import { debounceTime } from 'rxjs';
import { DateRangeField } from '../../ui/date-range-field/date-range-field';
import { AuditFilters, hasAuditNarrowing } from './audit-filters';
import { AUDIT_ACTION_LOOKS } from './audit-events';

const RECORDING_DEBOUNCE_MS = 400;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit log's filters: shows what the URL says and reports changes, holding nothing else. */
@Component({
  selector: 'app-audit-filter-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DateRangeField,
    MatButton,
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
    ReactiveFormsModule,
  ],
  templateUrl: './audit-filter-bar.html',
  styleUrl: './audit-filter-bar.scss',
})
export class AuditFilterBar {
  public readonly filters = input.required<AuditFilters>();
  public readonly actors = input<readonly IdName[]>([]);
  public readonly changed = output<Partial<AuditFilters>>();
  public readonly cleared = output();

  protected readonly actions = AUDIT_ACTIONS;
  protected readonly looks = AUDIT_ACTION_LOOKS;
  protected readonly hasAuditNarrowing = hasAuditNarrowing;
  protected readonly recording = new FormControl('', { nonNullable: true, validators: [uuidValidator] });
  protected readonly whileTyping: ErrorStateMatcher = { isErrorState: (control) => !!control?.invalid && !!control.dirty };

  public constructor() {
    // The URL wins: Back, a shared link or "Clear" puts its values in the fields.
    effect(() => {
      const { recordingId } = this.filters();
      if ((recordingId ?? '') !== this.recording.value.trim().toLowerCase()) {
        this.recording.setValue(recordingId ?? '', { emitEvent: false });
      }
    });
    this.recording.valueChanges
      .pipe(debounceTime(RECORDING_DEBOUNCE_MS), takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((text) => this.commitRecording(text));
  }

  protected select<K extends 'action' | 'actorId'>(key: K, value: AuditFilters[K]): void {
    this.changed.emit({ [key]: value ?? null } as Partial<AuditFilters>);
  }

  protected actionLabel(action: AuditAction): string {
    return this.looks[action].label;
  }

  protected commitRecording(text: string): void {
    const id = text.trim().toLowerCase();
    if ((id === '' || UUID.test(id)) && id !== (this.filters().recordingId ?? '')) {
      this.changed.emit({ recordingId: id === '' ? null : id });
    }
  }

  protected clearRecording(): void {
    this.recording.setValue('', { emitEvent: false });
    this.commitRecording('');
  }
}

function uuidValidator(control: AbstractControl<string>): ValidationErrors | null {
  const text = control.value.trim();
  return text === '' || UUID.test(text) ? null : { uuid: true };
}
