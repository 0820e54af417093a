import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { ContactDto, ContactSearchQuery, Page } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';
import { strictParams } from '../core/http/query-params';

/** The contacts of the data lists (ADMIN, COMPLIANCE, SUPERVISOR may read). */
@Injectable({ providedIn: 'root' })
export class ContactsApiService {
  private readonly http = inject(HttpClient);

  /** `phone` is digits the number contains; the strict codec keeps a leading `+`. */
  public search(query: ContactSearchQuery): Observable<Page<ContactDto>> {
    return this.http.get<Page<ContactDto>>('/api/contacts', { params: strictParams(query), context: inlineErrors() });
  }
}
