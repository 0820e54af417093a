import { ConflictException, GoneException, Injectable, NotFoundException } from '@nestjs/common';
import { MANUAL_DIAL_LABEL, UNASSIGNED_AGENT_LABEL, RecordingMetadata, RecordingPeaks, RecordingStatus } from '@callrec/contracts';
import { WrappedKey } from '../../services/crypto/key-encryption';
import { PrismaService } from '../../services/prisma/prisma.service';
import { StorageBackend } from '../../services/storage/recording-store';
import { RecordingJobsService } from '../../services/queues/recording-jobs.service';
import { AuditWriter } from '../audit/audit.writer';
import { RequestContext } from '../../common/request-context';
import { fromDbCallStatus } from '../../common/call-status';

const METADATA_SELECT = {
  id: true,
  twilioRecordingSid: true,
  status: true,
  durationSeconds: true,
  sizeBytes: true,
  mimeType: true,
  channels: true,
  sha256: true,
  storedAt: true,
  storageKey: true,
  storageBackend: true,
  lockedUntil: true,
  objectLegalHold: true,
  source: true,
  startedAt: true,
  attempts: true,
  lastError: true,
  errorCode: true,
  deletedAtSource: true,
  deletedAt: true,
  deletedBy: true,
  deletionReason: true,
  encrypted: true,
  keyShreddedAt: true,
  dataKey: { select: { kekId: true } },
  callRecord: {
    select: {
      id: true,
      twilioCallSid: true,
      placedAt: true,
      durationSeconds: true,
      status: true,
      outcome: true,
      toNumber: true,
      fromNumber: true,
      agent: { select: { id: true, name: true } },
      contact: { select: { id: true, name: true, phone: true } },
      dataList: { select: { id: true, name: true } },
    },
  },
} as const;

export interface PlayableRecording {
  id: string;
  storageKey: string;
  storageBackend: StorageBackend | null;
  sizeBytes: number;
  /** Stored encrypted (design 9.5): only the API can serve it, never a presigned link. */
  encrypted: boolean;
  /**
   * An encrypted row's wrapped data key, read with the row (null: it has none, it was shredded),
   * so a range costs one statement, not two. Never answered, never logged.
   */
  dataKey: WrappedKey | null;
  sha256: string;
  mimeType: string;
  twilioRecordingSid: string;
  placedAt: Date;
  agentName: string;
  toNumber: string;
}

interface PlayableRow {
  id: string;
  status: RecordingStatus;
  storageKey: string | null;
  storageBackend: StorageBackend | null;
  sizeBytes: number | null;
  encrypted: boolean;
  kekId: string | null;
  wrappedDek: Uint8Array | null;
  sha256: string | null;
  mimeType: string | null;
  twilioRecordingSid: string;
  deletedAt: Date | null;
  placedAt: Date;
  toNumber: string;
  agentName: string;
}

@Injectable()
export class RecordingsService {
  public constructor(
    private readonly audit: AuditWriter,
    private readonly jobs: RecordingJobsService,
    private readonly prisma: PrismaService,
  ) {}

  public async metadata(id: string, context: RequestContext): Promise<RecordingMetadata> {
    const metadata = await this.loadMetadata(id);
    await this.audit.record({ action: 'RECORDING_METADATA_VIEWED', context, recordingId: id });
    return metadata;
  }

  private async loadMetadata(id: string): Promise<RecordingMetadata> {
    const row = await this.prisma.recording.findUnique({ where: { id }, select: METADATA_SELECT });
    if (!row) throw new NotFoundException(`Recording ${id} not found`);
    const { callRecord: call, storageKey: _storageKey, storageBackend, lockedUntil, objectLegalHold, encrypted, dataKey, ...recording } = row;
    return {
      ...recording,
      storage:
        storageBackend && (recording.status === 'STORED' || recording.status === 'DELETING')
          ? {
              backend: storageBackend,
              lockedUntil: iso(lockedUntil),
              legalHold: objectLegalHold,
              encrypted,
              // The KEK's id only: the wrapped data key never leaves the database.
              kekId: encrypted ? (dataKey?.kekId ?? null) : null,
            }
          : null,
      storedAt: iso(recording.storedAt),
      startedAt: iso(recording.startedAt),
      deletedAtSource: iso(recording.deletedAtSource),
      deletedAt: iso(recording.deletedAt),
      keyShreddedAt: iso(recording.keyShreddedAt),
      call: {
        ...call,
        placedAt: call.placedAt.toISOString(),
        status: fromDbCallStatus(call.status),
        dataListLabel: call.dataList?.name ?? MANUAL_DIAL_LABEL,
      },
    };
  }

