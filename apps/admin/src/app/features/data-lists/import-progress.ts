import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { ContactImportDto } from '@callrec/contracts';
import { FormError } from '../../ui/form-dialog/form-error';
import { StatusChip } from '../../ui/status-chips/status-chip';
import { cappedErrorsNote, IMPORT_STATUS_LOOKS, isFinished, UploadProgress, uploadPercent } from './import-status';

/**
 * An import as it goes: the upload's share, then the worker's counters, then what it did,
 * with the lines it rejected and why.
 */
@Component({
  selector: 'app-import-progress',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DecimalPipe, FormError, MatIcon, MatProgressBar, StatusChip],
  template: `
    @if (upload(); as sending) {
      <div class="stage" data-testid="upload-progress">
        <p class="stage-line">
          <mat-icon aria-hidden="true">upload_file</mat-icon>
          Uploading {{ sending.fileName }}
          @if (percent() !== null) {
            <span class="percent">{{ percent() }} %</span>
          }
        </p>
        <mat-progress-bar
          [mode]="percent() === null ? 'indeterminate' : 'determinate'"
          [value]="percent() ?? 0"
          [attr.aria-label]="'Uploading ' + sending.fileName"
        />
      </div>
    }
    @if (error(); as message) {
      <app-form-error [message]="message" testId="import-error" />
    }
    @if (job(); as current) {
      <div class="stage" data-testid="import-progress" [attr.data-status]="current.status">
        <p class="stage-line">
          <app-status-chip
            [label]="looks[current.status].label"
            [tone]="looks[current.status].tone"
            [icon]="looks[current.status].icon"
            [pulse]="!finished()"
          />
          <span role="status">{{ headline() }}</span>
        </p>
        @if (!finished()) {
          <mat-progress-bar mode="indeterminate" aria-label="Importing contacts" />
        }
        <ul class="counts" aria-label="Import counts">
          <li data-testid="count-total">
            <span class="value">{{ current.total | number }}</span><span class="label">lines read</span>
          </li>
          <li data-testid="count-imported" class="tone-success">
            <span class="value">{{ current.imported | number }}</span><span class="label">added</span>
          </li>
          <li data-testid="count-updated" class="tone-info">
            <span class="value">{{ current.updated | number }}</span><span class="label">updated</span>
          </li>
          <li data-testid="count-rejected" [class.tone-error]="current.rejected > 0">
            <span class="value">{{ current.rejected | number }}</span><span class="label">rejected</span>
          </li>
        </ul>
        @if (current.status === 'failed' && current.failure) {
          <app-form-error [message]="current.failure" testId="import-failure" />
        }
        @if (current.errors.length > 0) {
          <div class="errors">
            <h3 class="errors-title">Rejected lines</h3>
            @if (cappedNote(); as note) {
              <p class="capped" data-testid="errors-capped">{{ note }}</p>
            }
            <div class="errors-scroll">
              <table class="error-table" aria-label="Rejected lines">
                <thead>
                  <tr>
                    <th scope="col" class="num">Line</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  @for (lineError of current.errors; track $index) {
                    <tr data-testid="error-row">
                      <td class="num">{{ lineError.line }}</td>
                      <td>{{ lineError.message }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          </div>
        }
      </div>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .stage {
      display: flex;
      flex-direction: column;
      gap: 10px;
    }
    .stage-line {
      display: flex;
      align-items: center;
      gap: 10px;
      margin: 0;
      font: var(--mat-sys-body-large);
    }
    .percent {
      margin-left: auto;
      font-variant-numeric: tabular-nums;
      color: var(--mat-sys-on-surface-variant);
    }
    .counts {
      display: grid;
      grid-template-columns: repeat(4, minmax(0, 1fr));
      gap: 12px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .counts li {
      display: flex;
      flex-direction: column;
      gap: 2px;
      padding: 12px 14px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-low);
    }
    .counts .value {
      font: var(--mat-sys-headline-small);
      font-variant-numeric: tabular-nums;
    }
    .counts .label {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .counts .tone-error .value {
      color: var(--mat-sys-error);
    }
    .errors-title {
      margin: 4px 0;
      font: var(--mat-sys-title-small);
    }
    .capped {
      margin: 0 0 8px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .errors-scroll {
      max-height: 320px;
      overflow: auto;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    .error-table {
      width: 100%;
      border-collapse: collapse;
      font: var(--mat-sys-body-medium);
    }
    .error-table th,
    .error-table td {
      padding: 8px 14px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      text-align: left;
    }
    .error-table thead th {
      position: sticky;
      top: 0;
      background: var(--mat-sys-surface-container-lowest);
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .error-table .num {
      width: 1%;
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
  `,
})
export class ImportProgress {
  public readonly upload = input<UploadProgress | null>(null);
  public readonly job = input<ContactImportDto | null>(null);
  public readonly error = input<string | null>(null);

  protected readonly looks = IMPORT_STATUS_LOOKS;
  protected readonly percent = computed(() => {
    const upload = this.upload();
    return upload ? uploadPercent(upload) : null;
  });
  protected readonly finished = computed(() => {
    const job = this.job();
    return job !== null && isFinished(job);
  });
  protected readonly cappedNote = computed(() => {
    const job = this.job();
    return job ? cappedErrorsNote(job) : null;
  });
  protected readonly headline = computed(() => {
    const job = this.job();
    switch (job?.status) {
      case 'queued':
        return 'Uploaded; waiting for a worker to read the file…';
      case 'running':
        return 'Reading the file…';
      case 'completed':
        return job.rejected > 0 ? 'Finished, with some lines rejected.' : 'Finished: every line was taken in.';
      case 'failed':
        return 'The import stopped.';
      default:
        return '';
    }
  });
}
