import { HttpEventType } from '@angular/common/http';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideSpecDefaults } from '../testing/providers';
import { ContactImportsApiService } from './contact-imports-api.service';
import { ContactsApiService } from './contacts-api.service';
import { DataListsApiService } from './data-lists-api.service';

describe('data list API services', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [...provideSpecDefaults(), ContactImportsApiService] });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('asks for the lists afresh every time, so a list created a moment ago is in the next filter', () => {
    const api = TestBed.inject(DataListsApiService);
    const seen: string[][] = [];
    api.list().subscribe((lists) => seen.push(lists.map((l) => l.name)));
    backend.expectOne('/api/data-lists').flush([{ id: 'list-1', name: 'Spring Renewals' }]);
    api.list().subscribe((lists) => seen.push(lists.map((l) => l.name)));
    backend.expectOne('/api/data-lists').flush([
      { id: 'list-3', name: 'Autumn Leads' },
      { id: 'list-1', name: 'Spring Renewals' },
    ]);
    expect(seen).toEqual([['Spring Renewals'], ['Autumn Leads', 'Spring Renewals']]);
  });

  it('uploads the CSV as the multipart field "file", reporting progress, and ends with the import id', () => {
    const events: HttpEventType[] = [];
    let importId = '';
    TestBed.inject(ContactImportsApiService)
      .upload('list 1', new File(['phone\n+14155550101\n'], 'leads.csv', { type: 'text/csv' }))
      .subscribe((event) => {
        events.push(event.type);
        if (event.type === HttpEventType.Response) {
          importId = event.body?.importId ?? '';
        }
      });
    const request = backend.expectOne('/api/data-lists/list%201/import');
    expect(request.request.method).toBe('POST');
    expect(request.request.reportProgress).toBe(true);
    expect((request.request.body as FormData).get('file')).toBeInstanceOf(File);
    request.event({ type: HttpEventType.UploadProgress, loaded: 10, total: 20 });
    request.flush({ importId: 'imp-1' }, { status: 202, statusText: 'Accepted' });
    expect(events).toContain(HttpEventType.UploadProgress);
    expect(importId).toBe('imp-1');
  });

  it('searches contacts with the strict codec, so a + survives', () => {
    TestBed.inject(ContactsApiService).search({ dataListId: 'list-1', phone: '+1415', page: 1, pageSize: 25 }).subscribe();
    const request = backend.expectOne((r) => r.url === '/api/contacts');
    expect(request.request.urlWithParams).toBe('/api/contacts?dataListId=list-1&phone=%2B1415&page=1&pageSize=25');
    request.flush({ items: [], total: 0, page: 1, pageSize: 25 });
  });
});
