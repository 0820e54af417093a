import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { ChartConfiguration } from 'chart.js';
import { coverageRow } from '../../testing/coverage-fixtures';
import { find } from '../../testing/dom';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { CHART_LOADER, ChartConstructor, CoverageChart } from './coverage-chart';

type BarConfig = ChartConfiguration<'bar', number[], string>;

/**
 * Stands in for Chart.js, which needs a canvas that draws (jsdom has none): it records what
 * the component asked for, so the spec checks the wiring, not the pixels.
 */
class FakeChart {
  public static made: FakeChart[] = [];
  public updates = 0;
  public destroyed = false;
  public readonly data: BarConfig['data'];

  public constructor(
    public readonly canvas: HTMLCanvasElement,
    public readonly config: BarConfig,
  ) {
    this.data = config.data;
    FakeChart.made.push(this);
  }

  public update(): void {
    this.updates += 1;
  }

  public destroy(): void {
    this.destroyed = true;
  }
}

describe('CoverageChart', () => {
  let fixture: ComponentFixture<CoverageChart>;
  const rows = [
    coverageRow({ key: '2026-11-30', label: '30 Nov', answered: 4, recorded: 4 }),
    coverageRow({ key: '2026-12-01', label: '1 Dec', answered: 5, recorded: 3, absent: 2 }),
  ];

  beforeEach(async () => {
    FakeChart.made = [];
    TestBed.configureTestingModule({
      providers: [
        ...provideSpecDefaults(),
        { provide: CHART_LOADER, useValue: () => Promise.resolve(FakeChart as unknown as ChartConstructor) },
      ],
    });
    fixture = TestBed.createComponent(CoverageChart);
    fixture.componentRef.setInput('rows', rows);
    await settle();
  });

  const chart = () => FakeChart.made[0];

  it('draws one stacked bar chart on its canvas, which says in words what it shows', () => {
    const canvas = find<HTMLCanvasElement>(fixture.nativeElement as HTMLElement, 'canvas');
    expect(FakeChart.made).toHaveLength(1);
    expect(chart().canvas).toBe(canvas);
    expect(chart().config.type).toBe('bar');
    expect(chart().data.labels).toEqual(['30 Nov', '1 Dec']);
    expect(chart().data.datasets.map((set) => [set.label, set.data, set.stack])).toEqual([
      ['Recorded', [4, 3], 'answered'],
      ['Missing', [0, 0], 'answered'],
      ['Failed', [0, 0], 'answered'],
      ['Absent', [0, 2], 'answered'],
    ]);
    expect(canvas.getAttribute('role')).toBe('img');
    expect(canvas.getAttribute('aria-label')).toContain('the lowest is 1 Dec at 60.0%');
  });

  it('redraws the same chart when the rows or the selected day change', async () => {
    const before = chart().updates;
    fixture.componentRef.setInput('rows', [coverageRow({ key: '2026-12-02', label: '2 Dec', answered: 1, recorded: 0, missing: 1 })]);
    await settle();
    expect(FakeChart.made).toHaveLength(1);
    expect(chart().updates).toBeGreaterThan(before);
    expect(chart().data.labels).toEqual(['2 Dec']);
    expect(chart().data.datasets[1].data).toEqual([1]);

    const updates = chart().updates;
    fixture.componentRef.setInput('selectedKey', '2026-12-01');
    fixture.componentRef.setInput('rows', rows);
    await settle();
    expect(chart().updates).toBeGreaterThan(updates);
    const colours = chart().data.datasets[0].backgroundColor as string[];
    // The day drilled into keeps its colour; the other fades.
    expect(colours[0]).toMatch(/^#[0-9a-f]{6}59$/i);
    expect(colours[1]).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('reports the day whose bar was clicked, and nothing for a click beside the bars', () => {
    const picked: string[] = [];
    fixture.componentInstance.picked.subscribe((key) => picked.push(key));
    const onClick = chart().config.options?.onClick as unknown as (event: unknown, elements: { index: number }[]) => void;
    onClick({}, [{ index: 1 }]);
    onClick({}, []);
    expect(picked).toEqual(['2026-12-01']);
  });

  it('destroys the chart with the component', () => {
    fixture.destroy();
    expect(chart().destroyed).toBe(true);
  });
});
