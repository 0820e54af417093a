import { DestroyRef, inject, Signal, signal, WritableSignal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatDialogRef } from '@angular/material/dialog';
import { finalize, Observable } from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';

export interface DialogSubmission<R> {
  /** True while the request is in flight: drives the spinner and disables the buttons. */
  readonly submitting: Signal<boolean>;
  /** The API's refusal, shown inside the dialog; writable so a form can put its own check there too. */
  readonly errorMessage: WritableSignal<string | null>;
  /**
   * Sends `request` and closes the dialog with its answer. A second call while one is in
   * flight is ignored, so a double click never sends twice. `onError` is for what a dialog
   * does beyond showing the message (marking a field, choosing an icon).
   */
  send(request: Observable<R>, onError?: (error: unknown) => void): void;
}

/**
 * The submit plumbing of a form dialog that closes with what the API answered. While the
 * request runs, Escape and a backdrop click cannot close the dialog: the change might
 * still land after the person believed it was abandoned.
 *
 * Call it in the dialog component's injection context (a field initialiser).
 */
export function dialogSubmission<R>(): DialogSubmission<R> {
  const dialogRef = inject<MatDialogRef<unknown, R>>(MatDialogRef);
  const destroyRef = inject(DestroyRef);
  const submitting = signal(false);
  const errorMessage = signal<string | null>(null);

  return {
    submitting: submitting.asReadonly(),
    errorMessage,
    send(request: Observable<R>, onError?: (error: unknown) => void): void {
      if (submitting()) {
        return;
      }
      submitting.set(true);
      errorMessage.set(null);
      dialogRef.disableClose = true;
      request
        .pipe(
          finalize(() => {
            submitting.set(false);
            dialogRef.disableClose = false;
          }),
          takeUntilDestroyed(destroyRef),
        )
        .subscribe({
          next: (result) => dialogRef.close(result),
          error: (error: unknown) => {
            errorMessage.set(apiErrorMessage(error));
            onError?.(error);
          },
        });
    },
  };
}
