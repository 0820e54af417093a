import { TestBed } from '@angular/core/testing';
import { callRecord, recordingMetadata } from '../../testing/call-fixtures';
import { find } from '../../testing/dom';
import { FakeEventSource } from '../../testing/fake-event-source';
import { mediaToken } from '../../testing/fake-media';
import { apiError } from '../../testing/fixtures';
import { openRecordingPanel, stubMediaPlayback } from '../../testing/recording-panel-harness';
import { settle } from '../../testing/settle';
import { PlayIntent } from './play-intent';

/** One click on a grid row's play control: the panel plays at once, with the fewest round trips. */
describe('RecordingPanel opened to play', () => {
  beforeEach(() => stubMediaPlayback());
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it("opened by a grid's play click: shows the grid's call at once and plays before metadata and peaks arrive", async () => {
    const { backend, panel, player } = await openRecordingPanel('COMPLIANCE', 'call-1', () =>
      TestBed.inject(PlayIntent).request(callRecord()),
    );
    // The token was asked for inside the click; the call record is the grid's, not fetched again.
    const early = backend.expectOne('/api/recordings/rec-1/media-token');
    backend.expectNone('/api/call-records/call-1');
    await settle();

    expect(find(panel, '[data-testid="panel-title"]').textContent).toBe('Call with Olivia Nguyen');
    const shown = player();
    expect(shown?.recordingId()).toBe('rec-1');
    expect(shown?.durationSeconds()).toBe(callRecord().recordings[0].durationSeconds);
    expect(shown?.peaksPending()).toBe(true);
    // The audio the click made and started; the player adopts it, once.
    expect(shown?.claimAudio()('rec-1')).toBeInstanceOf(HTMLAudioElement);
    expect(shown?.claimAudio()('rec-1')).toBeNull();
    const token = shown?.fetchMediaToken()('rec-1');
    early.flush(mediaToken(1, Date.now()));
    await expect(token).resolves.toMatchObject({ token: 'token-1' });
    // The next token is the player's own request.
    void shown?.fetchMediaToken()('rec-1');
    backend.expectOne('/api/recordings/rec-1/media-token').flush(mediaToken(2, Date.now()));

    backend
      .expectOne('/api/recordings/rec-1/peaks')
      .flush({ channels: [[0.1], [0.2]], sampleRate: 8000, samplesPerPeak: 80, durationSeconds: 67 });
    await settle();
    expect(player()?.peaksPending()).toBe(false);
    expect(player()?.peaks()?.channels).toHaveLength(2);
    backend.expectOne('/api/recordings/rec-1/metadata').flush(recordingMetadata());
    await settle();
    expect(find(panel, '[data-testid="recording-sha256"]').textContent).toBe(recordingMetadata().sha256);
    expect(player()).toBe(shown);
  });

  it('does not play by itself when opened from a link or a reload', async () => {
    const { backend, player } = await openRecordingPanel('COMPLIANCE');
    backend.expectOne('/api/call-records/call-1').flush(callRecord());
    await settle();
    expect(player()?.claimAudio()('rec-1')).toBeNull();
    backend.expectOne('/api/recordings/rec-1/metadata').flush(recordingMetadata());
    backend.expectOne('/api/recordings/rec-1/peaks').flush(apiError(404, 'No peaks'), { status: 404, statusText: 'Not Found' });
    await settle();
    backend.verify();
  });

  it('asks for the peaks again when a live refresh cut their first request short', async () => {
    const { backend, player } = await openRecordingPanel('COMPLIANCE', 'call-1', () => TestBed.inject(PlayIntent).request(callRecord()));
    backend.expectOne('/api/recordings/rec-1/media-token').flush(mediaToken(1, Date.now()));
    backend.expectOne('/api/recordings/rec-1/metadata').flush(recordingMetadata());
    await settle();

    FakeEventSource.latest().push({ type: 'call.updated', callRecordId: 'call-1' });
    jest.advanceTimersByTime(300);
    backend.expectOne('/api/call-records/call-1').flush(callRecord());
    await settle();
    const asked = backend.match('/api/recordings/rec-1/peaks');
    expect(asked.map((request) => request.cancelled)).toEqual([true, false]);
    asked[1].flush({ channels: [[0.1], [0.2]], sampleRate: 8000, samplesPerPeak: 80, durationSeconds: 67 });
    await settle();
    expect(player()?.peaksPending()).toBe(false);
    expect(player()?.peaks()?.channels).toHaveLength(2);
    // The metadata on screen is kept: reading it again would be another audited event.
    backend.expectNone('/api/recordings/rec-1/metadata');
    backend.verify();
  });
});
