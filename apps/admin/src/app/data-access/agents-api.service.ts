import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { IdName } from '@callrec/contracts';
import { Observable } from 'rxjs';

/** People who place calls, for filters and for placing a call on someone's behalf. */
@Injectable({ providedIn: 'root' })
export class AgentsApiService {
  private readonly http = inject(HttpClient);

  public list(): Observable<IdName[]> {
    return this.http.get<IdName[]>('/api/agents');
  }
}
