import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { apiError } from '../../testing/fixtures';
import { settle } from '../../testing/settle';
import { inlineErrors, UNREACHABLE_MESSAGE } from './api-error';
import { errorInterceptor } from './error.interceptor';

describe('errorInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  /** The snack bar's text, its action button included. */
  const snackText = () => document.querySelector('.mat-mdc-snack-bar-label')?.textContent?.trim() ?? null;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([errorInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  it("shows the API's message for an unhandled failure", async () => {
    http.get('/api/agents').subscribe({ error: () => undefined });
    backend
      .expectOne('/api/agents')
      .flush(apiError(403, 'This needs the role ADMIN; you are signed in as AGENT'), { status: 403, statusText: 'Forbidden' });
    await settle();

    expect(snackText()).toContain('This needs the role ADMIN; you are signed in as AGENT');
  });

  it('says the server is unreachable when the request never got an answer', async () => {
    http.get('/api/agents').subscribe({ error: () => undefined });
    backend.expectOne('/api/agents').error(new ProgressEvent('error'), { status: 0 });
    await settle();

    expect(snackText()).toContain(UNREACHABLE_MESSAGE);
  });

  it('stays quiet for requests whose caller shows the error in place, and for 401', async () => {
    http.get('/api/users', { context: inlineErrors() }).subscribe({ error: () => undefined });
    http.get('/api/auth/me').subscribe({ error: () => undefined });
    backend.expectOne('/api/users').flush(apiError(500, 'Internal server error'), { status: 500, statusText: 'Server Error' });
    backend.expectOne('/api/auth/me').flush(apiError(401, 'Invalid token'), { status: 401, statusText: 'Unauthorized' });
    await settle();

    expect(snackText()).toBeNull();
  });
});
