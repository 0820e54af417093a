import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MatCell,
  MatCellDef,
  MatColumnDef,
  MatHeaderCell,
  MatHeaderCellDef,
  MatHeaderRow,
  MatHeaderRowDef,
  MatRow,
  MatRowDef,
  MatTable,
} from '@angular/material/table';
import { CoverageRow } from '@callrec/contracts';
import { percent } from '../../ui/coverage-chart/coverage-chart-data';

/**
 * One cut of the coverage report (by agent, data list or day), in the order given (the store
 * puts the worst first). A row with calls not recorded offers its list of them.
 */
@Component({
  selector: 'app-coverage-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DecimalPipe,
    MatButton,
    MatCell,
    MatCellDef,
    MatColumnDef,
    MatHeaderCell,
    MatHeaderCellDef,
    MatHeaderRow,
    MatHeaderRowDef,
    MatRow,
    MatRowDef,
    MatTable,
  ],
  template: `
    <table mat-table [dataSource]="rows()" [attr.aria-label]="caption()" class="coverage-table">
      <ng-container matColumnDef="label">
        <th mat-header-cell *matHeaderCellDef scope="col">{{ groupLabel() }}</th>
        <td mat-cell *matCellDef="let row" class="label">{{ row.label }}</td>
      </ng-container>
      <ng-container matColumnDef="answered">
        <th mat-header-cell *matHeaderCellDef scope="col" class="num">Answered</th>
        <td mat-cell *matCellDef="let row" class="num">{{ row.answered | number }}</td>
      </ng-container>
      <ng-container matColumnDef="recorded">
        <th mat-header-cell *matHeaderCellDef scope="col" class="num">Recorded</th>
        <td mat-cell *matCellDef="let row" class="num">{{ row.recorded | number }}</td>
      </ng-container>
      <ng-container matColumnDef="gaps">
        <th mat-header-cell *matHeaderCellDef scope="col" class="num">Not recorded</th>
        <td mat-cell *matCellDef="let row" class="num gaps">
          @if (gaps(row) > 0 && row.key !== undrillableKey()) {
            <button
              mat-button
              type="button"
              class="drill"
              [attr.aria-pressed]="row.key === selectedKey()"
              [attr.aria-label]="'List the ' + gaps(row) + ' calls not recorded: ' + row.label"
              (click)="picked.emit(row.key)"
              data-testid="coverage-drill"
            >
              {{ gaps(row) | number }}
            </button>
            <span class="breakdown">{{ breakdown(row) }}</span>
          } @else if (gaps(row) > 0) {
            <span class="plain">{{ gaps(row) | number }}</span>
            <span class="breakdown">{{ breakdown(row) }}</span>
          } @else {
            <span class="none">0</span>
          }
        </td>
      </ng-container>
      <ng-container matColumnDef="coverage">
        <th mat-header-cell *matHeaderCellDef scope="col" class="num">Coverage</th>
        <td mat-cell *matCellDef="let row" class="num coverage" [class.alert]="row.answered > 0 && row.coverage < alertBelow()">
          {{ percentOf(row.coverage) }}
        </td>
      </ng-container>

      <tr mat-header-row *matHeaderRowDef="columns"></tr>
      <tr
        mat-row
        *matRowDef="let row; columns: columns"
        [class.selected]="row.key === selectedKey()"
        [attr.data-key]="row.key"
        data-testid="coverage-row"
      ></tr>
    </table>
  `,
  styles: `
    :host {
      display: block;
      overflow-x: auto;
    }
    .coverage-table {
      width: 100%;
      background: transparent;
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .label {
      font: var(--mat-sys-title-small);
    }
    .gaps {
      line-height: 1.2;
    }
    .drill {
      min-width: 0;
      padding: 0 8px;
      --mat-button-text-label-text-color: var(--mat-sys-error);
      font-variant-numeric: tabular-nums;
    }
    .breakdown {
      display: block;
      padding-right: 8px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .plain {
      padding-right: 8px;
      color: var(--mat-sys-error);
    }
    .none {
      padding-right: 8px;
      color: var(--mat-sys-on-surface-variant);
    }
    .coverage {
      font: var(--mat-sys-title-small);
      color: var(--app-success);
    }
    .coverage.alert {
      color: var(--mat-sys-error);
    }
    tr.selected {
      background: var(--mat-sys-secondary-container);
    }
  `,
})
export class CoverageTable {
  public readonly rows = input.required<readonly CoverageRow[]>();
  /** The first column's heading: Agent, Data list or Day. */
  public readonly groupLabel = input.required<string>();
  public readonly caption = input.required<string>();
  public readonly alertBelow = input(1);
  public readonly selectedKey = input<string | null>(null);
  /** A row whose calls the API cannot list on their own (orphans with no agent): shown, not drillable. */
  public readonly undrillableKey = input<string | null>(null);
  public readonly picked = output<string>();

  protected readonly columns = ['label', 'answered', 'recorded', 'gaps', 'coverage'];

  protected gaps(row: CoverageRow): number {
    return row.missing + row.failed + row.absent;
  }

  protected breakdown(row: CoverageRow): string {
    const parts = [
      row.missing > 0 ? `${row.missing} missing` : null,
      row.failed > 0 ? `${row.failed} failed` : null,
      row.absent > 0 ? `${row.absent} absent` : null,
    ];
    return parts.filter((part) => part !== null).join(' · ');
  }

  protected percentOf(coverage: number): string {
    return percent(coverage);
  }
}
