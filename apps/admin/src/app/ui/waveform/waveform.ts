import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  InjectionToken,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { RecordingPeaks } from '@callrec/contracts';
import type WaveSurfer from 'wavesurfer.js';
import type { WaveSurferOptions } from 'wavesurfer.js';

/** Loads wavesurfer.js on demand: it is only needed once a recording is opened. */
export const WAVESURFER_LOADER = new InjectionToken<() => Promise<typeof WaveSurfer>>('WAVESURFER_LOADER', {
  providedIn: 'root',
  factory: () => () => import('wavesurfer.js').then((module) => module.default),
});

/** Lane colours per channel (0 = agent, 1 = customer), from the theme's CSS variables. */
const LANE_VARIABLES = [
  ['--app-agent-soft', '--app-agent'],
  ['--app-customer-soft', '--app-customer'],
] as const;

/**
 * The recording's waveform, one lane per channel, drawn from the peaks the API computed at
 * ingest (no audio is downloaded to draw it). It follows the given media element: the
 * progress and cursor move as it plays, and a click or drag seeks it, which the browser
 * turns into a range request. Keyboard users seek with the player's timeline slider, so the
 * drawing itself is hidden from assistive technology.
 */
@Component({
  selector: 'app-waveform',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div #container class="container" data-testid="waveform" aria-hidden="true"></div>
    @if (!drawn()) {
      <div class="placeholder" aria-hidden="true">
        @for (lane of lanes(); track $index) {
          <span class="app-skeleton lane"></span>
        }
      </div>
    }
  `,
  styles: `
    :host {
      position: relative;
      display: block;
      cursor: pointer;
    }
    .placeholder {
      position: absolute;
      inset: 0;
      display: flex;
      flex-direction: column;
      gap: 8px;
      padding: 8px 0;
    }
    .lane {
      flex: 1;
      width: 100%;
    }
  `,
  host: { '[style.min-height.px]': 'laneHeight() * lanes().length' },
})
export class Waveform {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly load = inject(WAVESURFER_LOADER);
  private readonly container = viewChild.required<ElementRef<HTMLDivElement>>('container');
  private instance: WaveSurfer | null = null;
  private destroyed = false;

  public readonly media = input.required<HTMLMediaElement>();
  public readonly peaks = input.required<RecordingPeaks>();
  public readonly laneHeight = input(64);
  /** Channels the listener silenced are drawn greyed out. */
  public readonly silenced = input<readonly boolean[]>([]);
  public readonly failed = output<string>();

  protected readonly drawn = signal(false);
  protected readonly lanes = computed(() => this.peaks().channels);

  public constructor() {
    afterNextRender(() => void this.create());
    effect(() => {
      const options = this.laneOptions(this.silenced());
      this.instance?.setOptions({ splitChannels: options });
    });
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.instance?.destroy();
    });
  }

  private async create(): Promise<void> {
    try {
      const WaveSurferClass = await this.load();
      if (this.destroyed) {
        return;
      }
      const peaks = this.peaks();
      const instance = WaveSurferClass.create({
        container: this.container().nativeElement,
        media: this.media(),
        peaks: peaks.channels,
        duration: peaks.durationSeconds,
        height: this.laneHeight(),
        splitChannels: this.laneOptions(this.silenced()),
        // One scale for both lanes, so a quiet customer looks quiet beside a loud agent.
        normalize: true,
        maxPeak: loudest(peaks.channels),
        barWidth: 2,
        barGap: 1,
        barRadius: 1,
        cursorWidth: 2,
        cursorColor: this.cssVariable('--mat-sys-on-surface', '#1b1b1f'),
        dragToSeek: true,
        hideScrollbar: true,
        interact: true,
      });
      instance.on('redrawcomplete', () => this.drawn.set(true));
      instance.on('error', (error) => this.failed.emit(error.message));
      this.instance = instance;
    } catch (error: unknown) {
      this.failed.emit(error instanceof Error ? error.message : 'The waveform could not be drawn');
    }
  }

  private laneOptions(silenced: readonly boolean[]): NonNullable<WaveSurferOptions['splitChannels']> {
    const muted = this.cssVariable('--mat-sys-outline-variant', '#c4c6d0');
    return this.peaks().channels.map((_, index) => {
      const [wave, progress] = LANE_VARIABLES[index % LANE_VARIABLES.length];
      return silenced[index]
        ? { waveColor: muted, progressColor: muted, height: this.laneHeight() }
        : {
            waveColor: this.cssVariable(wave, '#a9c1ea'),
            progressColor: this.cssVariable(progress, '#2f5fb3'),
            height: this.laneHeight(),
          };
    });
  }

  /** Canvas colours cannot be CSS variables; read the theme's value at draw time. */
  private cssVariable(name: string, fallback: string): string {
    const value = getComputedStyle(this.host.nativeElement).getPropertyValue(name).trim();
    return value || fallback;
  }
}

/** The highest peak of all channels; a loop, since a long call has too many for `Math.max(...)`. */
function loudest(channels: readonly number[][]): number {
  let max = 0.01;
  for (const channel of channels) {
    for (const value of channel) {
      if (value > max) {
        max = value;
      }
    }
  }
  return max;
}
