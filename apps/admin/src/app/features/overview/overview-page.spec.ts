import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Role } from '@callrec/contracts';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { loginResponse } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { coverageReport, coverageRow } from '../../testing/coverage-fixtures';
import { find, visibleText } from '../../testing/dom';
import { settle } from '../../testing/settle';
import { COVERAGE_CLOCK } from '../coverage/coverage.store';
import { OverviewPage } from './overview-page';

describe('OverviewPage', () => {
  let backend: HttpTestingController;

  async function openAs(role: Role): Promise<HTMLElement> {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        ...provideSpecDefaults(),
        provideRouter([]),
        { provide: COVERAGE_CLOCK, useValue: { today: () => new Date(2026, 11, 2, 15, 0), timeZone: () => 'Europe/London' } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthSessionStore).start(loginResponse(role));
    const fixture = TestBed.createComponent(OverviewPage);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => backend.verify());

  const coverageRequest = () => backend.expectOne((request) => request.url === '/api/coverage');

  it('shows an ADMIN the system status, read from the readiness details', async () => {
    const page = await openAs('ADMIN');
    expect(page.querySelector('app-system-status-card')).not.toBeNull();
    backend
      .expectOne('/api/health/ready')
      .flush({ status: 'ok', checks: { database: 'up', redis: 'up', storage: 'up', encryption: 'up' } });
    coverageRequest().flush(coverageReport([coverageRow({ answered: 10, recorded: 10 })]));
  });

  it('asks nothing about the system for other roles, which may not read it', async () => {
    const page = await openAs('SUPERVISOR');
    expect(page.querySelector('app-system-status-card')).toBeNull();
    backend.expectNone('/api/health/ready');
    coverageRequest().flush(coverageReport([]));
  });

  it("shows the last 7 days' coverage, calm when every answered call was recorded", async () => {
    const page = await openAs('COMPLIANCE');
    const request = coverageRequest();
    expect(request.request.params.get('groupBy')).toBe('day');
    expect(request.request.params.get('from')).toBe(new Date(2026, 10, 26).toISOString());
    expect(request.request.params.get('to')).toBe(new Date(2026, 11, 3).toISOString());
    request.flush(coverageReport([coverageRow({ answered: 12, recorded: 12 })]));
    await settle();

    const card = find(page, '[data-testid="coverage-card"]');
    expect(visibleText(find(card, '[data-testid="coverage-card-value"]'))).toBe('100%');
    expect(card.querySelector('.body.alert')).toBeNull();
    expect(visibleText(find(card, '[data-testid="coverage-card-link"]'))).toBe('Open coverage');
  });

  it('raises an alert with a link to the calls not recorded when coverage is under COVERAGE_ALERT_BELOW', async () => {
    const page = await openAs('SUPERVISOR');
    coverageRequest().flush(coverageReport([coverageRow({ answered: 100, recorded: 98, absent: 2 })]));
    await settle();

    const card = find(page, '[data-testid="coverage-card"]');
    expect(visibleText(find(card, '[data-testid="coverage-card-value"]'))).toBe('98.0%');
    expect(find(card, '.body').getAttribute('role')).toBe('alert');
    expect(visibleText(find(card, '.body'))).toContain('Below the 99.0% this system expects');
    const link = find<HTMLAnchorElement>(card, '[data-testid="coverage-card-link"]');
    expect(visibleText(link)).toBe('See the calls not recorded');
    expect(link.getAttribute('href')).toBe('/coverage');
  });

  it('shows no coverage to an AGENT, who may not read it', async () => {
    const page = await openAs('AGENT');
    expect(page.querySelector('app-coverage-card')).toBeNull();
    backend.expectNone((request) => request.url === '/api/coverage');
  });
});
