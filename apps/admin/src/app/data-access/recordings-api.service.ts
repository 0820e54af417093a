import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { DeleteRecordingRequest, MediaTokenResponse, RecordingMetadata, RecordingPeaks } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

/** One recording: its facts, its waveform, and short-lived tokens to stream or download it. */
@Injectable({ providedIn: 'root' })
export class RecordingsApiService {
  private readonly http = inject(HttpClient);

  /** Audited on the server: every call is a "metadata viewed" event. */
  public metadata(id: string): Observable<RecordingMetadata> {
    return this.http.get<RecordingMetadata>(`${base(id)}/metadata`, { context: inlineErrors() });
  }

  /** 404 (with a message) for MP3 recordings and recordings not stored yet. */
  public peaks(id: string): Observable<RecordingPeaks> {
    return this.http.get<RecordingPeaks>(`${base(id)}/peaks`, { context: inlineErrors() });
  }

  /** An `<audio>` element cannot send a bearer header; the token goes in its URL instead. */
  public mediaToken(id: string, purpose: 'play' | 'download' = 'play'): Observable<MediaTokenResponse> {
    return this.http.post<MediaTokenResponse>(`${base(id)}/media-token`, null, {
      context: inlineErrors(),
      // A download's token must not open a playback session (RECORDING_PLAYED) it will never use.
      ...(purpose === 'download' ? { params: { purpose } } : {}),
    });
  }

  /**
   * ADMIN: deletes the audio and keeps a tombstone. 409 while a legal hold covers it; the
   * message names the hold.
   */
  public delete(id: string, reason: string): Observable<RecordingMetadata> {
    const body: DeleteRecordingRequest = { reason };
    return this.http.delete<RecordingMetadata>(base(id), { body, context: inlineErrors() });
  }

  /** ADMIN; only FAILED recordings, anything else answers 409 with the reason. */
  public retry(id: string): Observable<RecordingMetadata> {
    return this.http.post<RecordingMetadata>(`${base(id)}/retry`, null, { context: inlineErrors() });
  }
}

function base(id: string): string {
  return `/api/recordings/${encodeURIComponent(id)}`;
}
