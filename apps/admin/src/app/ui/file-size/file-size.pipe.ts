import { Pipe, PipeTransform } from '@angular/core';

const UNITS = ['KB', 'MB', 'GB', 'TB'];

/**
 * Bytes in decimal units (1 KB = 1000 bytes), as storage vendors and the download dialog of
 * every browser count them: `640 KB`, `2.1 MB`. Three significant figures at most.
 */
export function formatFileSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) {
    return '—';
  }
  if (bytes < 1000) {
    return `${Math.round(bytes)} B`;
  }
  let value = bytes;
  let unit = -1;
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  // Trailing zeros carry no information: "2.10 MB" reads as "2.1 MB".
  return `${Number(value.toFixed(digits))} ${UNITS[unit]}`;
}

@Pipe({ name: 'fileSize' })
export class FileSizePipe implements PipeTransform {
  public transform(bytes: number | null | undefined): string {
    return formatFileSize(bytes);
  }
}
