import { coverageRow } from '../../testing/coverage-fixtures';
import { coverageChartData, coverageChartSummary, faded, percent } from './coverage-chart-data';

describe('coverage chart data', () => {
  const rows = [
    coverageRow({ key: '2026-11-30', label: '30 Nov', answered: 4, recorded: 4 }),
    coverageRow({ key: '2026-12-01', label: '1 Dec', answered: 5, recorded: 2, missing: 1, failed: 1, absent: 1 }),
  ];
  const colours = (variable: string, fallback: string) => (variable === '--coverage-recorded' ? '#00aa00' : fallback);

  it('stacks recorded, missing, failed and absent per day, in the order of the rows', () => {
    const data = coverageChartData(rows, null, colours);
    expect(data.keys).toEqual(['2026-11-30', '2026-12-01']);
    expect(data.labels).toEqual(['30 Nov', '1 Dec']);
    expect(data.series.map((series) => [series.label, series.data])).toEqual([
      ['Recorded', [4, 2]],
      ['Missing', [0, 1]],
      ['Failed', [0, 1]],
      ['Absent', [0, 1]],
    ]);
    expect(data.series[0].colours).toEqual(['#00aa00', '#00aa00']);
  });

  it('fades every day but the one drilled into', () => {
    const data = coverageChartData(rows, '2026-12-01', colours);
    expect(data.series[0].colours).toEqual([faded('#00aa00'), '#00aa00']);
    expect(faded('#00aa00')).toBe('#00aa0059');
    expect(faded('rgb(0, 0, 0)')).toBe('rgb(0, 0, 0)');
  });

  it('says in words what the chart shows, naming the worst day', () => {
    expect(coverageChartSummary(rows)).toBe(
      'Answered calls per day, 30 Nov to 1 Dec: 9 answered. 1 day has calls not recorded; the lowest is 1 Dec at 40.0%. The numbers are in the tables below.',
    );
    expect(coverageChartSummary([rows[0]])).toBe('Answered calls per day, 30 Nov to 30 Nov: 4 answered. Every answered call was recorded.');
    expect(coverageChartSummary([])).toBe('Answered calls per day: no days in this range.');
  });

  it('never rounds a gap away: 99.96% is not 100%', () => {
    expect(percent(1)).toBe('100%');
    expect(percent(0.9996)).toBe('99.9%');
    expect(percent(0.985)).toBe('98.5%');
    expect(percent(0)).toBe('0%');
  });
});
