import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { IdName } from '@callrec/contracts';
import { Observable } from 'rxjs';

/** Dialler data lists; a call without one is a Manual Dial. */
@Injectable({ providedIn: 'root' })
export class DataListsApiService {
  private readonly http = inject(HttpClient);

  public list(): Observable<IdName[]> {
    return this.http.get<IdName[]>('/api/data-lists');
  }
}
