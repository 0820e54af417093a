import { HttpEventType } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ContactImportDto } from '@callrec/contracts';
import { catchError, exhaustMap, filter, of, Subscription, takeWhile, tap, throwError, timer } from 'rxjs';
import { apiErrorMessage, httpStatusOf } from '../../core/http/api-error';
import { Notifier } from '../../core/notifications/notifier';
import { ContactImportsApiService } from '../../data-access/contact-imports-api.service';
import { importOutcome, isFinished, UploadProgress } from './import-status';

/** A worker reads the file; its counters are read this often until it has finished. */
export const IMPORT_POLL_MS = 1000;

/**
 * One CSV import at a time on a list's page: the upload with its progress, then the worker's
 * counters until the import has completed or failed. Polling stops with the page.
 */
@Injectable()
export class ContactImportStore {
  private readonly api = inject(ContactImportsApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly notifier = inject(Notifier);
  private polling?: Subscription;

  /** The file being sent; null once the API has it (or before anything is picked). */
  public readonly upload = signal<UploadProgress | null>(null);
  /** The import on show: the one just started, or a past one picked from the list. */
  public readonly job = signal<ContactImportDto | null>(null);
  /** Why the upload or the following failed, shown with the import. */
  public readonly error = signal<string | null>(null);
  /** Called once when a followed import ends, so the page can count the new contacts. */
  public onFinished: (job: ContactImportDto) => void = () => undefined;

  private readonly following = signal(false);
  /** True from the upload until the import ends: one import at a time per page. */
  public readonly busy = computed(() => this.upload() !== null || this.following());

  public start(dataListId: string, file: File): void {
    if (this.upload() !== null) {
      return;
    }
    this.stopFollowing();
    this.job.set(null);
    this.error.set(null);
    this.upload.set({ fileName: file.name, loaded: 0, total: file.size || null });
    this.api
      .upload(dataListId, file)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress) {
            this.upload.set({ fileName: file.name, loaded: event.loaded, total: event.total ?? (file.size || null) });
          } else if (event.type === HttpEventType.Response && event.body) {
            this.upload.set(null);
            this.follow(event.body.importId);
          }
        },
        error: (error: unknown) => {
          this.upload.set(null);
          this.error.set(apiErrorMessage(error));
        },
      });
  }

  /** Shows an import; one still in progress is followed until it ends. */
  public show(job: ContactImportDto): void {
    if (this.upload() !== null) {
      return;
    }
    this.stopFollowing();
    this.error.set(null);
    this.job.set(job);
    if (!isFinished(job)) {
      this.follow(job.id);
    }
  }

  private follow(importId: string): void {
    this.stopFollowing();
    this.following.set(true);
    this.polling = timer(0, IMPORT_POLL_MS)
      .pipe(
        // A slow answer is waited for rather than piled up behind.
        exhaustMap(() =>
          this.api.get(importId).pipe(
            // A dropped connection or a busy server is tried again at the next tick; a refusal is final.
            catchError((error: unknown) => (isTransient(error) ? of(null) : throwError(() => error))),
          ),
        ),
        filter((job): job is ContactImportDto => job !== null),
        tap((job) => this.job.set(job)),
        takeWhile((job) => !isFinished(job), true),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (job) => {
          if (isFinished(job)) {
            this.following.set(false);
            if (job.status === 'failed') {
              this.notifier.error(importOutcome(job));
            } else {
              this.notifier.success(importOutcome(job));
            }
            this.onFinished(job);
          }
        },
        error: (error: unknown) => {
          this.following.set(false);
          this.error.set(apiErrorMessage(error));
        },
      });
  }

  private stopFollowing(): void {
    this.polling?.unsubscribe();
    this.polling = undefined;
    this.following.set(false);
  }
}

function isTransient(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === null || status === 0 || status >= 500;
}
