import { DOCUMENT, inject, Injectable } from '@angular/core';
import { CanActivateFn } from '@angular/router';
import { CallRecordDto, MediaTokenResponse } from '@callrec/contracts';
import { firstValueFrom } from 'rxjs';
import { RecordingsApiService } from '../../data-access/recordings-api.service';
import { primaryRecording } from './call-record-view';

/** A click older than this is not the one that opened the player (a later deep link or reload). */
const INTENT_LIFE_MS = 10_000;
/** The drawer waits at most this long for the sound to start before it opens anyway. */
export const SOUND_FIRST_MAX_MS = 400;

interface PendingPlay {
  readonly callId: string;
  readonly recordingId: string;
  readonly at: number;
  /** Each part is handed over once: a later refresh or reopening fetches afresh. */
  call: CallRecordDto | null;
  autoplay: boolean;
  token: Promise<MediaTokenResponse> | null;
  /** Made and told to play inside the click; the player adopts it, already streaming. */
  audio: HTMLAudioElement | null;
  /** Resolves once the audio plays, fails, or has had SOUND_FIRST_MAX_MS: the drawer may render. */
  readonly settled: Promise<true>;
}

/**
 * What a click on a grid row's play control hands to the player it opens: the wish to hear
 * the call at once, the call record the grid already holds (no second fetch), and the media
 * token, asked for inside the click so the first byte is one round trip away when the
 * player appears.
 */
@Injectable({ providedIn: 'root' })
export class PlayIntent {
  private readonly document = inject(DOCUMENT);
  private readonly recordings = inject(RecordingsApiService);
  private pending: PendingPlay | null = null;

  /** Called in the click (or Enter) on a row's play control, before the route changes. */
  public request(call: CallRecordDto, now = Date.now()): void {
    const recording = primaryRecording(call);
    this.forget();
    if (!recording || recording.status !== 'STORED') {
      return;
    }
    const token = firstValueFrom(this.recordings.mediaToken(recording.id));
    // Nobody may claim it (the route is left at once): no unhandled rejection. A player that
    // does claim it awaits the same promise and shows the API's refusal itself.
    token.catch(() => undefined);
    const audio = this.document.createElement('audio');
    audio.preload = 'auto';
    // play() inside the click itself: a browser that only honours a gesture's own handler
    // (Safari) lets this element play from now on. It has no source yet, so this one settles
    // as aborted once the source is set; that refusal means nothing.
    audio.play().catch(() => undefined);
    const settled = new Promise<true>((resolve) => {
      const done = () => resolve(true);
      audio.addEventListener('playing', done, { once: true });
      audio.addEventListener('error', done, { once: true });
      setTimeout(done, SOUND_FIRST_MAX_MS);
      token.catch(done);
    });
    const pending: PendingPlay = { callId: call.id, recordingId: recording.id, at: now, call, autoplay: true, token, audio, settled };
    this.pending = pending;
    // The source the moment the token is here, before any of the drawer is drawn.
    void token.then(
      (media) => {
        if (this.pending !== pending) {
          return; // Another click (or ten seconds) came first: this one is not to be heard.
        }
        audio.src = media.streamUrl;
        audio.play().catch(() => undefined);
      },
      () => undefined,
    );
  }

  /**
   * For the route that opens the player: resolves once the clicked call sounds (or a short
   * wait is over), so drawing the drawer does not hold up the browser's main thread while
   * the audio starts. At once for anything else.
   */
  public soundFirst(callId: string, now = Date.now()): Promise<true> | true {
    const pending = this.live(now);
    return pending?.callId === callId && pending.audio ? pending.settled : true;
  }

  /** The element the click started, once, for the player of the clicked recording. */
  public takeAudio(recordingId: string, now = Date.now()): HTMLAudioElement | null {
    const pending = this.live(now);
    if (pending?.recordingId !== recordingId || !pending.audio) {
      return null;
    }
    const audio = pending.audio;
    pending.audio = null;
    return audio;
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
      this.forget();
    }
    return this.pending;
  }

  /** An element no player adopted (the route was left, or another row clicked) must not play unseen. */
  private forget(): void {
    const audio = this.pending?.audio;
    if (audio) {
      audio.pause();
      audio.removeAttribute('src');
      audio.load();
    }
    this.pending = null;
  }
}

/** `/call-records/:id`: waits for the clicked call's sound (briefly) before the drawer renders. */
export const soundFirstGuard: CanActivateFn = (route) => inject(PlayIntent).soundFirst(route.paramMap.get('id') ?? '');
