import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { CallRecordDto, RecordingMetadata, RecordingPeaks, RecordingSummary } from '@callrec/contracts';
import {
  auditTime,
  catchError,
  distinctUntilChanged,
  filter,
  firstValueFrom,
  map,
  merge,
  Observable,
  of,
  scan,
  startWith,
  switchMap,
} from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';
import { LOADING, Loadable, loadedValue, toLoadable } from '../../core/loading/loadable';
import { CallRecordsApiService } from '../../data-access/call-records-api.service';
import { LiveEventsService } from '../../data-access/live-events.service';
import { RecordingsApiService } from '../../data-access/recordings-api.service';
import { primaryRecording } from './call-record-view';
import { PlayIntent } from './play-intent';

/** The call open in the panel, with what the player needs of its recording. */
export interface OpenCall {
  readonly call: CallRecordDto;
  readonly recording: RecordingSummary | null;
  /** Only for a stored or deleted recording: reading it is an audited event. */
  readonly metadata: RecordingMetadata | null;
  readonly peaks: RecordingPeaks | null;
  /** Peaks are still on their way: the player shows a placeholder rather than "no waveform". */
  readonly peaksPending: boolean;
}

export type PanelState = Loadable<OpenCall>;

/**
 * The call open in the player, following the URL's `:id`, and kept current by live events
 * (a pending recording turns into a playable one while the panel is open).
 */
@Injectable()
export class RecordingPanelStore {
  private readonly callsApi = inject(CallRecordsApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly live = inject(LiveEventsService);
  private readonly playIntent = inject(PlayIntent);
  private readonly recordingsApi = inject(RecordingsApiService);
  private readonly route = inject(ActivatedRoute);

  public readonly state = signal<PanelState>(LOADING);
  public readonly retrying = signal(false);

  public constructor() {
    const ids = this.route.paramMap.pipe(
      map((params) => params.get('id') ?? ''),
      distinctUntilChanged(),
    );
    ids
      .pipe(
        switchMap((id) =>
          merge(
            of({ id, quiet: false }),
            this.live.updates$.pipe(
              filter((event) => event.type === 'resync' || event.callRecordId === id),
              auditTime(300),
              map(() => ({ id, quiet: true })),
            ),
          ),
        ),
        switchMap(({ id, quiet }) => {
          if (!quiet) {
            this.state.set(LOADING);
          }
          // Opened by a click in the grid: the grid's copy of the call is current, no fetch.
          const clicked = quiet ? null : this.playIntent.takeCall(id);
          return (clicked ? of(clicked) : this.callsApi.get(id)).pipe(
            switchMap((call) => this.withRecording(call, quiet)),
            toLoadable(),
          );
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((state) => this.state.set(state));
  }

  public reload(): void {
    const id = this.route.snapshot.paramMap.get('id');
    if (!id) {
      return;
    }
    this.state.set(LOADING);
    this.callsApi
      .get(id)
      .pipe(
        switchMap((call) => this.withRecording(call, false)),
        toLoadable(),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((state) => this.state.set(state));
  }

  /** ADMIN: queues a FAILED recording's download again; resolves with the API's message on refusal. */
  public async retry(recordingId: string): Promise<string | null> {
    this.retrying.set(true);
    try {
      await firstValueFrom(this.recordingsApi.retry(recordingId));
      this.reload();
      return null;
    } catch (error: unknown) {
      return apiErrorMessage(error);
    } finally {
      this.retrying.set(false);
    }
  }

  /**
   * Adds the stored recording's metadata and peaks, each as it arrives: the call (and the
   * player, which only needs the recording) is shown at once, so the audio need not wait for
   * them. On a live refresh, metadata already on screen for the same recording is kept rather
   * than fetched again: each fetch is audited.
   */
  private withRecording(call: CallRecordDto, keepMetadata: boolean): Observable<OpenCall> {
    const recording = primaryRecording(call);
    const current = loadedValue(this.state());
    const keptMetadata = keepMetadata && current?.metadata?.id === recording?.id && current?.metadata?.status === recording?.status;
    const bare: OpenCall = { call, recording, metadata: null, peaks: null, peaksPending: false };
    if (recording?.status === 'DELETED') {
      // The tombstone's facts (who deleted it, when its key was destroyed); nothing left to play.
      return keptMetadata && current
        ? of<OpenCall>({ ...current, call, recording, peaks: null, peaksPending: false })
        : this.recordingsApi.metadata(recording.id).pipe(map((metadata): OpenCall => ({ ...bare, metadata })));
    }
    if (!recording || recording.status !== 'STORED') {
      return of(bare);
    }
    // MP3 recordings have no peaks (404): the player falls back to its timeline.
    const peaks = this.recordingsApi.peaks(recording.id).pipe(
      catchError(() => of(null)),
      map((value) => ({ peaks: value, peaksPending: false })),
    );
    if (keptMetadata && current) {
      const kept: OpenCall = { ...current, call, recording };
      // A refresh that cut short the peaks' first request asks for them again.
      return kept.peaksPending
        ? peaks.pipe(
            map((part): OpenCall => ({ ...kept, ...part })),
            startWith(kept),
          )
        : of(kept);
    }
    const metadata = this.recordingsApi.metadata(recording.id).pipe(map((value) => ({ metadata: value })));
    return merge(metadata, peaks).pipe(
      scan((open: OpenCall, part: Partial<OpenCall>): OpenCall => ({ ...open, ...part }), { ...bare, peaksPending: true }),
      startWith<OpenCall>({ ...bare, peaksPending: true }),
    );
  }
}
