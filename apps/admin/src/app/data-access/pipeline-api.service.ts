import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { PipelineOverview } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

/** Where recordings stand between Twilio and storage (ADMIN). */
@Injectable({ providedIn: 'root' })
export class PipelineApiService {
  private readonly http = inject(HttpClient);

  public overview(): Observable<PipelineOverview> {
    return this.http.get<PipelineOverview>('/api/recordings/pipeline', { context: inlineErrors() });
  }

  /** Enqueues the "callback never came" sweep; answers 202 before it has run. */
  public reconcile(): Observable<{ enqueued: true }> {
    return this.http.post<{ enqueued: true }>('/api/recordings/reconcile', null, {
      context: inlineErrors(),
    });
  }
}
