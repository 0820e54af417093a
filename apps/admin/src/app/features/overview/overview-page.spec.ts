import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Role } from '@callrec/contracts';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { loginResponse } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { OverviewPage } from './overview-page';

describe('OverviewPage', () => {
  let backend: HttpTestingController;

  async function openAs(role: Role): Promise<HTMLElement> {
    sessionStorage.clear();
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthSessionStore).start(loginResponse(role));
    const fixture = TestBed.createComponent(OverviewPage);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => backend.verify());

  it('shows an ADMIN the system status, read from the readiness details', async () => {
    const page = await openAs('ADMIN');
    expect(page.querySelector('app-system-status-card')).not.toBeNull();
    backend
      .expectOne('/api/health/ready')
      .flush({ status: 'ok', checks: { database: 'up', redis: 'up', storage: 'up', encryption: 'up' } });
  });

  it('asks nothing about the system for other roles, which may not read it', async () => {
    const page = await openAs('SUPERVISOR');
    expect(page.querySelector('app-system-status-card')).toBeNull();
    backend.expectNone('/api/health/ready');
  });
});
