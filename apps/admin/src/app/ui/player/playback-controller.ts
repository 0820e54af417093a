import { signal } from '@angular/core';
import { MediaTokenResponse } from '@callrec/contracts';
import { apiErrorMessage } from '../../core/http/api-error';
import { MediaTokenKeeper } from './media-token-keeper';
import { nearestRate, steppedRate } from './playback-rates';
import { SourceSwitch } from './source-switch';

/** Fresh sources tried in a row before the player gives up and says so. */
const MAX_RECOVERIES = 2;

export type PlayerStatus = 'loading' | 'ready' | 'error';

export interface PlaybackControllerOptions {
  /** A new media token for the recording (`POST /api/recordings/:id/media-token`). */
  readonly fetchToken: () => Promise<MediaTokenResponse>;
  /** The length the API measured, shown before the browser has read the file's header. */
  readonly knownDuration?: number | null;
  readonly now?: () => number;
}

/**
 * Everything the player does to its `<audio>` element, kept out of the component so it can
 * be tested without a browser.
 *
 * The element streams `streamUrl?token=…`; seeking makes the browser ask for byte ranges
 * with that URL. Tokens live five minutes, so a fresh one is fetched a minute before
 * expiry: applied at once while paused, or kept until the next pause while playing (swapping
 * the source mid-sentence would stutter). If the browser meets a refused token anyway (an
 * audio element reports a 401 only as a media error), the source is replaced with a fresh
 * one at the same position, playing again if it was.
 */
export class PlaybackController {
  public readonly status = signal<PlayerStatus>('loading');
  public readonly error = signal<string | null>(null);
  /** A click meant to play, but the browser refused to start the sound without another press. */
  public readonly autoplayBlocked = signal(false);
  /** The listener asked for sound; stays true through buffering and source swaps. */
  public readonly playRequested = signal(false);
  public readonly playing = signal(false);
  public readonly buffering = signal(false);
  public readonly currentTime = signal(0);
  /** The stream may come from another origin (a 302 to the object store): Web Audio would hear silence. */
  public readonly crossOriginMedia = signal(false);
  public readonly duration = signal(0);
  public readonly rate = signal(1);
  public readonly volume = signal(1);
  public readonly muted = signal(false);

  private readonly tokens: MediaTokenKeeper;
  private media: HTMLMediaElement | null = null;
  private sources: SourceSwitch | null = null;
  private detach: (() => void) | null = null;
  private recoveries = 0;
  private destroyed = false;

  public constructor(options: PlaybackControllerOptions) {
    this.tokens = new MediaTokenKeeper(
      options.fetchToken,
      options.now ?? (() => Date.now()),
      (token) => {
        if (this.playRequested()) {
          this.tokens.keepSpare(token);
        } else {
          this.useSource(token, this.currentTime());
        }
      },
      // Still playing as the old link runs out: a short gap now beats a refused request later.
      (spare) => this.useSource(spare, this.sources?.target ?? this.currentTime()),
    );
    this.duration.set(options.knownDuration ?? 0);
  }

  /**
   * Starts streaming into the element; resolves once the first source is set. With `autoplay`
   * (a click opened the player to listen) the element is told to play as soon as its source is
   * set, not when the header is read: the browser starts the sound with the first bytes.
   */
  public async attach(media: HTMLMediaElement, options: { readonly autoplay?: boolean; readonly adopted?: boolean } = {}): Promise<void> {
    this.media = media;
    this.sources = new SourceSwitch(media, () => {
      if (this.playRequested()) {
        void this.startElement();
      }
    });
    this.detach = this.listen(media);
    if (options.autoplay) {
      this.playRequested.set(true);
    }
    if (!options.adopted) {
      media.preload = 'metadata';
    }
    const token = await this.freshToken();
    if (token && !this.destroyed) {
      if (options.adopted && media.getAttribute('src') === token.streamUrl) {
        // Already streaming this token's source (a play click started it): take it over as it is.
        this.tokens.use(token);
        this.crossOriginMedia.set(token.delivery === 'redirect');
        this.catchUp(media);
      } else {
        this.useSource(token, 0);
      }
      // Unless the listener pressed pause while the token was on its way.
      if (this.playRequested()) {
        void this.startElement();
      }
    }
  }

  public async togglePlay(): Promise<void> {
    if (this.playRequested()) {
      this.pause();
    } else {
      await this.play();
    }
  }

  public async play(): Promise<void> {
    if (!this.media || this.status() === 'error') {
      return;
    }
    this.playRequested.set(true);
    this.autoplayBlocked.set(false);
    if (!this.tokens.valid) {
      await this.swapToFresh(this.currentTime());
      return;
    }
    await this.startElement();
  }

  public pause(): void {
    this.playRequested.set(false);
    this.media?.pause();
  }

  public seek(seconds: number): void {
    if (!this.media) {
      return;
    }
    const max = this.duration() > 0 ? this.duration() : Number.POSITIVE_INFINITY;
    const target = Math.min(Math.max(0, seconds), max);
    this.currentTime.set(target);
    if (this.sources?.active) {
      this.sources.moveTo(target);
    } else if (!this.tokens.valid) {
      // The seek would fetch a range with a dead token; start a fresh source there instead.
      void this.swapToFresh(target);
    } else {
      this.media.currentTime = target;
    }
  }

  public skip(seconds: number): void {
    this.seek(this.currentTime() + seconds);
  }

