/** Keeps letters, digits, dot, dash and underscore: nothing a header or a file system can trip on. */
function safe(part: string): string {
  return part
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
}

/** `<date>_<agent>_<to>_<RecordingSid>.<ext>`, e.g. `2026-11-25_Jordan-Reyes_14155550101_RE….wav`. */
export function downloadFilename(input: {
  placedAt: Date;
  agentName: string;
  toNumber: string;
  recordingSid: string;
  extension: string;
}): string {
  const date = input.placedAt.toISOString().slice(0, 10);
  const parts = [date, safe(input.agentName) || 'agent', safe(input.toNumber) || 'unknown', safe(input.recordingSid)];
  return `${parts.join('_')}.${safe(input.extension) || 'bin'}`;
}
