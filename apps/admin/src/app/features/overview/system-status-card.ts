import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatTooltip } from '@angular/material/tooltip';
import { HealthResponse, HealthState } from '@callrec/contracts';
import { interval, map, Subscription } from 'rxjs';
import { LOADING, Loadable, toLoadable } from '../../core/loading/loadable';
import { HealthApiService } from '../../data-access/health-api.service';
import { ErrorState } from '../../ui/error-state/error-state';

interface HealthCheck {
  readonly health: HealthResponse;
  readonly checkedAt: Date;
}

interface ComponentStatus {
  key: keyof HealthResponse['checks'];
  label: string;
  detail: string;
  state: HealthState;
}

const COMPONENTS: Omit<ComponentStatus, 'state'>[] = [
  { key: 'database', label: 'Database', detail: 'PostgreSQL: calls, recordings, audit log' },
  { key: 'redis', label: 'Queue', detail: 'Redis: recording downloads and retention jobs' },
  { key: 'storage', label: 'Recording storage', detail: 'Where audio files are written' },
  { key: 'encryption', label: 'Encryption keys', detail: 'Every key that recordings are encrypted under is configured' },
];

/** Often enough to notice an outage while the page is open, rare enough to be free. */
const REFRESH_MS = 30_000;

@Component({
  selector: 'app-system-status-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, ErrorState, MatIcon, MatIconButton, MatProgressBar, MatTooltip],
  templateUrl: './system-status-card.html',
  styleUrl: './system-status-card.scss',
})
export class SystemStatusCard implements OnInit {
  private readonly destroyRef = inject(DestroyRef);
  private readonly healthApi = inject(HealthApiService);
  private polling?: Subscription;
  private request?: Subscription;

  protected readonly load = signal<Loadable<HealthCheck>>(LOADING);
  protected readonly refreshing = signal(false);
  protected readonly components = computed<ComponentStatus[]>(() => {
    const load = this.load();
    return load.kind === 'ready' ? COMPONENTS.map((c) => ({ ...c, state: load.value.health.checks[c.key] })) : [];
  });
  protected readonly down = computed(() => this.components().filter((c) => c.state === 'down'));

  public ngOnInit(): void {
    this.startPolling();
  }

  protected refresh(): void {
    this.startPolling();
  }

  /** Checks now, then on a fixed rhythm restarted by every manual refresh. */
  private startPolling(): void {
    this.polling?.unsubscribe();
    this.check();
    this.polling = interval(REFRESH_MS)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.check());
  }

  private check(): void {
    this.request?.unsubscribe();
    this.refreshing.set(true);
    this.request = this.healthApi
      .check()
      .pipe(
        map((health): HealthCheck => ({ health, checkedAt: new Date() })),
        toLoadable(),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((load) => {
        this.load.set(load);
        this.refreshing.set(false);
      });
  }
}