  /** The nearest offered speed, so keyboard steps and the menu always agree. */
  public setRate(rate: number): void {
    const allowed = nearestRate(rate);
    this.rate.set(allowed);
    if (this.media) {
      this.media.playbackRate = allowed;
    }
  }

  /** One step up or down the list of speeds, stopping at either end. */
  public stepRate(step: 1 | -1): void {
    this.setRate(steppedRate(this.rate(), step));
  }

  public setVolume(volume: number): void {
    const clamped = Math.round(Math.min(1, Math.max(0, volume)) * 100) / 100;
    this.volume.set(clamped);
    if (!this.media) {
      return;
    }
    this.media.volume = clamped;
    // Turning the volume up is a clear wish to hear something.
    if (clamped > 0 && this.media.muted) {
      this.media.muted = false;
      this.muted.set(false);
    }
  }

  public toggleMute(): void {
    this.muted.set(!this.muted());
    if (this.media) {
      this.media.muted = this.muted();
    }
  }

  /** After a failure: start over from a fresh token where the listener was. */
  public async retry(): Promise<void> {
    this.recoveries = 0;
    this.error.set(null);
    this.status.set('loading');
    await this.swapToFresh(this.currentTime());
  }

  public destroy(): void {
    this.destroyed = true;
    this.tokens.stop();
    this.sources?.cancel();
    this.detach?.();
    if (this.media) {
      this.media.pause();
      // Stops the download of the rest of the file.
      this.media.removeAttribute('src');
      this.media.load();
    }
  }

  /** The events an adopted element fired before the player listened, read from its state. */
  private catchUp(media: HTMLMediaElement): void {
    this.playing.set(!media.paused);
    if (Number.isFinite(media.duration) && media.duration > 0) {
      this.duration.set(media.duration);
    }
    this.currentTime.set(media.currentTime);
    if (media.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA) {
      this.status.set('ready');
    }
  }

  private listen(media: HTMLMediaElement): () => void {
    const readDuration = () => {
      if (Number.isFinite(media.duration) && media.duration > 0) {
        this.duration.set(media.duration);
      }
    };
    const handlers: Record<string, () => void> = {
      loadedmetadata: readDuration,
      durationchange: readDuration,
      canplay: () => {
        this.recoveries = 0;
        this.buffering.set(false);
        if (this.status() === 'loading') {
          this.status.set('ready');
        }
      },
      timeupdate: () => {
        if (!this.sources?.active) {
          this.currentTime.set(media.currentTime);
        }
      },
      play: () => this.playing.set(true),
      playing: () => this.buffering.set(false),
      waiting: () => this.buffering.set(true),
      pause: () => {
        this.playing.set(false);
        if (this.sources?.active) {
          return;
        }
        // Paused from elsewhere too (the OS media keys): the listener no longer wants sound.
        this.playRequested.set(false);
        const spare = this.tokens.takeSpare();
        if (spare) {
          this.useSource(spare, this.currentTime());
        }
      },
      ended: () => {
        this.playRequested.set(false);
        this.playing.set(false);
      },
      ratechange: () => this.rate.set(media.playbackRate),
      volumechange: () => {
        this.volume.set(media.volume);
        this.muted.set(media.muted);
      },
      error: () => void this.recover(),
    };
    for (const [name, handler] of Object.entries(handlers)) {
      media.addEventListener(name, handler);
    }
    return () => {
      for (const [name, handler] of Object.entries(handlers)) {
        media.removeEventListener(name, handler);
      }
    };
  }

  private async recover(): Promise<void> {
    if (this.destroyed || !this.media || this.status() === 'error') {
      return;
    }
    const at = this.sources?.target ?? this.currentTime();
    this.sources?.cancel();
    if (this.recoveries >= MAX_RECOVERIES) {
      this.fail('The recording stopped loading. Check your connection, then try again.');
      return;
    }
    this.recoveries += 1;
    await this.swapToFresh(at);
  }

  private async swapToFresh(at: number): Promise<void> {
    const token = this.tokens.takeSpare() ?? (await this.freshToken());
    if (token && !this.destroyed) {
      this.useSource(token, at);
    }
  }

  /** Streams with `token` from `at`; the switch plays on once readable if the listener still wants sound. */
  private useSource(token: MediaTokenResponse, at: number): void {
    if (!this.sources) {
      return;
    }
    this.tokens.use(token);
    this.crossOriginMedia.set(token.delivery === 'redirect');
    this.sources.start(token.streamUrl, at, this.rate());
  }

  private async startElement(): Promise<void> {
    try {
      await this.media?.play();
    } catch (error: unknown) {
      // AbortError: a pause or a source swap interrupted play(); a swap resumes by itself.
      if (error instanceof DOMException && error.name === 'NotAllowedError') {
        // Said on screen: a silent refusal would look like a broken player.
        this.playRequested.set(false);
        this.autoplayBlocked.set(true);
      }
    }
  }

  private async freshToken(): Promise<MediaTokenResponse | null> {
    try {
      return await this.tokens.fetch();
    } catch (error: unknown) {
      this.fail(apiErrorMessage(error));
      return null;
    }
  }

  private fail(message: string): void {
    if (this.destroyed) {
      return;
    }
    this.error.set(message);
    this.status.set('error');
    this.playRequested.set(false);
    this.playing.set(false);
    this.media?.pause();
  }
}
