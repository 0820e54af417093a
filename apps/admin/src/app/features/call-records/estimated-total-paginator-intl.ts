import { Injectable } from '@angular/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { EXACT_TOTAL_LIMIT } from '@callrec/contracts';

const count = new Intl.NumberFormat('en-US');

/**
 * The grid paginator's "1 – 25 of N". Past the exact count the total is the database's estimate
 * and the paginator's length only keeps Next enabled, so the label says what is known instead.
 */
@Injectable()
export class EstimatedTotalPaginatorIntl extends MatPaginatorIntl {
  private estimate: number | null = null;

  // Material's own label when the total is exact ("1 – 25 of 60", "0 of 0").
  public override getRangeLabel = (page: number, pageSize: number, length: number): string => {
    if (length === 0 || pageSize === 0) {
      return `0 of ${length}`;
    }
    const start = page * pageSize + 1;
    const end = Math.min((page + 1) * pageSize, Math.max(length, start));
    if (this.estimate === null) {
      return `${start} – ${end} of ${length}`;
    }
    const total =
      this.estimate > EXACT_TOTAL_LIMIT + 1 ? `about ${count.format(this.estimate)}` : `more than ${count.format(EXACT_TOTAL_LIMIT)}`;
    return `${count.format(start)} – ${count.format(end)} of ${total}`;
  };

  /** null: the total is exact. */
  public setEstimate(estimate: number | null): void {
    if (estimate !== this.estimate) {
      this.estimate = estimate;
      this.changes.next();
    }
  }
}
