/**
 * Changes a media element's source without losing the listener's place: once the new source's
 * metadata is read, the playhead goes back where it was (or where a seek during the change
 * moved it), the speed is restored, and `settled` runs (to play on if the listener wants sound).
 */
export class SourceSwitch {
  private pending: { at: number; readonly restore: () => void } | null = null;

  public constructor(
    private readonly media: HTMLMediaElement,
    private readonly settled: () => void,
  ) {}

  /** A change is in progress: the element's own position and pauses are not the listener's. */
  public get active(): boolean {
    return this.pending !== null;
  }

  /** Where the playhead goes once the change settles; null when none is in progress. */
  public get target(): number | null {
    return this.pending?.at ?? null;
  }

  /** A seek during the change: the playhead goes there instead once the new source is readable. */
  public moveTo(at: number): void {
    if (this.pending) {
      this.pending.at = at;
    }
  }

  public start(url: string, at: number, rate: number): void {
    this.cancel();
    const restore = () => {
      const target = this.pending?.at ?? at;
      this.cancel();
      // Setting the same position would still seek, a needless range request before the sound.
      if (this.media.currentTime !== target) {
        this.media.currentTime = target;
      }
      this.media.playbackRate = rate;
      this.settled();
    };
    this.pending = { at, restore };
    this.media.addEventListener('loadedmetadata', restore);
    this.media.src = url;
  }

  public cancel(): void {
    if (this.pending) {
      this.media.removeEventListener('loadedmetadata', this.pending.restore);
      this.pending = null;
    }
  }
}
