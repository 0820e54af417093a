import { Pipe, PipeTransform } from '@angular/core';

/**
 * Seconds as a clock reading: `0:07`, `4:35`, `1:02:09`. Fractions are dropped rather than
 * rounded, so the elapsed time never shows a second that has not been played yet.
 */
export function formatClock(seconds: number | null | undefined): string {
  const total = Number.isFinite(seconds) && (seconds as number) > 0 ? Math.floor(seconds as number) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** A duration for reading aloud: "4 minutes 35 seconds", for screen readers and labels. */
export function spokenDuration(seconds: number | null | undefined): string {
  const total = Number.isFinite(seconds) && (seconds as number) > 0 ? Math.floor(seconds as number) : 0;
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  const parts = [
    minutes > 0 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : '',
    rest > 0 || minutes === 0 ? `${rest} second${rest === 1 ? '' : 's'}` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** `{{ call.durationSeconds | duration }}`: m:ss, or an em dash while a call has no length yet. */
@Pipe({ name: 'duration' })
export class DurationPipe implements PipeTransform {
  public transform(seconds: number | null | undefined): string {
    return seconds === null || seconds === undefined ? '—' : formatClock(seconds);
  }
}
