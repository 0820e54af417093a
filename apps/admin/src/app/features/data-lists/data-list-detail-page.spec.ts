import { HttpEventType } from '@angular/common/http';
import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { ContactImportDto, Role } from '@callrec/contracts';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { ContactImportsApiService } from '../../data-access/contact-imports-api.service';
import { find, findButton } from '../../testing/dom';
import { fakeIntervalsOnly } from '../../testing/fake-intervals';
import { apiError, loginResponse } from '../../testing/fixtures';
import { contactDto, contactImport, dataListDto, pageOf } from '../../testing/integration-fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { DataListDetailPage } from './data-list-detail-page';

@Component({ template: 'lists' })
class ListsStub {}

describe('DataListDetailPage', () => {
  let backend: HttpTestingController;
  let harness: RouterTestingHarness;
  let page: HTMLElement;

  const list = dataListDto();
  const contacts = [contactDto(), contactDto({ id: 'contact-2', phone: '+14155550102', name: 'Rui Costa', externalId: null })];

  async function openAs(role: Role, url = '/data-lists/list-1'): Promise<void> {
    fakeIntervalsOnly();
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        ...provideSpecDefaults(),
        provideRouter([
          { path: 'data-lists', component: ListsStub },
          // The app's route also provides an XHR HttpClient for the upload; here the testing backend answers.
          { path: 'data-lists/:id', component: DataListDetailPage, providers: [ContactImportsApiService] },
        ]),
      ],
    });
    TestBed.inject(AuthSessionStore).start(loginResponse(role));
    backend = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create(url);
    page = harness.routeNativeElement as HTMLElement;
  }

  afterEach(() => {
    jest.useRealTimers();
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  const contactsRequest = (): TestRequest => backend.expectOne((request) => request.url === '/api/contacts');
  const importPoll = (id = 'imp-9'): TestRequest => backend.expectOne({ method: 'GET', url: `/api/imports/${id}` });

  async function respond(imports: ContactImportDto[] = []): Promise<void> {
    backend.expectOne('/api/data-lists/list-1').flush(list);
    backend.expectOne('/api/data-lists/list-1/imports').flush(imports);
    contactsRequest().flush(pageOf(contacts, 2));
    await settle();
  }

  async function pickFile(content = 'phone,name\n+14155550103,Ann\n12,Bad\n'): Promise<TestRequest> {
    const input = find<HTMLInputElement>(page, 'input[type="file"]');
    expect(input.getAttribute('accept')).toBe('.csv,text/csv');
    Object.defineProperty(input, 'files', { value: [new File([content], 'leads.csv', { type: 'text/csv' })], configurable: true });
    input.dispatchEvent(new Event('change'));
    await settle();
    return backend.expectOne({ method: 'POST', url: '/api/data-lists/list-1/import' });
  }

  it('shows the list, its facts and its contacts, asking for this list’s first page', async () => {
    await openAs('ADMIN');
    backend.expectOne('/api/data-lists/list-1').flush(list);
    backend.expectOne('/api/data-lists/list-1/imports').flush([]);
    const request = contactsRequest();
    expect(request.request.params.get('dataListId')).toBe('list-1');
    expect(request.request.params.get('page')).toBe('1');
    expect(request.request.params.get('pageSize')).toBe('25');
    expect(request.request.params.has('phone')).toBe(false);
    request.flush(pageOf(contacts, 2));
    await settle();

    expect(find(page, 'h1').textContent).toContain('Spring Renewals');
    expect(find(page, '[data-testid="list-contact-count"]').textContent).toBe('1,250');
    expect(find(page, '[data-testid="list-facts"]').textContent).toContain('five9-4471');
    expect(find(page, 'tr[data-phone="+14155550101"]').textContent).toContain('Dana Whitfield');
    expect(find(page, '[data-testid="contacts-count"]').textContent).toContain('2 contacts');
    expect(page.textContent).toContain('No imports yet');
  });

  it('searches the contacts by phone through the URL, keeping the +', async () => {
    await openAs('ADMIN');
    await respond();
    const box = find<HTMLInputElement>(page, '[data-testid="contact-phone"]');
    box.value = '+1 415';
    box.dispatchEvent(new Event('input'));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await settle();

    const request = contactsRequest();
    expect(request.request.params.get('phone')).toBe('+1415');
    expect(request.request.urlWithParams).toContain('phone=%2B1415');
    request.flush(pageOf([], 0));
    await settle();
    expect(TestBed.inject(Router).url).toBe('/data-lists/list-1?phone=%2B1415');
    expect(page.textContent).toContain('No contact’s number contains +1415');
    jest.advanceTimersByTime(400);
  });

  it('uploads a CSV with progress, follows the import every second, then shows the counts and rejected lines', async () => {
    await openAs('ADMIN');
    await respond();

    const upload = await pickFile();
    const body = upload.request.body as FormData;
    expect((body.get('file') as File).name).toBe('leads.csv');
    upload.event({ type: HttpEventType.UploadProgress, loaded: 30, total: 60 });
    await settle();
    expect(find(page, '[data-testid="upload-progress"]').textContent).toContain('Uploading leads.csv');
    expect(find(page, '[data-testid="upload-progress"]').textContent).toContain('50 %');
    expect(findButton(page, 'Import CSV').disabled).toBe(true);

    upload.flush({ importId: 'imp-9' }, { status: 202, statusText: 'Accepted' });
    await settle();
    expect(page.querySelector('[data-testid="upload-progress"]')).toBeNull();

    jest.advanceTimersByTime(0);
    importPoll().flush(contactImport({ id: 'imp-9', status: 'running', total: 1, imported: 1, rejected: 0, errors: [], finishedAt: null }));
    await settle();
    const progress = () => find(page, '[data-testid="import-progress"]');
    expect(progress().getAttribute('data-status')).toBe('running');
    expect(progress().textContent).toContain('Reading the file');
    expect(progress().querySelector('mat-progress-bar')).not.toBeNull();

    jest.advanceTimersByTime(1000);
    importPoll().flush(contactImport({ id: 'imp-9' }));
    await settle();
    expect(progress().getAttribute('data-status')).toBe('completed');
    expect(find(progress(), '[data-testid="count-total"]').textContent).toContain('3');
    expect(find(progress(), '[data-testid="count-imported"]').textContent).toContain('2');
    expect(find(progress(), '[data-testid="count-updated"]').textContent).toContain('0');
    expect(find(progress(), '[data-testid="count-rejected"]').textContent).toContain('1');
    const errorRows = progress().querySelectorAll('[data-testid="error-row"]');
    expect(errorRows).toHaveLength(1);
    expect(errorRows[0].textContent).toContain('3');
    expect(errorRows[0].textContent).toContain("'12' is not a phone number");
    expect(progress().querySelector('[data-testid="errors-capped"]')).toBeNull();
    expect(document.body.textContent).toContain('Import finished: 2 added, 0 updated; 1 line rejected');

    // The list's count, its imports and its contacts are read again; polling has stopped.
    backend.expectOne('/api/data-lists/list-1').flush(dataListDto({ contactCount: 1252 }));
    backend.expectOne('/api/data-lists/list-1/imports').flush([contactImport({ id: 'imp-9' })]);
    contactsRequest().flush(pageOf(contacts, 4));
    await settle();
    expect(find(page, '[data-testid="list-contact-count"]').textContent).toBe('1,252');
    expect(page.querySelectorAll('[data-testid="import-row"]')).toHaveLength(1);
    jest.advanceTimersByTime(5000);
    backend.expectNone('/api/imports/imp-9');
    expect(findButton(page, 'Import CSV').disabled).toBe(false);
  });

  it('says when only the first rejected lines are kept, and shows why a failed import stopped', async () => {
    const capped = contactImport({
      id: 'imp-7',
      rejected: 250,
      errors: Array.from({ length: 100 }, (_, i) => ({ line: i + 2, message: 'Missing phone' })),
    });
    const failed = contactImport({ id: 'imp-8', status: 'failed', failure: 'The file is not UTF-8 text', errors: [], rejected: 0 });
    await openAs('ADMIN');
    await respond([failed, capped]);

    const shows = Array.from(page.querySelectorAll<HTMLButtonElement>('[data-testid="import-row"] button'));
    shows[1].click();
    await settle();
    expect(find(page, '[data-testid="errors-capped"]').textContent).toBe('Showing the first 100 of 250 rejected lines.');
    expect(page.querySelectorAll('[data-testid="error-row"]')).toHaveLength(100);

    shows[0].click();
    await settle();
    expect(find(page, '[data-testid="import-failure"]').textContent).toContain('The file is not UTF-8 text');
  });

  it('shows a refused upload with the API’s message', async () => {
    await openAs('ADMIN');
    await respond();
    const upload = await pickFile('name\nAnn\n');
    upload.flush(apiError(400, "The CSV has no 'phone' column"), { status: 400, statusText: 'Bad Request' });
    await settle();
    expect(find(page, '[data-testid="import-error"]').textContent).toContain("The CSV has no 'phone' column");
    expect(findButton(page, 'Import CSV').disabled).toBe(false);
  });

  it('follows an import still running when the page opens, and stops when the page goes', async () => {
    await openAs('ADMIN');
    await respond([contactImport({ id: 'imp-9', status: 'running', finishedAt: null })]);
    expect(findButton(page, 'Import CSV').disabled).toBe(true);
    jest.advanceTimersByTime(0);
    importPoll().flush(contactImport({ id: 'imp-9', status: 'running', finishedAt: null }));
    await settle();
    expect(find(page, '[data-testid="import-progress"]').getAttribute('data-status')).toBe('running');

    await harness.navigateByUrl('/data-lists');
    jest.advanceTimersByTime(5000);
    backend.expectNone('/api/imports/imp-9');
  });

  it.each<Role>(['COMPLIANCE', 'SUPERVISOR'])('shows %s the contacts but neither imports nor edit', async (role) => {
    await openAs(role);
    backend.expectOne('/api/data-lists/summary').flush([dataListDto({ id: 'list-0', name: 'Other' }), list]);
    contactsRequest().flush(pageOf(contacts, 2));
    await settle();
    backend.expectNone('/api/data-lists/list-1/imports');

    expect(page.querySelector('[data-testid="imports"]')).toBeNull();
    expect(page.querySelector('input[type="file"]')).toBeNull();
    expect(page.textContent).not.toContain('Import CSV');
    expect(page.textContent).not.toContain('Edit');
    expect(page.querySelectorAll('[data-testid="contact-row"]')).toHaveLength(2);
    expect(find(page, 'h1').textContent).toContain('Spring Renewals');
  });

  it('tells a supervisor when the list is not among those they may read', async () => {
    await openAs('SUPERVISOR', '/data-lists/gone');
    backend.expectOne('/api/data-lists/summary').flush([list]);
    contactsRequest().flush(pageOf([], 0));
    await settle();
    expect(page.textContent).toContain('No such data list');
  });

  it('says so when the list does not exist', async () => {
    await openAs('ADMIN', '/data-lists/nope');
    backend
      .expectOne('/api/data-lists/nope')
      .flush(apiError(404, 'No data list nope', 'Not Found'), { status: 404, statusText: 'Not Found' });
    backend
      .expectOne('/api/data-lists/nope/imports')
      .flush(apiError(404, 'No data list nope', 'Not Found'), { status: 404, statusText: 'Not Found' });
    contactsRequest().flush(pageOf([], 0));
    await settle();
    expect(page.textContent).toContain('No such data list');
  });
});
