import { HttpTestingController } from '@angular/common/http/testing';
import { Component, input } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { MediaTokenResponse, RecordingPeaks, Role } from '@callrec/contracts';
import { AuthSessionStore } from '../core/auth/auth-session.store';
import { RecordingPanel } from '../features/call-records/recording-panel';
import { RecordingPlayer } from '../ui/player/recording-player';
import { FakeEventSource, provideFakeEventSource } from './fake-event-source';
import { fakeIntervalsOnly } from './fake-intervals';
import { loginResponse } from './fixtures';
import { provideSpecDefaults } from './providers';

/** Stands in for the real player, which needs a browser that can play audio. */
@Component({ selector: 'app-recording-player', template: 'player' })
export class PlayerStub {
  public readonly recordingId = input.required<string>();
  public readonly fetchMediaToken = input.required<(recordingId: string) => Promise<MediaTokenResponse>>();
  public readonly claimAudio = input<(recordingId: string) => HTMLAudioElement | null>(() => null);
  public readonly durationSeconds = input<number | null>(null);
  public readonly channels = input<number | null>(null);
  public readonly peaks = input<RecordingPeaks | null>(null);
  public readonly peaksPending = input(false);
  public readonly canDownload = input(false);
  public readonly autofocus = input(false);
}

export interface OpenedPanel {
  readonly backend: HttpTestingController;
  readonly panel: HTMLElement;
  readonly harness: RouterTestingHarness;
  /** The player in the panel, if it shows one. */
  readonly player: () => PlayerStub | undefined;
}

/**
 * `/call-records/:id` signed in as `role`, with the player stubbed. `beforeOpening` runs once
 * the test bed is ready and before the route is entered (a grid's play click, say).
 */
/** jsdom cannot play media; a play click's `<audio>` is told to play all the same. */
export function stubMediaPlayback(): void {
  jest.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  jest.spyOn(HTMLMediaElement.prototype, 'load').mockImplementation(() => undefined);
  jest.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
}

export async function openRecordingPanel(role: Role, id = 'call-1', beforeOpening: () => void = () => undefined): Promise<OpenedPanel> {
  fakeIntervalsOnly();
  sessionStorage.clear();
  FakeEventSource.reset();
  TestBed.configureTestingModule({
    providers: [
      ...provideSpecDefaults(),
      provideFakeEventSource(),
      provideRouter([{ path: 'call-records', children: [{ path: ':id', component: RecordingPanel }] }]),
    ],
  });
  TestBed.overrideComponent(RecordingPanel, { remove: { imports: [RecordingPlayer] }, add: { imports: [PlayerStub] } });
  TestBed.inject(AuthSessionStore).start(loginResponse(role));
  const backend = TestBed.inject(HttpTestingController);
  beforeOpening();
  const harness = await RouterTestingHarness.create(`/call-records/${id}`);
  const player = () =>
    harness.fixture.debugElement.query((element) => element.componentInstance instanceof PlayerStub)?.componentInstance as
      PlayerStub | undefined;
  return { backend, panel: harness.routeNativeElement as HTMLElement, harness, player };
}
