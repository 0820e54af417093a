import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { callRecord, recordingSummary } from '../../testing/call-fixtures';
import { apiError } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { stubMediaPlayback } from '../../testing/recording-panel-harness';
import { mediaToken } from '../../testing/fake-media';
import { PlayIntent, SOUND_FIRST_MAX_MS } from './play-intent';

describe('PlayIntent', () => {
  const at = Date.UTC(2026, 11, 2, 12, 0, 0);
  let intent: PlayIntent;
  let backend: HttpTestingController;

  beforeEach(() => {
    stubMediaPlayback();
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    intent = TestBed.inject(PlayIntent);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    jest.restoreAllMocks();
  });

  it('hands the clicked call, the wish to play and the early token over once each', () => {
    intent.request(callRecord(), at);
    backend.expectOne({ method: 'POST', url: '/api/recordings/rec-1/media-token' });

    expect(intent.takeCall('call-2', at)).toBeNull();
    expect(intent.takeCall('call-1', at)?.id).toBe('call-1');
    expect(intent.takeCall('call-1', at)).toBeNull();
    expect(intent.claimAutoplay('rec-1', at + 1000)).toBe(true);
    expect(intent.claimAutoplay('rec-1', at + 1000)).toBe(false);
    expect(intent.takeToken('rec-1', at + 1000)).not.toBeNull();
    expect(intent.takeToken('rec-1', at + 1000)).toBeNull();
  });

  it('forgets a click after ten seconds: a later visit to the same call is not a play click', () => {
    intent.request(callRecord(), at);
    backend.expectOne('/api/recordings/rec-1/media-token');
    expect(intent.claimAutoplay('rec-1', at + 10_001)).toBe(false);
    expect(intent.takeCall('call-1', at + 10_001)).toBeNull();
  });

  it('asks for nothing for a recording that cannot be played, and forgets an earlier click', () => {
    intent.request(callRecord(), at);
    backend.expectOne('/api/recordings/rec-1/media-token');
    intent.request(callRecord({ id: 'call-2', recordings: [recordingSummary({ id: 'rec-2', status: 'PENDING' })] }), at);
    backend.expectNone('/api/recordings/rec-2/media-token');
    expect(intent.claimAutoplay('rec-1', at)).toBe(false);
  });

  it('lets a refused early token reach whoever takes it, and no one else', async () => {
    intent.request(callRecord(), at);
    const token = intent.takeToken('rec-1', at);
    backend
      .expectOne('/api/recordings/rec-1/media-token')
      .flush(apiError(409, 'Recording RE1 is PENDING, not stored yet'), { status: 409, statusText: 'Conflict' });
    await expect(token).rejects.toMatchObject({ status: 409 });
  });

  it('starts the audio inside the click and gives it its source as soon as the token is here', async () => {
    intent.request(callRecord(), Date.now());
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(1);
    backend.expectOne('/api/recordings/rec-1/media-token').flush(mediaToken(1, Date.now()));
    await Promise.resolve();
    await Promise.resolve();
    const audio = intent.takeAudio('rec-1');
    expect(audio?.getAttribute('src')).toBe('/api/recordings/rec-1/stream?token=token-1');
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalledTimes(2);
    expect(intent.takeAudio('rec-1')).toBeNull();
  });

  it('lets the drawer open once the clicked call sounds, or after a short wait, and at once for anything else', async () => {
    jest.useFakeTimers();
    try {
      expect(intent.soundFirst('call-1')).toBe(true);
      intent.request(callRecord());
      backend.expectOne('/api/recordings/rec-1/media-token');
      expect(intent.soundFirst('call-2')).toBe(true);
      const sounding = intent.soundFirst('call-1');
      expect(sounding).toBeInstanceOf(Promise);
      intent.takeAudio('rec-1')?.dispatchEvent(new Event('playing'));
      await expect(sounding).resolves.toBe(true);

      intent.request(callRecord());
      backend.expectOne('/api/recordings/rec-1/media-token');
      const waiting = intent.soundFirst('call-1');
      jest.advanceTimersByTime(SOUND_FIRST_MAX_MS);
      await expect(waiting).resolves.toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps an earlier click quiet once another row is clicked before its token arrives', async () => {
    intent.request(callRecord(), Date.now());
    const first = backend.expectOne('/api/recordings/rec-1/media-token');
    intent.request(callRecord({ id: 'call-2', recordings: [recordingSummary({ id: 'rec-2' })] }), Date.now());
    backend.expectOne('/api/recordings/rec-2/media-token');
    jest.mocked(HTMLMediaElement.prototype.play).mockClear();
    first.flush(mediaToken(1, Date.now()));
    await Promise.resolve();
    await Promise.resolve();
    expect(HTMLMediaElement.prototype.play).not.toHaveBeenCalled();
  });
});
