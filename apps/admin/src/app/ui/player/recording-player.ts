import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSlider, MatSliderThumb } from '@angular/material/slider';
import { MatTooltip } from '@angular/material/tooltip';
import { MediaTokenResponse, RecordingPeaks } from '@callrec/contracts';
import { formatClock, spokenDuration } from '../duration/duration.pipe';
import { Waveform } from '../waveform/waveform';
import { ChannelMixer, ChannelMode, channelGains } from './channel-mixer';
import { PlaybackController } from './playback-controller';
import { PLAYBACK_RATES } from './playback-rates';
import { PLAYER_SHORTCUTS, playerActionForKey, SKIP_SECONDS } from './player-keys';

/** Channel 0 is the agent, 1 the customer: how Twilio records a dual-channel outbound call. */
export const CHANNEL_NAMES = ['Agent', 'Customer'] as const;

/**
 * Plays one stored recording: waveform lanes per side of the call, transport, speed, volume,
 * per-side mute and solo, and keyboard shortcuts while focus is anywhere inside it.
 */
@Component({
  selector: 'app-recording-player',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButton,
    MatIcon,
    MatIconButton,
    MatMenu,
    MatMenuItem,
    MatMenuTrigger,
    MatProgressSpinner,
    MatSlider,
    MatSliderThumb,
    MatTooltip,
    Waveform,
  ],
  templateUrl: './recording-player.html',
  styleUrl: './recording-player.scss',
  host: {
    role: 'region',
    'aria-label': 'Recording player',
    '(keydown)': 'onKey($event)',
  },
})
export class RecordingPlayer {
  private readonly audio = viewChild.required<ElementRef<HTMLAudioElement>>('audio');
  private readonly playButton = viewChild('playButton', { read: ElementRef<HTMLButtonElement> });
  private mixer: ChannelMixer | null = null;

  public readonly recordingId = input.required<string>();
  /**
   * Asks the API for a media token for a recording. The feature that shows the player owns the
   * data access; the player only says when it needs a token (to start, and before one expires).
   */
  public readonly fetchMediaToken = input.required<(recordingId: string) => Promise<MediaTokenResponse>>();
  /**
   * Asked once, as the player starts: the `<audio>` a play click made and started (inside the
   * click, so the browser lets it sound), which the player then adopts, playing; null otherwise.
   */
  public readonly claimAudio = input<(recordingId: string) => HTMLAudioElement | null>(() => null);
  public readonly durationSeconds = input<number | null>(null);
  public readonly channels = input<number | null>(null);
  /** Null when the API has none (MP3): the timeline alone then shows where you are. */
  public readonly peaks = input<RecordingPeaks | null>(null);
  /** The peaks are on their way: a placeholder, not "no waveform", until they arrive. */
  public readonly peaksPending = input(false);
  public readonly canDownload = input(false);
  /** Focus the play button once ready, so Space plays at once. */
  public readonly autofocus = input(false);
  public readonly download = output();

  protected readonly rates = PLAYBACK_RATES;
  protected readonly shortcuts = PLAYER_SHORTCUTS;
  protected readonly skipSeconds = SKIP_SECONDS;
  protected readonly channelNames = CHANNEL_NAMES;
  protected readonly controller = new PlaybackController({
    fetchToken: () => this.fetchMediaToken()(this.recordingId()),
    knownDuration: null,
  });
  protected readonly modes = signal<ChannelMode[]>([
    { muted: false, solo: false },
    { muted: false, solo: false },
  ]);
  protected readonly silenced = computed(() => channelGains(this.modes()).map((gain) => gain === 0));
  protected readonly dualChannel = computed(() => (this.channels() ?? this.peaks()?.channels.length ?? 1) >= 2);
  protected readonly mixerAvailable = signal(true);
  /** Mute and solo work: the browser can route audio, and the media is same-origin (MEDIA_DELIVERY=proxy). */
  protected readonly mixerUsable = computed(() => this.mixerAvailable() && !this.controller.crossOriginMedia());
  protected readonly waveformFailed = signal(false);
  /** The element that plays: the template's own, or the one a play click started. */
  protected readonly media = signal<HTMLAudioElement | null>(null);
  protected readonly announcement = signal('');
  /** While the timeline is dragged, its thumb follows the pointer, not the playing audio. */
  protected readonly scrubFrom = signal<number | null>(null);
  protected readonly sliderValue = computed(() => this.scrubFrom() ?? this.controller.currentTime());
  protected readonly elapsed = computed(() => formatClock(this.controller.currentTime()));
  protected readonly total = computed(() => formatClock(this.controller.duration()));
  protected readonly positionText = computed(
    () => `${spokenDuration(this.controller.currentTime())} of ${spokenDuration(this.controller.duration())}`,
  );

