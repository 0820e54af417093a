/** Twilio renders every timestamp as RFC 2822 in UTC, e.g. `Tue, 31 Aug 2010 20:36:29 +0000`. */
export function rfc2822(date: Date | number): string {
  return new Date(date).toUTCString().replace(/GMT$/, '+0000');
}

export interface DateBound {
  /** inclusive lower bound in epoch ms */
  from: number;
  /** inclusive upper bound in epoch ms */
  to: number;
}

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Twilio's list filters take `YYYY-MM-DD` (the documented form) but twilio-node serialises Date
 * objects as `YYYY-MM-DDTHH:mm:ssZ`, so both are accepted. A bare date covers that whole UTC day.
 */
export function parseDateFilter(value: string): DateBound | null {
  if (DATE_ONLY.test(value)) {
    const from = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(from) || new Date(from).toISOString().slice(0, 10) !== value) return null;
    return { from, to: from + DAY_MS - 1 };
  }
  if (DATE_TIME.test(value)) {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return null;
    const second = Math.floor(at / 1000) * 1000;
    return { from: second, to: second + 999 };
  }
  return null;
}
