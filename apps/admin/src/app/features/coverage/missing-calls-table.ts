import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconAnchor } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
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
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { CoverageMissingItem, UNASSIGNED_AGENT_LABEL } from '@callrec/contracts';
import { DurationPipe } from '../../ui/duration/duration.pipe';
import { CoverageReasonChip } from '../../ui/status-chips/coverage-reason-chip';

/** The answered calls that have no stored recording, each with why and a link to the call. */
@Component({
  selector: 'app-missing-calls-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    CoverageReasonChip,
    DatePipe,
    DurationPipe,
    MatCell,
    MatCellDef,
    MatColumnDef,
    MatHeaderCell,
    MatHeaderCellDef,
    MatHeaderRow,
    MatHeaderRowDef,
    MatIcon,
    MatIconAnchor,
    MatRow,
    MatRowDef,
    MatTable,
    MatTooltip,
    RouterLink,
  ],
  template: `
    <table mat-table [dataSource]="items()" class="missing-table" aria-label="Calls not recorded">
      <ng-container matColumnDef="placedAt">
        <th mat-header-cell *matHeaderCellDef scope="col">Placed at</th>
        <td mat-cell *matCellDef="let item" class="nowrap">
          {{ item.placedAt | date: 'mediumDate' }} <span class="secondary">{{ item.placedAt | date: 'shortTime' }}</span>
        </td>
      </ng-container>
      <ng-container matColumnDef="reason">
        <th mat-header-cell *matHeaderCellDef scope="col">Reason</th>
        <td mat-cell *matCellDef="let item" class="reason">
          <app-coverage-reason-chip [reason]="item.reason" />
          <span class="detail" data-testid="missing-detail">{{ item.detail }}</span>
        </td>
      </ng-container>
      <ng-container matColumnDef="agent">
        <th mat-header-cell *matHeaderCellDef scope="col">Agent</th>
        <td mat-cell *matCellDef="let item" [class.unassigned]="!item.agent">{{ item.agent?.name ?? unassigned }}</td>
      </ng-container>
      <ng-container matColumnDef="toNumber">
        <th mat-header-cell *matHeaderCellDef scope="col">Number</th>
        <td mat-cell *matCellDef="let item" class="nowrap phone">{{ item.toNumber }}</td>
      </ng-container>
      <ng-container matColumnDef="dataList">
        <th mat-header-cell *matHeaderCellDef scope="col">Data list</th>
        <td mat-cell *matCellDef="let item">{{ item.dataListLabel }}</td>
      </ng-container>
      <ng-container matColumnDef="duration">
        <th mat-header-cell *matHeaderCellDef scope="col" class="num">Duration</th>
        <td mat-cell *matCellDef="let item" class="num">{{ item.durationSeconds | duration }}</td>
      </ng-container>
      <ng-container matColumnDef="open">
        <th mat-header-cell *matHeaderCellDef scope="col"><span class="cdk-visually-hidden">Call</span></th>
        <td mat-cell *matCellDef="let item" class="open">
          <a
            mat-icon-button
            [routerLink]="['/call-records', item.callRecordId]"
            [attr.aria-label]="'Open the call to ' + item.toNumber"
            matTooltip="Open the call"
            data-testid="missing-open"
          >
            <mat-icon>open_in_new</mat-icon>
          </a>
        </td>
      </ng-container>

      <tr mat-header-row *matHeaderRowDef="columns"></tr>
      <tr mat-row *matRowDef="let item; columns: columns" [attr.data-call-id]="item.callRecordId" data-testid="missing-call"></tr>
    </table>
  `,
  styles: `
    :host {
      display: block;
      overflow-x: auto;
    }
    .missing-table {
      width: 100%;
      background: transparent;
    }
    .nowrap {
      white-space: nowrap;
    }
    .secondary,
    .detail,
    .unassigned {
      color: var(--mat-sys-on-surface-variant);
    }
    .reason {
      padding-top: 8px;
      padding-bottom: 8px;
    }
    .detail {
      display: block;
      margin-top: 4px;
      max-width: 46ch;
      font: var(--mat-sys-body-small);
    }
    .unassigned {
      font-style: italic;
    }
    .phone {
      font-variant-numeric: tabular-nums;
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .open {
      width: 48px;
      text-align: right;
    }
  `,
})
export class MissingCallsTable {
  public readonly items = input.required<readonly CoverageMissingItem[]>();

  protected readonly columns = ['placedAt', 'reason', 'agent', 'toNumber', 'dataList', 'duration', 'open'];
  protected readonly unassigned = UNASSIGNED_AGENT_LABEL;
}
