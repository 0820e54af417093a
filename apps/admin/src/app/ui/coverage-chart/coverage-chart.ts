import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  InjectionToken,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { CoverageRow } from '@callrec/contracts';
import type { ActiveElement, Chart, ChartConfiguration, ChartEvent } from 'chart.js';
import { CoverageChartData, coverageChartData, coverageChartSummary } from './coverage-chart-data';

/** What the component needs of Chart.js: its constructor, with the bar chart's parts registered. */
export type ChartConstructor = new (
  canvas: HTMLCanvasElement,
  config: ChartConfiguration<'bar', number[], string>,
) => Chart<'bar', number[], string>;

/** Loads Chart.js on demand, so only the pages that draw a chart carry it. */
export const CHART_LOADER = new InjectionToken<() => Promise<ChartConstructor>>('CHART_LOADER', {
  providedIn: 'root',
  factory: () => () =>
    import('chart.js').then(({ BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip }) => {
      Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip);
      return Chart as unknown as ChartConstructor;
    }),
});

/**
 * Answered calls per day as stacked bars (recorded, missing, failed, absent), drawn by
 * Chart.js. Presentational: it draws the rows it is given and reports the day clicked. The
 * canvas carries a summary for screen readers; the numbers themselves are in the page's tables.
 */
@Component({
  selector: 'app-coverage-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="frame">
      <canvas #canvas role="img" [attr.aria-label]="summary()" data-testid="coverage-chart"></canvas>
    </div>
  `,
  styles: `
    :host {
      --coverage-recorded: var(--app-success, #1e7d3a);
      --coverage-missing: var(--app-warning, #a15c00);
      --coverage-failed: #ba1a1a;
      --coverage-absent: var(--app-customer, #8a4fb0);
      display: block;
    }
    .frame {
      position: relative;
      height: var(--coverage-chart-height, 260px);
    }
  `,
})
export class CoverageChart {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly loadChart = inject(CHART_LOADER);
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly chart = signal<Chart<'bar', number[], string> | null>(null);

  /** The day rows of a coverage report, oldest first. */
  public readonly rows = input.required<readonly CoverageRow[]>();
  /** The day drilled into: its bar keeps its colour while the others fade. */
  public readonly selectedKey = input<string | null>(null);
  /** The key (`YYYY-MM-DD`) of the day whose bar was clicked. */
  public readonly picked = output<string>();

  protected readonly summary = computed(() => coverageChartSummary(this.rows()));
  private readonly data = computed(() =>
    coverageChartData(this.rows(), this.selectedKey(), (variable, fallback) => this.cssVariable(variable, fallback)),
  );

  public constructor() {
    const destroyRef = inject(DestroyRef);
    let destroyed = false;
    destroyRef.onDestroy(() => {
      destroyed = true;
      this.chart()?.destroy();
    });
    afterNextRender(() => {
      void this.loadChart().then((ChartClass) => {
        if (!destroyed) {
          this.chart.set(new ChartClass(this.canvas().nativeElement, this.config(this.data())));
        }
      });
    });
    // New rows or another selected day: the same chart redraws, without a new canvas.
    effect(() => {
      const chart = this.chart();
      const data = this.data();
      if (chart) {
        chart.data.labels = data.labels;
        chart.data.datasets = datasets(data);
        chart.update();
      }
    });
  }

  private config(data: CoverageChartData): ChartConfiguration<'bar', number[], string> {
    return {
      type: 'bar',
      data: { labels: data.labels, datasets: datasets(data) },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Answered calls' } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } },
          tooltip: { mode: 'index', intersect: false },
        },
        onClick: (_event: ChartEvent, elements: ActiveElement[]) => {
          const index = elements[0]?.index;
          const key = index === undefined ? undefined : this.data().keys[index];
          if (key !== undefined) {
            this.picked.emit(key);
          }
        },
        onHover: (event: ChartEvent, elements: ActiveElement[]) => {
          const target = event.native?.target;
          if (target instanceof HTMLElement) {
            target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
          }
        },
      },
    };
  }

  /** Canvas colours cannot be CSS variables; read the theme's value at draw time. */
  private cssVariable(name: string, fallback: string): string {
    const value = getComputedStyle(this.host.nativeElement).getPropertyValue(name).trim();
    return /^#[0-9a-f]{6}$/i.test(value) ? value : fallback;
  }
}

function datasets(data: CoverageChartData): ChartConfiguration<'bar', number[], string>['data']['datasets'] {
  return data.series.map((series) => ({
    label: series.label,
    data: series.data,
    backgroundColor: series.colours,
    stack: 'answered',
    maxBarThickness: 36,
  }));
}
