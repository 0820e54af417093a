import { Injectable, signal } from '@angular/core';
import { ExportFilters } from '@callrec/contracts';

/**
 * The call-records grid's filters as last shown, in the API's words, for an evidence export of
 * "the current filters" from the Exports page. Lives as long as the tab: a reload forgets it,
 * and the dialog then offers the whole grid.
 */
@Injectable({ providedIn: 'root' })
export class LastGridFilters {
  private readonly filters = signal<ExportFilters | null>(null);

  public readonly value = this.filters.asReadonly();

  public remember(filters: ExportFilters): void {
    this.filters.set(filters);
  }
}
