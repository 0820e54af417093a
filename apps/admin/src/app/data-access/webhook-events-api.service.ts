import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { WebhookEventRetried } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

/** Stored Twilio callbacks (ADMIN); the parked ones are listed by the pipeline overview. */
@Injectable({ providedIn: 'root' })
export class WebhookEventsApiService {
  private readonly http = inject(HttpClient);

  /** Applies a parked event again; 409 (with the reason) when it is not parked or already applied. */
  public retry(id: string): Observable<WebhookEventRetried> {
    return this.http.post<WebhookEventRetried>(`/api/webhooks/events/${encodeURIComponent(id)}/retry`, null, {
      context: inlineErrors(),
    });
  }
}
