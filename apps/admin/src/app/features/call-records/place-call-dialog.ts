import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSelect } from '@angular/material/select';
import { CallRecordDto, E164_PATTERN, IdName, MANUAL_DIAL_LABEL, TERMINAL_CALL_STATUSES } from '@callrec/contracts';
import { catchError, EMPTY, exhaustMap, filter, finalize, interval, merge, takeWhile } from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';
import { CallRecordsApiService } from '../../data-access/call-records-api.service';
import { CallsApiService } from '../../data-access/calls-api.service';
import { LiveEventsService } from '../../data-access/live-events.service';
import { FormDialog } from '../../ui/form-dialog/form-dialog';
import { FormError } from '../../ui/form-dialog/form-error';
import { CallStatusChip } from '../../ui/status-chips/call-status-chip';
import { testCallProgress, testCallSettled } from './test-call-progress';

export interface PlaceCallDialogData {
  readonly dataLists: readonly IdName[];
}

/** `open`: the call whose recording the admin chose to open. */
export type PlaceCallDialogResult = { readonly open?: string } | undefined;

/** Live events carry the news; polling is the fallback when the event stream is down. */
const POLL_MS = 2000;

/**
 * ADMIN: places a real call through the API and follows it to a stored recording, so a new
 * installation can prove the whole chain (API → Twilio → webhooks → queue → storage) works.
 */
@Component({
  selector: 'app-place-call-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    CallStatusChip,
    FormDialog,
    FormError,
    MatButton,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
    MatError,
    MatFormField,
    MatHint,
    MatIcon,
    MatInput,
    MatLabel,
    MatOption,
    MatProgressSpinner,
    MatSelect,
    ReactiveFormsModule,
  ],
  templateUrl: './place-call-dialog.html',
  styleUrl: './place-call-dialog.scss',
})
export class PlaceCallDialog {
  private readonly callRecordsApi = inject(CallRecordsApiService);
  private readonly callsApi = inject(CallsApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly dialogRef = inject<MatDialogRef<PlaceCallDialog, PlaceCallDialogResult>>(MatDialogRef);
  private readonly live = inject(LiveEventsService);

  protected readonly data = inject<PlaceCallDialogData>(MAT_DIALOG_DATA);
  protected readonly manualDialLabel = MANUAL_DIAL_LABEL;
  protected readonly form = inject(NonNullableFormBuilder).group({
    to: ['', [Validators.required, Validators.pattern(E164_PATTERN)]],
    dataListId: [''],
  });
  protected readonly placing = signal(false);
  protected readonly ending = signal(false);
  protected readonly errorMessage = signal<string | null>(null);
  protected readonly call = signal<CallRecordDto | null>(null);
  protected readonly steps = computed(() => {
    const call = this.call();
    return call ? testCallProgress(call) : [];
  });
  protected readonly onTheLine = computed(() => {
    const call = this.call();
    return call !== null && !TERMINAL_CALL_STATUSES.includes(call.status);
  });
  protected readonly storedRecording = computed(() => this.steps().at(-1)?.state === 'done');
  protected readonly listName = computed(() => {
    const call = this.call();
    return call?.dataListLabel ?? '';
  });

  protected place(): void {
    if (this.placing()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { to, dataListId } = this.form.getRawValue();
    this.placing.set(true);
    this.errorMessage.set(null);
    this.callsApi
      .place({ to: to.trim(), ...(dataListId ? { dataListId } : {}) })
      .pipe(
        finalize(() => this.placing.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (call) => {
          this.call.set(call);
          this.follow(call.id);
        },
        error: (error: unknown) => this.errorMessage.set(apiErrorMessage(error)),
      });
  }

  protected end(): void {
    const call = this.call();
    if (!call || this.ending()) {
      return;
    }
    this.ending.set(true);
    this.callsApi
      .end(call.id)
      .pipe(
        finalize(() => this.ending.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (updated) => this.call.set(updated),
        error: (error: unknown) => this.errorMessage.set(apiErrorMessage(error)),
      });
  }

  protected openRecording(): void {
    const call = this.call();
    this.dialogRef.close(call ? { open: call.id } : undefined);
  }

  protected placeAnother(): void {
    this.call.set(null);
    this.errorMessage.set(null);
  }

  /** Re-reads the call on each of its live events (and every few seconds) until it settles. */
  private follow(id: string): void {
    merge(this.live.updates$.pipe(filter((event) => event.type === 'resync' || event.callRecordId === id)), interval(POLL_MS))
      .pipe(
        // A failed read is retried at the next tick; the call goes on regardless.
        exhaustMap(() => this.callRecordsApi.get(id).pipe(catchError(() => EMPTY))),
        takeWhile((call) => !testCallSettled(call), true),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((call) => {
        if (this.call()?.id === call.id) {
          this.call.set(call);
        }
      });
  }
}
