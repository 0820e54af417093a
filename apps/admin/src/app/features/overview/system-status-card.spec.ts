import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HealthResponse } from '@callrec/contracts';
import { apiError } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { SystemStatusCard } from './system-status-card';
import { find } from '../../testing/dom';

describe('SystemStatusCard', () => {
  let fixture: ComponentFixture<SystemStatusCard>;
  let backend: HttpTestingController;
  let card: HTMLElement;

  const healthy: HealthResponse = { status: 'ok', checks: { database: 'up', redis: 'up', storage: 'up', encryption: 'up' } };

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SystemStatusCard);
    card = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => {
    fixture.destroy();
    backend.verify();
  });

  const stateOf = (key: string) => card.querySelector(`[data-testid="health-${key}"] .state`)?.textContent?.trim();

  it('shows placeholders while checking, then every component up', async () => {
    expect(card.querySelectorAll('.app-skeleton').length).toBeGreaterThan(0);
    expect(card.querySelector('section')?.getAttribute('aria-busy')).toBe('true');

    backend.expectOne('/api/health/ready').flush(healthy);
    await fixture.whenStable();

    expect(card.querySelector('[data-testid="health-summary"]')?.textContent).toContain('All systems operational');
    expect([stateOf('database'), stateOf('redis'), stateOf('storage'), stateOf('encryption')]).toEqual(['Up', 'Up', 'Up', 'Up']);
    expect(card.textContent).toContain('Checked at');
  });

  it('reads the 503 answer as a degraded system rather than a failure', async () => {
    backend
      .expectOne('/api/health/ready')
      .flush({ status: 'error', checks: { database: 'up', redis: 'down', storage: 'up', encryption: 'up' } } satisfies HealthResponse, {
        status: 503,
        statusText: 'Service Unavailable',
      });
    await fixture.whenStable();

    expect(card.querySelector('[data-testid="health-summary"]')?.textContent).toContain('Degraded: Queue is down');
    expect(stateOf('redis')).toBe('Down');
    expect(card.querySelector('app-error-state')).toBeNull();
  });

  it('shows an error state with a retry when the API cannot be read', async () => {
    backend.expectOne('/api/health/ready').flush(apiError(502, 'Bad gateway'), { status: 502, statusText: 'Bad Gateway' });
    await fixture.whenStable();

    expect(card.querySelector('app-error-state')?.textContent).toContain('Bad gateway');
    find<HTMLButtonElement>(card, 'app-error-state button').click();
    await fixture.whenStable();

    backend.expectOne('/api/health/ready').flush(healthy);
    await fixture.whenStable();
    expect(card.querySelector('app-error-state')).toBeNull();
  });
});
