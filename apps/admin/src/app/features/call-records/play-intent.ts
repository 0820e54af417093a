import { inject, Injectable } from '@angular/core';
import { CallRecordDto, MediaTokenResponse } from '@callrec/contracts';
import { firstValueFrom } from 'rxjs';
import { RecordingsApiService } from '../../data-access/recordings-api.service';
import { primaryRecording } from './call-record-view';

/** A click older than this is not the one that opened the player (a later deep link or reload). */
const INTENT_LIFE_MS = 10_000;

interface PendingPlay {
  readonly callId: string;
  readonly recordingId: string;
  readonly at: number;
  /** Each part is handed over once: a later refresh or reopening fetches afresh. */
  call: CallRecordDto | null;
  autoplay: boolean;
  token: Promise<MediaTokenResponse> | null;
}

/**
 * What a click on a grid row's play control hands to the player it opens: the wish to hear
 * the call at once, the call record the grid already holds (no second fetch), and the media
 * token, asked for inside the click so the first byte is one round trip away when the
 * player appears.
 */
@Injectable({ providedIn: 'root' })
export class PlayIntent {
  private readonly recordings = inject(RecordingsApiService);
  private pending: PendingPlay | null = null;

  /** Called in the click (or Enter) on a row's play control, before the route changes. */
  public request(call: CallRecordDto, now = Date.now()): void {
    const recording = primaryRecording(call);
    if (!recording || recording.status !== 'STORED') {
      this.pending = null;
      return;
    }
    const token = firstValueFrom(this.recordings.mediaToken(recording.id));
    // Nobody may claim it (the route is left at once): no unhandled rejection. A player that
    // does claim it awaits the same promise and shows the API's refusal itself.
    token.catch(() => undefined);
    this.pending = { callId: call.id, recordingId: recording.id, at: now, call, autoplay: true, token };
  }

  /** The call record a fresh click handed over for `callId`, so the panel shows it without a fetch. */
  public takeCall(callId: string, now = Date.now()): CallRecordDto | null {
    const pending = this.live(now);
    if (pending?.callId !== callId) {
      return null;
    }
    const call = pending.call;
    pending.call = null;
    return call;
  }

  /** True once for the player of the clicked recording: it should start playing by itself. */
  public claimAutoplay(recordingId: string, now = Date.now()): boolean {
    const pending = this.live(now);
    if (pending?.recordingId !== recordingId || !pending.autoplay) {
      return false;
    }
    pending.autoplay = false;
    return true;
  }

  /** The token asked for in the click, once; later tokens are fetched by the player. */
  public takeToken(recordingId: string, now = Date.now()): Promise<MediaTokenResponse> | null {
    const pending = this.live(now);
    if (pending?.recordingId !== recordingId || !pending.token) {
      return null;
    }
    const token = pending.token;
    pending.token = null;
    return token;
  }

  private live(now: number): PendingPlay | null {
    if (this.pending && now - this.pending.at > INTENT_LIFE_MS) {
      this.pending = null;
    }
    return this.pending;
  }
}
