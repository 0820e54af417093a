import { CoverageRow } from '@callrec/contracts';

/** The parts of an answered call's fate the chart stacks, bottom to top. */
export const COVERAGE_SERIES = [
  { field: 'recorded', label: 'Recorded', colourVariable: '--coverage-recorded', fallback: '#1e7d3a' },
  { field: 'missing', label: 'Missing', colourVariable: '--coverage-missing', fallback: '#a15c00' },
  { field: 'failed', label: 'Failed', colourVariable: '--coverage-failed', fallback: '#ba1a1a' },
  { field: 'absent', label: 'Absent', colourVariable: '--coverage-absent', fallback: '#8a4fb0' },
] as const;

export type CoverageSeriesField = (typeof COVERAGE_SERIES)[number]['field'];

export interface CoverageChartSeries {
  readonly label: string;
  readonly field: CoverageSeriesField;
  readonly data: number[];
  /** One colour per bar: the day drilled into keeps its colour, the others fade. */
  readonly colours: string[];
}

export interface CoverageChartData {
  readonly keys: string[];
  readonly labels: string[];
  readonly series: CoverageChartSeries[];
}

/** Hex `#rrggbb` with an alpha, for the days that are not the one drilled into. */
export function faded(hex: string): string {
  return /^#[0-9a-f]{6}$/i.test(hex) ? `${hex}59` : hex;
}

/**
 * The chart's numbers, from the report's day rows: one stacked bar per day, whose height is
 * the answered calls and whose parts say what became of them.
 */
export function coverageChartData(
  rows: readonly CoverageRow[],
  selectedKey: string | null,
  colourOf: (variable: string, fallback: string) => string,
): CoverageChartData {
  return {
    keys: rows.map((row) => row.key),
    labels: rows.map((row) => row.label),
    series: COVERAGE_SERIES.map((series) => {
      const colour = colourOf(series.colourVariable, series.fallback);
      return {
        label: series.label,
        field: series.field,
        data: rows.map((row) => row[series.field]),
        colours: rows.map((row) => (selectedKey === null || row.key === selectedKey ? colour : faded(colour))),
      };
    }),
  };
}

/** What the chart shows, in words, for people who cannot see it. */
export function coverageChartSummary(rows: readonly CoverageRow[]): string {
  const answered = rows.reduce((sum, row) => sum + row.answered, 0);
  if (rows.length === 0) {
    return 'Answered calls per day: no days in this range.';
  }
  const gaps = rows.filter((row) => row.missing + row.failed + row.absent > 0);
  const worst = gaps.length === 0 ? null : gaps.reduce((a, b) => (b.coverage < a.coverage ? b : a));
  const start = `Answered calls per day, ${rows[0].label} to ${rows[rows.length - 1].label}: ${answered} answered.`;
  if (!worst) {
    return `${start} Every answered call was recorded.`;
  }
  return `${start} ${gaps.length} ${gaps.length === 1 ? 'day has' : 'days have'} calls not recorded; the lowest is ${worst.label} at ${percent(worst.coverage)}. The numbers are in the tables below.`;
}

export function percent(coverage: number): string {
  const value = coverage * 100;
  // 99.6 % is not 100 %: a gap must never round away.
  const shown = value >= 99.95 && value < 100 ? 99.9 : value;
  return `${shown.toFixed(shown === 100 || shown === 0 ? 0 : 1)}%`;
}
