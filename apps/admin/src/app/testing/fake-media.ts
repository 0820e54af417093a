import { MediaTokenResponse } from '@callrec/contracts';

/**
 * An `<audio>` element's contract without the browser: jsdom cannot play media. Tests drive
 * it with `emit('loadedmetadata')` and friends, as the real element's network would.
 */
export class FakeMedia extends EventTarget {
  public currentTime = 0;
  public duration = Number.NaN;
  public paused = true;
  public playbackRate = 1;
  public volume = 1;
  public muted = false;
  public preload = 'auto';
  public readonly sources: string[] = [];
  private source: string | null = null;

  public get src(): string {
    return this.source ?? '';
  }

  public set src(value: string) {
    this.source = value;
    this.sources.push(value);
    this.currentTime = 0;
    this.duration = Number.NaN;
  }

  public getAttribute(name: string): string | null {
    return name === 'src' ? this.source : null;
  }

  public removeAttribute(name: string): void {
    if (name === 'src') {
      this.source = null;
    }
  }

  public load(): void {
    // The real element restarts its resource selection; nothing to simulate.
  }

  public play(): Promise<void> {
    this.paused = false;
    this.emit('play');
    return Promise.resolve();
  }

  public pause(): void {
    if (!this.paused) {
      this.paused = true;
      this.emit('pause');
    }
  }

  /** The browser has read the header of the current source. */
  public loaded(duration: number): void {
    this.duration = duration;
    this.emit('loadedmetadata');
    this.emit('canplay');
  }

  public emit(name: string): void {
    this.dispatchEvent(new Event(name));
  }

  public asElement(): HTMLMediaElement {
    return this as unknown as HTMLMediaElement;
  }
}

/** A media token that expires `lifeMs` after `issuedAt`, numbered so tests can tell them apart. */
export function mediaToken(n: number, issuedAt: number, lifeMs = 300_000): MediaTokenResponse {
  return {
    token: `token-${n}`,
    expiresAt: new Date(issuedAt + lifeMs).toISOString(),
    streamUrl: `/api/recordings/rec-1/stream?token=token-${n}`,
    downloadUrl: `/api/recordings/rec-1/download?token=token-${n}`,
    delivery: 'proxy',
  };
}
