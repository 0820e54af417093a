import { MediaTokenResponse } from '@callrec/contracts';

/** Renew a media token this long before it expires, so a seek never meets a dead token. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;
/** A token with less life than this is not used for a new request. */
const TOKEN_MIN_LIFE_MS = 10_000;
/** After a failed background renewal, try again this much later. */
const RENEWAL_RETRY_MS = 15_000;

/**
 * The media tokens of one recording: the one in use, and a fresh one fetched a minute
 * before it expires. What to do with a renewed token is the player's decision (`renewed`).
 */
export class MediaTokenKeeper {
  private current: MediaTokenResponse | null = null;
  private next: MediaTokenResponse | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  public constructor(
    private readonly fetchToken: () => Promise<MediaTokenResponse>,
    private readonly now: () => number,
    private readonly renewed: (token: MediaTokenResponse) => void,
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
    return spare;
  }

  /** Keeps a renewed token for later, while the player cannot swap sources. */
  public keepSpare(token: MediaTokenResponse): void {
    this.next = token;
    this.schedule(token);
  }

  /** The token the player now streams with; its renewal is planned from here. */
  public use(token: MediaTokenResponse): void {
    this.current = token;
    this.next = null;
    this.schedule(token);
  }

  public stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(token: MediaTokenResponse, wait?: number): void {
    clearTimeout(this.timer);
    const delay = wait ?? Math.max(1000, Date.parse(token.expiresAt) - TOKEN_REFRESH_MARGIN_MS - this.now());
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
