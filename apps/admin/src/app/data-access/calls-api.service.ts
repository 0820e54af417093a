import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CallOutcome, CallRecordDto, PlaceCallRequest, SetOutcomeRequest } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

/** Placing and ending calls through Twilio (or the bundled emulator). */
@Injectable({ providedIn: 'root' })
export class CallsApiService {
  private readonly http = inject(HttpClient);

  /** Without `dataListId` the call is a Manual Dial. */
  public place(request: PlaceCallRequest): Observable<CallRecordDto> {
    return this.http.post<CallRecordDto>('/api/calls', request, { context: inlineErrors() });
  }

  /** Asks Twilio to hang up; the status changes when Twilio's callback arrives. */
  public end(id: string): Observable<CallRecordDto> {
    return this.http.post<CallRecordDto>(`/api/calls/${encodeURIComponent(id)}/end`, null, {
      context: inlineErrors(),
    });
  }

  /** `reason` is required of an ADMIN once the outcome is locked (OUTCOME_LOCK_HOURS after the call). */
  public setOutcome(id: string, outcome: CallOutcome, reason?: string): Observable<CallRecordDto> {
    const body: SetOutcomeRequest = reason ? { outcome, reason } : { outcome };
    return this.http.patch<CallRecordDto>(`/api/calls/${encodeURIComponent(id)}/outcome`, body, { context: inlineErrors() });
  }
}
