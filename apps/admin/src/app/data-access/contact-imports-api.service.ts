import { HttpClient, HttpEvent } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { ContactImportDto, ImportAccepted } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';
import { dataList } from './data-lists-api.service';

/**
 * CSV imports of contacts into a data list: the upload, then the import's progress as the
 * worker reports it. Provided by the data list route with `provideUploadHttpClient()`, so
 * the upload goes through XHR and reports how much has been sent.
 */
@Injectable()
export class ContactImportsApiService {
  private readonly http = inject(HttpClient);

  /**
   * Uploads the file as the multipart field `file`, reporting upload progress; the last event
   * is the 202 answer with the import's id. The rows are read afterwards, by a worker.
   */
  public upload(dataListId: string, file: File): Observable<HttpEvent<ImportAccepted>> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<ImportAccepted>(`${dataList(dataListId)}/import`, body, {
      context: inlineErrors(),
      reportProgress: true,
      observe: 'events',
    });
  }

  public get(importId: string): Observable<ContactImportDto> {
    return this.http.get<ContactImportDto>(`/api/imports/${encodeURIComponent(importId)}`, { context: inlineErrors() });
  }

  /** Newest first. */
  public forList(dataListId: string): Observable<ContactImportDto[]> {
    return this.http.get<ContactImportDto[]>(`${dataList(dataListId)}/imports`, { context: inlineErrors() });
  }
}
