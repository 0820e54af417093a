import { DatePipe, DecimalPipe, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { ParkedWebhookEvent, PipelineRecording } from '@callrec/contracts';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { ErrorState } from '../../ui/error-state/error-state';
import { PageHeader } from '../../ui/page-header/page-header';
import { RecordingStatusChip } from '../../ui/status-chips/recording-status-chip';
import { PipelinePageStore } from './pipeline-page.store';

interface Stat {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly hint: string;
  readonly tone: 'neutral' | 'info' | 'error' | 'warning';
}

const WEBHOOK_KIND_LABELS: Record<string, string> = {
  'call-status': 'Call status',
  'recording-status': 'Recording status',
};

const QUEUE_LABELS: Record<string, string> = {
  webhooks: 'Twilio callbacks',
  recordings: 'Downloads',
  maintenance: 'Sweeps',
};

/** ADMIN: where recordings stand between Twilio and storage, so a missing one is noticed the same day. */
@Component({
  selector: 'app-pipeline-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [PipelinePageStore],
  imports: [
    DatePipe,
    DecimalPipe,
    EmptyState,
    ErrorState,
    MatButton,
    MatIcon,
    MatIconButton,
    MatProgressBar,
    MatTooltip,
    NgTemplateOutlet,
    PageHeader,
    RecordingStatusChip,
    RouterLink,
  ],
  templateUrl: './pipeline-page.html',
  styleUrl: './pipeline-page.scss',
})
export class PipelinePage {
  protected readonly store = inject(PipelinePageStore);

  protected readonly stats = computed<Stat[]>(() => {
    const overview = this.store.overview();
    if (!overview) {
      return [];
    }
    const { counts } = overview;
    const queued = Object.values(overview.queues).reduce((sum, queue) => sum + queue.waiting + queue.active + queue.delayed, 0);
    return [
      {
        key: 'pending',
        label: 'Pending',
        value: counts.PENDING,
        hint: 'Twilio has them; not downloaded yet',
        tone: counts.PENDING ? 'info' : 'neutral',
      },
      {
        key: 'downloading',
        label: 'Downloading',
        value: counts.DOWNLOADING,
        hint: 'Being fetched and verified now',
        tone: counts.DOWNLOADING ? 'info' : 'neutral',
      },
      {
        key: 'failed',
        label: 'Failed',
        value: counts.FAILED,
        hint: 'Every attempt failed; retry below',
        tone: counts.FAILED ? 'error' : 'neutral',
      },
      {
        key: 'absent',
        label: 'Absent',
        value: counts.ABSENT,
        hint: 'Twilio made no recording',
        tone: counts.ABSENT ? 'warning' : 'neutral',
      },
      { key: 'queued', label: 'Queued jobs', value: queued, hint: 'Waiting, running or delayed', tone: queued ? 'info' : 'neutral' },
      { key: 'stored', label: 'Stored', value: counts.STORED, hint: 'Verified and playable', tone: 'neutral' },
    ];
  });

  protected readonly queues = computed(() =>
    Object.entries(this.store.overview()?.queues ?? {}).map(([name, depth]) => ({
      name,
      label: QUEUE_LABELS[name] ?? name,
      ...depth,
    })),
  );

  protected trackRecording(_index: number, recording: PipelineRecording): string {
    return recording.id;
  }

  protected retry(recording: PipelineRecording): void {
    void this.store.retry(recording.id, recording.twilioRecordingSid);
  }

  protected webhookKindLabel(kind: string): string {
    return WEBHOOK_KIND_LABELS[kind] ?? kind;
  }

  protected retryWebhookEvent(event: ParkedWebhookEvent): void {
    void this.store.retryWebhookEvent(event);
  }
}
