/** How the listener set one side of the call. */
export interface ChannelMode {
  readonly muted: boolean;
  readonly solo: boolean;
}

/**
 * The gain of each channel: a soloed channel plays and every other is silent; without a solo,
 * muted channels are silent. Solo wins over mute, as on a mixing desk.
 */
export function channelGains(modes: readonly ChannelMode[]): number[] {
  const anySolo = modes.some((mode) => mode.solo);
  return modes.map((mode) => (anySolo ? (mode.solo ? 1 : 0) : mode.muted ? 0 : 1));
}

/** A short ramp instead of a jump, so muting a side mid-word does not click. */
const RAMP_SECONDS = 0.015;

/**
 * Per-channel gain for a dual-channel recording (0 = agent, 1 = customer):
 * MediaElementSource → ChannelSplitter → one GainNode per side → ChannelMerger.
 *
 * Both sides go to both ears: a phone call heard with the agent in the left ear only is
 * tiring over a day of listening. The graph is built on first use, which must be inside a
 * user gesture, or the AudioContext starts suspended and the call falls silent. The media
 * must be same-origin (the API's relative stream URL is, unless MEDIA_DELIVERY=redirect sends it
 * to the object store: the player then disables mute and solo), or Web Audio hears only silence.
 */
export class ChannelMixer {
  private context: AudioContext | null = null;
  private gains: GainNode[] = [];

  public constructor(
    private readonly media: HTMLMediaElement,
    private readonly channels: number,
    private readonly createContext: () => AudioContext = () => new AudioContext(),
  ) {}

  /** Applies the gains; returns false when this browser cannot route audio this way. */
  public apply(gains: readonly number[]): boolean {
    if (!this.context) {
      if (gains.every((gain) => gain === 1)) {
        // Nothing to change: leave the element's own audio path alone.
        return true;
      }
      if (!this.build()) {
        return false;
      }
    }
    const context = this.context as AudioContext;
    this.gains.forEach((node, index) => {
      node.gain.setTargetAtTime(gains[index] ?? 1, context.currentTime, RAMP_SECONDS);
    });
    this.resume();
    return true;
  }

  /** Call from a play gesture too: a context created earlier may have been suspended. */
  public resume(): void {
    if (this.context?.state === 'suspended') {
      void this.context.resume().catch(() => undefined);
    }
  }

  public destroy(): void {
    void this.context?.close().catch(() => undefined);
    this.context = null;
    this.gains = [];
  }

  private build(): boolean {
    try {
      const context = this.createContext();
      const source = context.createMediaElementSource(this.media);
      const splitter = context.createChannelSplitter(this.channels);
      const merger = context.createChannelMerger(2);
      source.connect(splitter);
      this.gains = Array.from({ length: this.channels }, (_, channel) => {
        const gain = context.createGain();
        splitter.connect(gain, channel);
        gain.connect(merger, 0, 0);
        gain.connect(merger, 0, 1);
        return gain;
      });
      merger.connect(context.destination);
      this.context = context;
      return true;
    } catch {
      return false;
    }
  }
}
