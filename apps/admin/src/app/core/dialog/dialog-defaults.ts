import { Provider } from '@angular/core';
import { MAT_DIALOG_DEFAULT_OPTIONS, MatDialogConfig } from '@angular/material/dialog';

/**
 * Every dialog puts focus in its first field as soon as it is first rendered, rather than
 * when its open animation ends (Material's `delayFocusTrap: true`). With the delay, the CDK
 * focuses the first tabbable element 150 ms after opening whatever has focus by then
 * (`CdkDialogContainer._trapFocus`, case 'first-tabbable', has no "already inside" check),
 * so someone who clicked into a later field and started typing saw the rest of their text
 * land in the first one. Focused at once, nothing moves focus afterwards; keyboard users
 * still start in the first field, and focus still returns to the opener on close.
 *
 * Spread over a full MatDialogConfig: MatDialog hands the container the merged options
 * as they are, so a partial object would leave `autoFocus` undefined.
 */
export const DIALOG_DEFAULTS: MatDialogConfig = { ...new MatDialogConfig(), delayFocusTrap: false };

export function provideDialogDefaults(): Provider {
  return { provide: MAT_DIALOG_DEFAULT_OPTIONS, useValue: DIALOG_DEFAULTS };
}
