import { EnvReader } from './env.reader';

/** Coverage (design 9.7): which calls should have been recorded, and when to raise the alarm. */
export interface CoverageSettings {
  /** A completed call shorter than this is not counted as answered (a hang-up has nothing to record). */
  minSeconds: number;
  /** Coverage below this ratio shows on the Overview and in /api/metrics as an alert. */
  alertBelow: number;
}

export function readCoverage(r: EnvReader): { coverage: CoverageSettings } {
  return {
    coverage: {
      minSeconds: r.int('COVERAGE_MIN_SECONDS', 5, { min: 0, max: 3600 }),
      alertBelow: r.fraction('COVERAGE_ALERT_BELOW', 0.99),
    },
  };
}