  public async peaks(id: string): Promise<RecordingPeaks> {
    const row = await this.prisma.recording.findUnique({
      where: { id },
      select: { status: true, peaks: { select: { data: true } } },
    });
    if (!row) throw new NotFoundException(`Recording ${id} not found`);
    if (row.status === 'DELETED' || row.status === 'DELETING') throw new GoneException(`Recording ${id} was deleted`);
    if (!row.peaks) {
      throw new NotFoundException(
        row.status === 'STORED'
          ? `Recording ${id} has no stored waveform (MP3 recordings are drawn from the audio itself)`
          : `Recording ${id} is ${row.status}; its waveform exists once it is stored`,
      );
    }
    return row.peaks.data as unknown as RecordingPeaks;
  }

  /**
   * The stored file of a recording, or the reason it cannot be played. One statement, not
   * Prisma's three for the nested select: a player sends a range request per seek.
   */
  public async playable(id: string): Promise<PlayableRecording> {
    const [row] = await this.prisma.$queryRaw<PlayableRow[]>`
      SELECT r.id, r.status::text AS status, r."storageKey", r."storageBackend"::text AS "storageBackend", r."sizeBytes", r.encrypted, r.sha256, r."mimeType",
             r."twilioRecordingSid", r."deletedAt", c."placedAt", c."toNumber", COALESCE(u.name, ${UNASSIGNED_AGENT_LABEL}::text) AS "agentName", k."kekId", k."wrappedDek"
      FROM "Recording" r
      JOIN "CallRecord" c ON c.id = r."callRecordId"
      LEFT JOIN "User" u ON u.id = c."agentId"
      LEFT JOIN "RecordingKey" k ON k."recordingId" = r.id AND r.encrypted
      WHERE r.id = ${id}::uuid`;
    if (!row) throw new NotFoundException(`Recording ${id} not found`);
    if (row.status === 'DELETED' || row.status === 'DELETING') {
      throw new GoneException(`Recording ${row.twilioRecordingSid} was deleted${row.deletedAt ? ` on ${iso(row.deletedAt)}` : ''}`);
    }
    if (row.status !== 'STORED' || !row.storageKey || row.sizeBytes === null || !row.sha256 || !row.mimeType) {
      throw new ConflictException(`Recording ${row.twilioRecordingSid} is ${row.status}, not stored yet`);
    }
    return {
      id: row.id,
      storageKey: row.storageKey,
      storageBackend: row.storageBackend,
      sizeBytes: row.sizeBytes,
      encrypted: row.encrypted,
      dataKey: row.kekId !== null && row.wrappedDek !== null ? { kekId: row.kekId, wrapped: Buffer.from(row.wrappedDek) } : null,
      sha256: row.sha256,
      mimeType: row.mimeType,
      twilioRecordingSid: row.twilioRecordingSid,
      placedAt: row.placedAt,
      agentName: row.agentName,
      toNumber: row.toNumber,
    };
  }

  public async recordDownload(recordingId: string, context: RequestContext): Promise<void> {
    await this.audit.record({ action: 'RECORDING_DOWNLOADED', context, recordingId });
  }

  /** ADMIN: downloads a FAILED recording again. */
  public async retry(id: string, context: RequestContext): Promise<RecordingMetadata> {
    const row = await this.prisma.recording.findUnique({ where: { id }, select: { status: true, twilioRecordingSid: true, lastError: true } });
    if (!row) throw new NotFoundException(`Recording ${id} not found`);
    if (row.status !== 'FAILED') {
      throw new ConflictException(`Only FAILED recordings can be retried; ${row.twilioRecordingSid} is ${row.status}`);
    }
    await this.prisma.$transaction(async (tx) => {
      // Conditional: of two retries at once one wins, and a run that claimed the row meanwhile is left alone.
      const reset = await tx.recording.updateMany({ where: { id, status: 'FAILED' }, data: { status: 'PENDING' } });
      if (reset.count === 0) throw new ConflictException(`${row.twilioRecordingSid} is no longer FAILED: someone retried it meanwhile`);
      await this.audit.record({ action: 'RECORDING_RETRIED', context, recordingId: id, details: { previousError: row.lastError } }, tx);
    });
    await this.jobs.enqueueDownload({ recordingId: id, twilioRecordingSid: row.twilioRecordingSid });
    return this.loadMetadata(id);
  }
}

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
