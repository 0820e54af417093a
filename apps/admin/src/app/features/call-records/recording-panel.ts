import { DatePipe } from '@angular/common';
import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, viewChild } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { Router } from '@angular/router';
import { CallRecordDto, MediaTokenResponse, RecordingStorageFacts, ROLE_CAPABILITIES, UNASSIGNED_AGENT_LABEL } from '@callrec/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { loadedValue } from '../../core/loading/loadable';
import { Notifier } from '../../core/notifications/notifier';
import { RecordingDownloadService } from '../../data-access/recording-download.service';
import { RecordingsApiService } from '../../data-access/recordings-api.service';
import { DurationPipe } from '../../ui/duration/duration.pipe';
import { ErrorState } from '../../ui/error-state/error-state';
import { FileSizePipe } from '../../ui/file-size/file-size.pipe';
import { RecordingPlayer } from '../../ui/player/recording-player';
import { openReasonDialog } from '../../ui/reason-dialog/reason-dialog';
import { CallStatusChip } from '../../ui/status-chips/call-status-chip';
import { OutcomeChip } from '../../ui/status-chips/outcome-chip';
import { RecordingStatusChip } from '../../ui/status-chips/recording-status-chip';
import { StatusChip } from '../../ui/status-chips/status-chip';
import { isLiveCall } from '../../ui/status-chips/status-labels';
import { openAttachCallDialog } from './attach-call-dialog';
import { calleeName } from './call-record-view';
import { CallRecordsStore } from './call-records.store';
import { ORPHAN_TOOLTIP } from './call-records-table';
import { deleteRecordingDialog } from './delete-recording-dialog';
import { PlayIntent } from './play-intent';
import { recordingNotice } from './recording-notice';
import { RecordingPanelStore } from './recording-panel.store';

/** The player drawer of `/call-records/:id`: one call, its recording and every fact about it. */
@Component({
  selector: 'app-recording-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [RecordingPanelStore],
  imports: [
    CallStatusChip,
    DatePipe,
    DurationPipe,
    ErrorState,
    FileSizePipe,
    MatButton,
    MatIcon,
    MatIconButton,
    MatTooltip,
    OutcomeChip,
    RecordingPlayer,
    RecordingStatusChip,
    StatusChip,
  ],
  templateUrl: './recording-panel.html',
  styleUrl: './recording-panel.scss',
  host: { '(keydown.escape)': 'close()' },
})
export class RecordingPanel {
  private readonly dialog = inject(MatDialog);
  private readonly downloads = inject(RecordingDownloadService);
  private readonly notifier = inject(Notifier);
  private readonly playIntent = inject(PlayIntent);
  private readonly recordings = inject(RecordingsApiService);
  private readonly router = inject(Router);
  private readonly session = inject(AuthSessionStore);
  private readonly heading = viewChild<ElementRef<HTMLElement>>('heading');
  /** The grid behind the drawer, when there is one, so an attached call's row changes too. */
  private readonly grid = inject(CallRecordsStore, { optional: true });

  protected readonly store = inject(RecordingPanelStore);
  protected readonly canDownload = computed(() => {
    const role = this.session.role();
    return role !== null && ROLE_CAPABILITIES[role].download;
  });
  protected readonly isAdmin = computed(() => this.session.role() === 'ADMIN');
  protected readonly unassigned = UNASSIGNED_AGENT_LABEL;
  protected readonly orphanTooltip = ORPHAN_TOOLTIP;
  protected readonly ready = computed(() => loadedValue(this.store.state()));
  protected readonly title = computed(() => {
    const ready = this.ready();
    return ready ? `Call with ${calleeName(ready.call)}` : 'Call';
  });
  protected readonly notice = computed(() => {
    const ready = this.ready();
    return ready ? recordingNotice(ready.call, ready.recording) : null;
  });
  protected readonly live = computed(() => {
    const ready = this.ready();
    return ready ? isLiveCall(ready.call.status) : false;
  });

  public constructor() {
    // Focus lands in the drawer, so keyboard users are where the content appeared.
    afterNextRender(() => this.heading()?.nativeElement.focus());
  }

  protected close(): void {
    void this.router.navigate(['/call-records'], { queryParamsHandling: 'preserve' });
  }

  /**
   * The player streams through short-lived tokens; it asks for them through this. The first
   * may already be on its way, asked for in the grid's play click.
   */
  protected readonly fetchMediaToken = (recordingId: string): Promise<MediaTokenResponse> =>
    this.playIntent.takeToken(recordingId) ?? firstValueFrom(this.recordings.mediaToken(recordingId));

  /** Opened by a play click: the player adopts the audio the click started (once), and keeps it playing. */
  protected readonly claimAudio = (recordingId: string): HTMLAudioElement | null =>
    this.playIntent.claimAutoplay(recordingId) ? this.playIntent.takeAudio(recordingId) : null;

  protected download(recordingId: string): void {
    void this.downloads.download(recordingId);
  }

  protected async retry(recordingId: string, sid: string): Promise<void> {
    const refusal = await this.store.retry(recordingId);
    if (refusal) {
      this.notifier.error(refusal);
    } else {
      this.notifier.success(`Downloading ${sid} again`);
    }
  }

  /** ADMIN, stored recordings only; a legal hold's refusal is shown in the dialog. */
  protected confirmDelete(recordingId: string, sid: string): void {
    openReasonDialog(this.dialog, deleteRecordingDialog(this.recordings, recordingId, sid)).subscribe((tombstone) => {
      if (tombstone) {
        this.notifier.success(`${sid} is deleted; its tombstone is in the audit log`);
        this.store.reload();
      }
    });
  }

  /** ADMIN: says whose an orphan was; the panel and the grid's row then show it. */
  protected attach(call: CallRecordDto): void {
    openAttachCallDialog(this.dialog, call).subscribe((attached) => {
      if (attached) {
        this.notifier.success(`The call is attached to ${attached.agent?.name ?? UNASSIGNED_AGENT_LABEL}`);
        this.store.reload();
        this.grid?.reload();
      }
    });
  }

  protected formatLabel(mimeType: string | null): string {
    if (!mimeType) {
      return '—';
    }
    const short = mimeType === 'audio/mpeg' ? 'MP3' : mimeType === 'audio/wav' || mimeType === 'audio/x-wav' ? 'WAV' : mimeType;
    return short === mimeType ? mimeType : `${short} (${mimeType})`;
  }

  /** Where the bytes are and what protects them, in the words a compliance officer uses. */
  protected storageLabel(storage: RecordingStorageFacts): string {
    const place = storage.backend === 'S3' ? 'S3 bucket' : 'Local disk';
    const protections = [storage.lockedUntil ? 'Object Lock' : null, storage.legalHold ? 'legal hold in the bucket' : null].filter(
      (part) => part !== null,
    );
    return protections.length > 0 ? `${place} · ${protections.join(' · ')}` : place;
  }

  /** Encryption at rest (design 9.5): the KEK's id, which is what an operator rotates or retires. */
  protected encryptionLabel(storage: RecordingStorageFacts): string {
    if (!storage.encrypted) {
      return 'Not encrypted';
    }
    return storage.kekId ? `Encrypted (key ${storage.kekId})` : 'Encrypted';
  }

  protected channelsLabel(channels: number | null): string {
    if (channels === 2) {
      return '2: agent and customer';
    }
    return channels === 1 ? '1: both sides mixed' : '—';
  }

  protected copy(text: string): void {
    void navigator.clipboard
      ?.writeText(text)
      .then(() => this.notifier.success('SHA-256 copied'))
      .catch(() => this.notifier.error('The browser did not allow copying; select the text instead.'));
  }
}
