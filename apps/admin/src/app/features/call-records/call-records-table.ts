import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSort, MatSortHeader, Sort } from '@angular/material/sort';
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
import { CallRecordDto, CallRecordSort, RecordingSummary, UNASSIGNED_AGENT_LABEL } from '@callrec/contracts';
import { DurationPipe } from '../../ui/duration/duration.pipe';
import { FileSizePipe } from '../../ui/file-size/file-size.pipe';
import { CallStatusChip } from '../../ui/status-chips/call-status-chip';
import { OutcomeChip } from '../../ui/status-chips/outcome-chip';
import { RecordingStatusChip } from '../../ui/status-chips/recording-status-chip';
import { StatusChip } from '../../ui/status-chips/status-chip';
import { sortFromState, sortState } from './call-record-filters';
import { calleeName, primaryRecording } from './call-record-view';

interface Row {
  readonly call: CallRecordDto;
  readonly recording: RecordingSummary | null;
  readonly playable: boolean;
  readonly callee: string;
}

/** What an orphan is, for the chip that marks one. */
export const ORPHAN_TOOLTIP = 'Recorded by Twilio without a call placed through us; adopted by reconciliation';

export const CALL_RECORD_COLUMNS = [
  'placedAt',
  'agent',
  'contact',
  'dataList',
  'durationSeconds',
  'outcome',
  'status',
  'recording',
  'actions',
] as const;

/**
 * One page of calls. Purely presentational: sorting, playing and downloading are reported
 * to the page, which owns the URL and the player.
 */
@Component({
  selector: 'app-call-records-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    CallStatusChip,
    DatePipe,
    DurationPipe,
    FileSizePipe,
    MatCell,
    MatCellDef,
    MatColumnDef,
    MatHeaderCell,
    MatHeaderCellDef,
    MatHeaderRow,
    MatHeaderRowDef,
    MatIcon,
    MatIconButton,
    MatRow,
    MatRowDef,
    MatSort,
    MatSortHeader,
    MatTable,
    MatTooltip,
    OutcomeChip,
    RecordingStatusChip,
    RouterLink,
    StatusChip,
  ],
  templateUrl: './call-records-table.html',
  styleUrl: './call-records-table.scss',
})
export class CallRecordsTable {
  public readonly calls = input.required<readonly CallRecordDto[]>();
  public readonly sort = input.required<CallRecordSort>();
  public readonly highlighted = input<ReadonlySet<string>>(new Set());
  public readonly selectedId = input<string | null>(null);
  public readonly canDownload = input(false);
  /** A newer page is on its way: the rows shown are about to change. */
  public readonly busy = input(false);
  public readonly sortChange = output<CallRecordSort>();
  public readonly download = output<CallRecordDto>();
  /** A row's play control was activated (click or Enter): the player it opens should play at once. */
  public readonly playRequested = output<CallRecordDto>();

  protected readonly columns = CALL_RECORD_COLUMNS;
  protected readonly unassigned = UNASSIGNED_AGENT_LABEL;
  protected readonly orphanTooltip = ORPHAN_TOOLTIP;
  protected readonly sortView = computed(() => sortState(this.sort()));
  protected readonly rows = computed<Row[]>(() =>
    this.calls().map((call) => {
      const recording = primaryRecording(call);
      return { call, recording, playable: recording?.status === 'STORED', callee: calleeName(call) };
    }),
  );

  protected onSort(sort: Sort): void {
    this.sortChange.emit(sortFromState(sort.active, sort.direction));
  }

  protected trackRow(_index: number, row: Row): string {
    return row.call.id;
  }
}
