import { HttpErrorResponse } from '@angular/common/http';
import { MediaTokenResponse } from '@callrec/contracts';
import { FakeMedia, mediaToken } from '../../testing/fake-media';
import { TOKEN_MIN_LIFE_MS, TOKEN_REFRESH_MARGIN_MS } from './media-token-keeper';
import { PlaybackController } from './playback-controller';

describe('PlaybackController', () => {
  const start = Date.UTC(2026, 10, 25, 12, 0, 0);
  let clock: number;
  let issued: number;
  let fetchToken: jest.Mock<Promise<MediaTokenResponse>>;
  let media: FakeMedia;
  let player: PlaybackController;

  beforeEach(async () => {
    jest.useFakeTimers({ now: start });
    clock = start;
    issued = 0;
    fetchToken = jest.fn(() => Promise.resolve(mediaToken(++issued, clock)));
    media = new FakeMedia();
    player = new PlaybackController({ fetchToken, knownDuration: 120, now: () => clock });
    await player.attach(media.asElement());
    media.loaded(120);
  });

  afterEach(() => {
    player.destroy();
    jest.useRealTimers();
  });

  /** Moves both the timers and the controller's clock. */
  async function advance(ms: number): Promise<void> {
    clock += ms;
    await jest.advanceTimersByTimeAsync(ms);
  }

  it('streams through a media token and is ready once the header is read', () => {
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(media.src).toBe('/api/recordings/rec-1/stream?token=token-1');
    expect(media.preload).toBe('metadata');
    expect(player.status()).toBe('ready');
    expect(player.duration()).toBe(120);
  });

  it('plays and pauses', async () => {
    await player.togglePlay();
    expect(media.paused).toBe(false);
    expect(player.playing()).toBe(true);

    await player.togglePlay();
    expect(media.paused).toBe(true);
    expect(player.playRequested()).toBe(false);
  });

  it('skips ten seconds either way without leaving the recording', () => {
    player.seek(5);
    player.skip(-10);
    expect(media.currentTime).toBe(0);
    player.skip(10);
    expect(media.currentTime).toBe(10);
    player.seek(115);
    player.skip(10);
    expect(media.currentTime).toBe(120);
    expect(player.currentTime()).toBe(120);
  });

  it('follows the element as it plays', () => {
    media.currentTime = 42.5;
    media.emit('timeupdate');
    expect(player.currentTime()).toBe(42.5);
  });

  it('steps through the offered speeds and stops at either end', () => {
    player.stepRate(1);
    expect(media.playbackRate).toBe(1.25);
    for (let i = 0; i < 10; i++) player.stepRate(1);
    expect(player.rate()).toBe(2);
    for (let i = 0; i < 10; i++) player.stepRate(-1);
    expect(player.rate()).toBe(0.5);
    player.setRate(1.4);
    expect(player.rate()).toBe(1.5);
  });

  it('keeps the volume between 0 and 1 and unmutes when it is turned up', () => {
    player.toggleMute();
    expect(media.muted).toBe(true);
    player.setVolume(1.7);
    expect(media.volume).toBe(1);
    expect(media.muted).toBe(false);
    player.setVolume(-1);
    expect(player.volume()).toBe(0);
  });

  describe('media tokens', () => {
    const renewAt = 300_000 - TOKEN_REFRESH_MARGIN_MS;

    it('renews the token a minute before expiry and, while paused, swaps it in at the same place', async () => {
      player.seek(30);
      await advance(renewAt - 1);
      expect(fetchToken).toHaveBeenCalledTimes(1);

      await advance(1);
      expect(fetchToken).toHaveBeenCalledTimes(2);
      expect(media.src).toContain('token=token-2');
      media.loaded(120);
      expect(media.currentTime).toBe(30);
      expect(media.paused).toBe(true);
    });

    it('keeps a renewed token until the next pause while playing, so playback never stutters', async () => {
      await player.play();
      await advance(renewAt);
      expect(fetchToken).toHaveBeenCalledTimes(2);
      expect(media.src).toContain('token=token-1');

      media.currentTime = 250;
      media.emit('timeupdate');
      player.pause();
      expect(media.src).toContain('token=token-2');
      media.loaded(120);
      expect(media.currentTime).toBe(250);
    });

    it('swaps to the renewed link while still playing, just before the old one runs out, and plays on', async () => {
      await player.play();
      await advance(renewAt);
      expect(media.src).toContain('token=token-1');

      media.currentTime = 280;
      media.emit('timeupdate');
      await advance(300_000 - TOKEN_MIN_LIFE_MS - renewAt - 1);
      expect(media.src).toContain('token=token-1');
      await advance(1);
      expect(media.src).toContain('token=token-2');
      media.loaded(120);
      expect(media.currentTime).toBe(280);
      expect(media.paused).toBe(false);
      expect(player.playRequested()).toBe(true);
    });

    it('recovers from a refused request (a media error) with a fresh source, resuming where it was', async () => {
      await player.play();
      media.currentTime = 64;
      media.emit('timeupdate');
      media.paused = true;
      media.emit('error');
      await jest.advanceTimersByTimeAsync(0);

      expect(fetchToken).toHaveBeenCalledTimes(2);
      expect(media.src).toContain('token=token-2');
      media.loaded(120);
      expect(media.currentTime).toBe(64);
      expect(media.paused).toBe(false);
    });

    it('fetches a fresh token before playing again after a long pause', async () => {
      await advance(renewAt);
      // Renewed while paused; now let that token expire too, with no timer firing (asleep laptop).
      jest.clearAllTimers();
      clock += 600_000;
      await player.play();

      expect(fetchToken).toHaveBeenCalledTimes(3);
      expect(media.src).toContain('token=token-3');
      media.loaded(120);
      expect(media.paused).toBe(false);
    });

    it('seeks through a fresh source when the token has run out', async () => {
      jest.clearAllTimers();
      clock += 600_000;
      player.seek(90);
      await jest.advanceTimersByTimeAsync(0);

      expect(media.src).toContain('token=token-2');
      media.loaded(120);
      expect(media.currentTime).toBe(90);
    });

    it('gives up after repeated failures with a message, and starts over on retry', async () => {
      for (let i = 0; i < 3; i++) {
        media.emit('error');
        await jest.advanceTimersByTimeAsync(0);
      }
      expect(player.status()).toBe('error');
      expect(player.error()).toContain('stopped loading');

      await player.retry();
      media.loaded(120);
      expect(player.status()).toBe('ready');
    });
  });

  describe('opened by a play click', () => {
    it('plays as soon as the source is set, without waiting for a second click or the header', async () => {
      const clicked = new FakeMedia();
      const opened = new PlaybackController({ fetchToken });
      await opened.attach(clicked.asElement(), { autoplay: true });
      expect(clicked.src).toContain('token=');
      expect(clicked.paused).toBe(false);
      expect(opened.playRequested()).toBe(true);
      opened.destroy();
    });

    it('takes over the element the click already started, without setting its source again', async () => {
      const clicked = new FakeMedia();
      const token = mediaToken(7, clock);
      clicked.src = token.streamUrl;
      await clicked.play();
      const opened = new PlaybackController({ fetchToken: () => Promise.resolve(token) });
      await opened.attach(clicked.asElement(), { autoplay: true, adopted: true });
      expect(clicked.sources).toEqual([token.streamUrl]);
      expect(opened.playing()).toBe(true);
      expect(opened.playRequested()).toBe(true);
      opened.destroy();
    });

    it('does not play when the listener paused while the token was on its way', async () => {
      const clicked = new FakeMedia();
      const opened = new PlaybackController({ fetchToken });
      const attached = opened.attach(clicked.asElement(), { autoplay: true });
      opened.pause();
      await attached;
      clicked.loaded(120);
      expect(clicked.paused).toBe(true);
      opened.destroy();
    });

    it('says so when the browser refuses to start the sound, and a press on play clears it', async () => {
      const clicked = new FakeMedia();
      const refusal = jest.spyOn(clicked, 'play').mockRejectedValueOnce(new DOMException('No gesture', 'NotAllowedError'));
      const opened = new PlaybackController({ fetchToken });
      await opened.attach(clicked.asElement(), { autoplay: true });
      await jest.advanceTimersByTimeAsync(0);
      expect(opened.autoplayBlocked()).toBe(true);
      expect(opened.playRequested()).toBe(false);

      refusal.mockRestore();
      await opened.play();
      expect(opened.autoplayBlocked()).toBe(false);
      expect(clicked.paused).toBe(false);
      opened.destroy();
    });
  });

  it("shows the API's reason when no token can be had", async () => {
    const refused = new PlaybackController({
      fetchToken: () =>
        Promise.reject(
          new HttpErrorResponse({
            status: 409,
            error: { statusCode: 409, error: 'Conflict', message: 'Recording RE1 is PENDING, not stored yet' },
          }),
        ),
    });
    await refused.attach(new FakeMedia().asElement());
    expect(refused.status()).toBe('error');
    expect(refused.error()).toBe('Recording RE1 is PENDING, not stored yet');
    refused.destroy();
  });
});