  public constructor() {
    afterNextRender(() => {
      const known = this.durationSeconds();
      if (known) {
        this.controller.duration.set(known);
      }
      const own = this.audio().nativeElement;
      const adopted = this.claimAudio()(this.recordingId());
      if (adopted) {
        // The click's element stands beside the template's (which Angular owns and removes), and
        // takes its test id, so it is the one tests and tools find.
        adopted.className = own.className;
        adopted.dataset['testid'] = own.dataset['testid'];
        own.removeAttribute('data-testid');
        own.after(adopted);
      }
      this.media.set(adopted ?? own);
      if (this.autofocus()) {
        // Focus first, so Space pauses what the click started (or plays, if the browser refused).
        this.playButton()?.nativeElement.focus();
      }
      void this.controller.attach(adopted ?? own, { autoplay: adopted !== null, adopted: adopted !== null });
    });
    inject(DestroyRef).onDestroy(() => {
      this.controller.destroy();
      this.mixer?.destroy();
    });
  }

  protected async togglePlay(): Promise<void> {
    // A play click is a user gesture: the moment a suspended AudioContext may start.
    this.mixer?.resume();
    const wasPlaying = this.controller.playRequested();
    await this.controller.togglePlay();
    this.announce(wasPlaying ? `Paused at ${this.elapsed()}` : 'Playing');
  }

  protected skip(seconds: number): void {
    this.controller.skip(seconds);
  }

  protected seekTo(seconds: number): void {
    this.controller.seek(seconds);
  }

  protected setRate(rate: number): void {
    this.controller.setRate(rate);
    this.announce(`Speed ${this.controller.rate()}×`);
  }

  protected setVolume(volume: number): void {
    this.controller.setVolume(volume);
  }

  protected toggleMute(): void {
    this.controller.toggleMute();
    this.announce(this.controller.muted() ? 'Sound off' : 'Sound on');
  }

  protected toggleChannel(index: number, change: 'muted' | 'solo'): void {
    if (this.controller.crossOriginMedia()) {
      // A 302 to the object store makes the audio cross-origin: the mixer's Web Audio graph
      // would turn the whole call silent rather than one side.
      this.announce('One side of the call cannot be silenced while audio comes straight from the object store');
      return;
    }
    const modes = this.modes().map((mode, i) => (i === index ? { ...mode, [change]: !mode[change] } : mode));
    this.mixer ??= new ChannelMixer(this.media() ?? this.audio().nativeElement, 2);
    if (!this.mixer.apply(channelGains(modes))) {
      this.mixerAvailable.set(false);
      this.announce('This browser cannot silence one side of the call');
      return;
    }
    this.modes.set(modes);
    this.announce(describeMix(modes));
  }

  protected onKey(event: KeyboardEvent): void {
    const action = playerActionForKey(event, event.target);
    if (!action || this.controller.status() === 'error') {
      return;
    }
    event.preventDefault();
    switch (action.kind) {
      case 'toggle':
        void this.togglePlay();
        break;
      case 'skip':
        this.skip(action.seconds);
        this.announce(`${action.seconds < 0 ? 'Back' : 'Forward'} to ${formatClock(this.controller.currentTime())}`);
        break;
      case 'volume':
        this.setVolume(this.controller.volume() + action.delta);
        this.announce(`Volume ${Math.round(this.controller.volume() * 100)}%`);
        break;
      case 'rate':
        this.controller.stepRate(action.step);
        this.announce(`Speed ${this.controller.rate()}×`);
        break;
      case 'mute':
        this.toggleMute();
        break;
      case 'seek':
        this.seekTo(action.to === 'start' ? 0 : this.controller.duration());
        break;
    }
  }

  protected retry(): void {
    void this.controller.retry();
  }

  private announce(message: string): void {
    // The same words twice in a row would not be read again; a changed string always is.
    this.announcement.set(this.announcement() === message ? `${message}\u00a0` : message);
  }
}

function describeMix(modes: readonly ChannelMode[]): string {
  const soloed = modes.map((mode, i) => (mode.solo ? CHANNEL_NAMES[i] : null)).filter(Boolean);
  if (soloed.length === 1) {
    return `${soloed[0]} only`;
  }
  const muted = modes.map((mode, i) => (mode.muted && !mode.solo ? CHANNEL_NAMES[i] : null)).filter(Boolean);
  return muted.length ? `${muted.join(' and ')} muted` : 'Both sides audible';
}
