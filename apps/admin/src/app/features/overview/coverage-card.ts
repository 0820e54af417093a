import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatAnchor } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { CoverageReport } from '@callrec/contracts';
import { addDays, toLocalIsoDate } from '../../core/dates/local-dates';
import { LOADING, Loadable, toLoadable } from '../../core/loading/loadable';
import { CoverageApiService } from '../../data-access/coverage-api.service';
import { percent } from '../../ui/coverage-chart/coverage-chart-data';
import { ErrorState } from '../../ui/error-state/error-state';
import { coverageQuery } from '../coverage/coverage-filters';
import { COVERAGE_CLOCK } from '../coverage/coverage.store';

/** The overview's window: long enough to mean something, short enough to be news. */
const DAYS = 7;

/** Coverage of the last seven days on the Overview, loud when it is under COVERAGE_ALERT_BELOW. */
@Component({
  selector: 'app-coverage-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DecimalPipe, ErrorState, MatAnchor, MatIcon, RouterLink],
  template: `
    @let state = load();
    <section class="panel" aria-labelledby="coverage-card-title" data-testid="coverage-card">
      <header class="panel-header">
        <h2 id="coverage-card-title" class="panel-title">Recording coverage</h2>
        <p class="panel-subtitle">Answered calls of the last {{ days }} days that were recorded</p>
      </header>
      @switch (state.kind) {
        @case ('loading') {
          <div class="body" aria-hidden="true"><span class="app-skeleton value-skeleton"></span></div>
        }
        @case ('error') {
          <app-error-state heading="Could not load coverage" [message]="state.message" (retry)="refresh()" />
        }
        @case ('ready') {
          @let total = state.value.total;
          <div class="body" [class.alert]="alerting()" [attr.role]="alerting() ? 'alert' : null">
            @if (total.answered === 0) {
              <p class="figure-text">No answered calls in the last {{ days }} days.</p>
            } @else {
              <span class="figure" data-testid="coverage-card-value">{{ percentOf(total.coverage) }}</span>
              <span class="figure-text">
                {{ total.recorded | number }} of {{ total.answered | number }} answered calls recorded
                @if (alerting()) {
                  <br /><strong>Below the {{ percentOf(state.value.alertBelow) }} this system expects.</strong>
                }
              </span>
            }
          </div>
          <div class="actions">
            <a mat-button routerLink="/coverage" [class.alert-link]="alerting()" data-testid="coverage-card-link">
              @if (alerting()) {
                <mat-icon>warning</mat-icon>
              }
              {{ alerting() ? 'See the calls not recorded' : 'Open coverage' }}
            </a>
          </div>
        }
      }
    </section>
  `,
  styles: `
    :host {
      display: block;
    }
    .body {
      display: flex;
      align-items: center;
      gap: 16px;
      margin: 8px 24px 0;
      padding: 14px 16px;
      border-radius: 12px;
      background: var(--app-success-container);
      color: var(--app-on-success-container);
    }
    .body.alert {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .figure {
      font: var(--mat-sys-headline-medium);
      font-variant-numeric: tabular-nums;
    }
    .figure-text {
      margin: 0;
      font: var(--mat-sys-body-medium);
    }
    .value-skeleton {
      width: 96px;
      height: 32px;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      padding: 8px 16px 12px;
    }
    .alert-link {
      --mat-button-text-label-text-color: var(--mat-sys-error);
    }
  `,
})
export class CoverageCard implements OnInit {
  private readonly api = inject(CoverageApiService);
  private readonly clock = inject(COVERAGE_CLOCK);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly days = DAYS;
  protected readonly load = signal<Loadable<CoverageReport>>(LOADING);
  protected readonly alerting = computed(() => {
    const load = this.load();
    return load.kind === 'ready' && load.value.total.answered > 0 && load.value.total.coverage < load.value.alertBelow;
  });

  public ngOnInit(): void {
    this.refresh();
  }

  protected refresh(): void {
    this.load.set(LOADING);
    const today = this.clock.today();
    const range = { from: toLocalIsoDate(addDays(today, 1 - DAYS)), to: toLocalIsoDate(today) };
    this.api
      .report(coverageQuery(range, 'day', this.clock.timeZone()))
      .pipe(toLoadable(), takeUntilDestroyed(this.destroyRef))
      .subscribe((load) => this.load.set(load));
  }

  protected percentOf(coverage: number): string {
    return percent(coverage);
  }
}
