import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { mediaToken } from '../../testing/fake-media';
import { find, findButton } from '../../testing/dom';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { WAVESURFER_LOADER } from '../waveform/waveform';
import { RecordingPlayer } from './recording-player';

describe('RecordingPlayer', () => {
  let fixture: ComponentFixture<RecordingPlayer>;
  let backend: HttpTestingController;
  let host: HTMLElement;
  const createWaveform = jest.fn();
  const fetchMediaToken = jest.fn();
  let delivery: 'proxy' | 'redirect' = 'proxy';

  beforeEach(async () => {
    // jsdom cannot play media; the element's own behaviour is covered by PlaybackController's spec.
    jest.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    jest.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
    jest.spyOn(HTMLMediaElement.prototype, 'load').mockImplementation(() => undefined);
    const fakeWaveSurfer = { create: createWaveform.mockReturnValue({ on: jest.fn(), setOptions: jest.fn(), destroy: jest.fn() }) };
    TestBed.configureTestingModule({
      providers: [...provideSpecDefaults(), { provide: WAVESURFER_LOADER, useValue: () => Promise.resolve(fakeWaveSurfer) }],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RecordingPlayer);
    fixture.componentRef.setInput('recordingId', 'rec-1');
    fetchMediaToken.mockResolvedValue({ ...mediaToken(1, Date.now()), delivery });
    fixture.componentRef.setInput('fetchMediaToken', fetchMediaToken);
    fixture.componentRef.setInput('durationSeconds', 120);
    fixture.componentRef.setInput('channels', 2);
    fixture.componentRef.setInput('peaks', {
      channels: [
        [0.2, 0.5],
        [0.1, 0.9],
      ],
      sampleRate: 8000,
      samplesPerPeak: 80,
      durationSeconds: 120,
    });
    fixture.componentRef.setInput('canDownload', true);
    host = fixture.nativeElement as HTMLElement;
    await settle();
    expect(fetchMediaToken).toHaveBeenCalledWith('rec-1');
    await settle();
  });

  afterEach(() => {
    fixture.destroy();
    backend.verify();
    jest.restoreAllMocks();
  });

  const key = (k: string, target: Element = host) => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
  const elapsed = () => find(host, '[data-testid="player-elapsed"]').textContent?.trim();
  const announced = () => find(host, '[data-testid="player-announcement"]').textContent?.trim();

  it('streams through the media token and draws both lanes from the peaks, following the audio element', () => {
    const audio = find<HTMLAudioElement>(host, 'audio');
    expect(audio.getAttribute('src')).toBe('/api/recordings/rec-1/stream?token=token-1');
    expect(createWaveform).toHaveBeenCalledWith(
      expect.objectContaining({
        media: audio,
        duration: 120,
        peaks: [
          [0.2, 0.5],
          [0.1, 0.9],
        ],
        splitChannels: [expect.any(Object), expect.any(Object)],
      }),
    );
    expect(find(host, '[data-testid="player-time"]').textContent).toContain('/ 2:00');
  });

  it('answers the keyboard anywhere inside it and says what happened', async () => {
    key('ArrowRight');
    await settle();
    expect(elapsed()).toBe('0:10');
    expect(announced()).toBe('Forward to 0:10');

    key('>');
    await settle();
    expect(find(host, 'button.speed').textContent?.trim()).toBe('1.25×');
    expect(announced()).toBe('Speed 1.25×');

    key(' ');
    await settle();
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalled();
    expect(find(host, '[data-testid="player-play"]').getAttribute('aria-label')).toBe('Pause');
    expect(announced()).toBe('Playing');
  });

  it('leaves Space to a focused button so it does not toggle twice', async () => {
    key(' ', findButton(host, 'Download'));
    await settle();
    expect(HTMLMediaElement.prototype.play).not.toHaveBeenCalled();
  });

  it('says so when the browser cannot silence one side, and disables mute and solo', async () => {
    // jsdom has no Web Audio, like a locked-down browser.
    find<HTMLButtonElement>(host, 'button[aria-label="Solo customer"]').click();
    await settle();
    expect(announced()).toBe('This browser cannot silence one side of the call');
    expect(find<HTMLButtonElement>(host, 'button[aria-label="Mute agent"]').disabled).toBe(true);
  });

  describe('when the API redirects media to the object store (MEDIA_DELIVERY=redirect)', () => {
    beforeAll(() => (delivery = 'redirect'));
    afterAll(() => (delivery = 'proxy'));

    it('disables mute and solo before anyone tries them: cross-origin audio would fall silent whole', () => {
      expect(find<HTMLButtonElement>(host, 'button[aria-label="Solo customer"]').disabled).toBe(true);
      expect(find<HTMLButtonElement>(host, 'button[aria-label="Mute agent"]').disabled).toBe(true);
      // The audio itself still streams from the API's URL, which answers with the 302.
      expect(find<HTMLAudioElement>(host, 'audio').getAttribute('crossorigin')).toBeNull();
    });
  });

  it('keeps mute and solo enabled for audio the API streams itself', () => {
    expect(find<HTMLButtonElement>(host, 'button[aria-label="Solo customer"]').disabled).toBe(false);
  });

  it('falls back to the timeline alone when there are no peaks (an MP3 recording)', async () => {
    createWaveform.mockClear();
    fixture.componentRef.setInput('peaks', null);
    await settle();

    expect(find(host, '[data-testid="no-waveform"]').textContent).toContain('use the timeline below');
    expect(host.querySelector('app-waveform')).toBeNull();
    expect(find(host, '[data-testid="player-timeline"]').getAttribute('aria-label')).toBe('Position in the recording');
    // Both sides can still be silenced: the controls no longer sit beside waveform lanes.
    expect(host.querySelector('button[aria-label="Solo agent"]')).not.toBeNull();
  });

  it('hands downloads to its page', () => {
    let downloads = 0;
    fixture.componentInstance.download.subscribe(() => (downloads += 1));
    findButton(host, 'Download').click();
    expect(downloads).toBe(1);
  });
});
