import { MediaTokenResponse } from '@callrec/contracts';

/** Renew a media token this long before it expires, so a seek never meets a dead token. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;
/** A token with less life than this is not used for a new request. */
export const TOKEN_MIN_LIFE_MS = 10_000;

/**
 * Milliseconds from `now` until a token that expires at `expiresAt` is renewed: a minute
 * before expiry, or half-way through a shorter life (a presigned URL may live a minute).
 */
export function renewalDelay(expiresAt: string, now: number): number {
  const life = Date.parse(expiresAt) - now;
  return Math.max(1000, life - Math.min(TOKEN_REFRESH_MARGIN_MS, life / 2));
}

/**
 * Milliseconds from `now` until a playing source must move to its renewed link: the last
 * moment the old one is still good for a range request (the browser asks for more bytes as it
 * plays, and a stream capped per response needs many). Until then, a pause swaps it quietly.
 */
export function swapDeadline(expiresAt: string, now: number): number {
  const life = Date.parse(expiresAt) - now;
  return Math.max(0, life - Math.min(TOKEN_MIN_LIFE_MS, life / 4));
}
/** After a failed background renewal, try again this much later. */
const RENEWAL_RETRY_MS = 15_000;

/**
 * The media tokens of one recording: the one in use, and a fresh one fetched a minute
 * before it expires. What to do with a renewed token is the player's decision (`renewed`);
 * a renewed token kept for later is handed over again (`due`) when the one in use is about to
 * expire, so the player swaps before a request could be refused.
 */
export class MediaTokenKeeper {
  private current: MediaTokenResponse | null = null;
  private next: MediaTokenResponse | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private deadline: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  public constructor(
    private readonly fetchToken: () => Promise<MediaTokenResponse>,
    private readonly now: () => number,
    private readonly renewed: (token: MediaTokenResponse) => void,
    private readonly due: (spare: MediaTokenResponse) => void = () => undefined,
  ) {}

  /** The token in use still has life enough for another request. */
  public get valid(): boolean {
    return this.usable(this.current);
  }

  /** A new token from the API; rejects with the API's error. */
  public fetch(): Promise<MediaTokenResponse> {
    return this.fetchToken();
  }

  /** A renewed token waiting to be used, if it is still good. */
  public takeSpare(): MediaTokenResponse | null {
    const spare = this.usable(this.next) ? this.next : null;
    this.next = null;
    clearTimeout(this.deadline);
    return spare;
  }

  /** Keeps a renewed token for later, while the player would rather not swap sources. */
  public keepSpare(token: MediaTokenResponse): void {
    this.next = token;
    this.schedule(token);
    clearTimeout(this.deadline);
    if (this.current) {
      this.deadline = setTimeout(
        () => {
          const spare = this.takeSpare();
          if (spare && !this.stopped) {
            this.due(spare);
          }
        },
        swapDeadline(this.current.expiresAt, this.now()),
      );
    }
  }

  /** The token the player now streams with; its renewal is planned from here. */
  public use(token: MediaTokenResponse): void {
    this.current = token;
    this.next = null;
    clearTimeout(this.deadline);
    this.schedule(token);
  }

  public stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.deadline);
  }

  private schedule(token: MediaTokenResponse, wait?: number): void {
    clearTimeout(this.timer);
    const delay = wait ?? renewalDelay(token.expiresAt, this.now());
    this.timer = setTimeout(() => void this.renew(token), delay);
  }

  private async renew(current: MediaTokenResponse): Promise<void> {
    let token: MediaTokenResponse;
    try {
      token = await this.fetchToken();
    } catch {
      // The token in use still has a minute; should it run out, the player recovers by itself.
      this.schedule(current, RENEWAL_RETRY_MS);
      return;
    }
    if (!this.stopped) {
      this.renewed(token);
    }
  }

  private usable(token: MediaTokenResponse | null): token is MediaTokenResponse {
    return token !== null && Date.parse(token.expiresAt) - this.now() > TOKEN_MIN_LIFE_MS;
  }
}
