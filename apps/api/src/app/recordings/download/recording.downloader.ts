import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '../../../services/config/app-config';
import { LiveEventsService } from '../../../services/events/live-events.service';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { RecordingVault, Sealer } from '../../../services/crypto/recording-vault';
import { PendingWrite, recordingKey, StorageBackend } from '../../../services/storage/recording-store';
import { RecordingStores } from '../../../services/storage/recording-stores';
import { TwilioService } from '../../../services/twilio/twilio.service';
import { ObjectLockPlanner } from '../../object-lock/object-lock.planner';
import { NO_DELIVERIES, OutboundEventsService, PendingDeliveries } from '../../outbound-webhooks/outbound-events.service';
import { SourceCopyService } from '../source-copy.service';
import { AudioInspector, InspectionResult } from './audio-inspector';
import { verifyAudio } from './audio-verification';
import { fetchMedia } from './media-fetch';
import { errorMessage } from '../../../common/errors/error-message';

export type DownloadOutcome = 'stored' | 'skipped';

export interface DownloadOptions {
  /** No attempt follows this one: a failure leaves the row FAILED rather than PENDING. */
  finalAttempt?: boolean;
}

/** What a run learns when it claims a row: the fencing token and the facts it downloads by. */
interface Claim {
  recordingId: string;
  token: string;
  twilioRecordingSid: string;
  channels: number | null;
  twilioDuration: number | null;
  attempts: number;
  callRecordId: string;
  placedAt: Date;
}

const MIME = { wav: 'audio/wav', mp3: 'audio/mpeg' } as const;

/**
 * Fetches a recording from Twilio into our storage and proves it arrived whole: the bytes
 * stream to a temporary object while being hashed and inspected, are checked against
 * Twilio's figures, and only then are moved into place and marked STORED in one transaction.
 * Any failure leaves the row un-STORED and the temporary object discarded, so the job can
 * simply run again.
 *
 * One writer per recording (design 9.1): each run claims the row with a fresh fencing token,
 * which fences out any earlier run still going (a stalled job taken over by another worker).
 * Only the run whose token is still on the row may move its object into place, mark the row
 * STORED or record its own failure; a run that lost its claim throws its own copy away and
 * never touches the stored object.
 */
@Injectable()
export class RecordingDownloader {
  private readonly logger = new Logger(RecordingDownloader.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly events: LiveEventsService,
    private readonly lockPlanner: ObjectLockPlanner,
    private readonly outbound: OutboundEventsService,
    private readonly prisma: PrismaService,
    private readonly sourceCopies: SourceCopyService,
    private readonly stores: RecordingStores,
    private readonly twilio: TwilioService,
    private readonly vault: RecordingVault,
  ) {}

  public async download(recordingId: string, { finalAttempt = false }: DownloadOptions = {}): Promise<DownloadOutcome> {
    const claim = await this.claim(recordingId);
    if (!claim) {
      this.logger.log(`Recording ${recordingId} needs no download (already settled or gone)`);
      return 'skipped';
    }
    let outcome: DownloadOutcome;
    try {
      outcome = await this.fetchAndStore(claim);
    } catch (error) {
      // The download's own error is what the job reports, even if the bookkeeping fails too.
      await this.markFailed(claim, errorMessage(error), finalAttempt).catch((markError: unknown) =>
        this.logger.error(`Could not record the failed download of ${claim.twilioRecordingSid}: ${errorMessage(markError)}`),
      );
      throw error;
    }
    if (outcome === 'stored') {
      await this.events.publish({ type: 'recording.stored', callRecordId: claim.callRecordId, recordingId });
      // A failure here is left for reconciliation, which deletes what DELETE_AT_SOURCE still owes.
      if (this.config.deleteAtSource) await this.sourceCopies.remove(recordingId, claim.twilioRecordingSid);
    }
    return outcome;
  }

  /**
   * Takes the row with a new token. A DOWNLOADING row may be claimed too: its run may be dead
   * (a killed worker) or stalled (its Bull job taken over); either way the new token fences it out.
   */
  private async claim(recordingId: string): Promise<Claim | null> {
    const token = randomUUID();
    const rows = await this.prisma.$queryRaw<Omit<Claim, 'recordingId' | 'token'>[]>`
      UPDATE "Recording" AS r
      SET status = 'DOWNLOADING', "claimToken" = ${token}::uuid, attempts = r.attempts + 1, "updatedAt" = now()
      FROM "CallRecord" AS c
      WHERE r.id = ${recordingId}::uuid AND c.id = r."callRecordId" AND r.status IN ('PENDING', 'DOWNLOADING', 'FAILED')
      RETURNING r."twilioRecordingSid", r.channels, r."twilioDuration", r.attempts, r."callRecordId", c."placedAt"`;
    return rows.length === 0 ? null : { recordingId, token, ...rows[0] };
  }

  private async fetchAndStore(claim: Claim): Promise<DownloadOutcome> {
    const sid = claim.twilioRecordingSid;
    const format = this.config.recordingFormat;
    // With ENCRYPTION_KEYS each run seals under a data key of its own; only the run that commits saves its key.
    const sealer = await this.vault.sealer(claim.recordingId);
    const key = recordingKey(sid, format, claim.placedAt, sealer !== null);
    const started = performance.now();
    this.logger.log({ recordingSid: sid, attempt: claim.attempts, step: 'fetch' }, `Downloading ${sid}`);

    const channelsQuery = claim.channels === 2 ? '?RequestedChannels=2' : '';
    const media = await fetchMedia(`${this.twilio.mediaUrl(sid, format)}${channelsQuery}`, this.twilio.basicAuthHeader());
    const inspector = new AudioInspector(format === 'wav');
    const store = this.stores.primary;
    const pending = await store.beginWrite(key);
    try {
      // The inspector sees the plaintext (hash, checks, peaks); the store sees what the sealer makes of it.
      if (sealer) await pipeline(media.body, inspector, sealer.transform, pending.stream);
      else await pipeline(media.body, inspector, pending.stream);
      const inspection = inspector.result();
      verifyAudio({
        inspection,
        durationSeconds: inspection.durationSeconds,
        contentLength: media.contentLength,
        expectedChannels: claim.channels,
        twilioDuration: claim.twilioDuration,
      });
      const deliveries = await this.commitIfOwner(claim, pending, store.backend, inspection, sealer);
      if (!deliveries) {
        // Someone else owns the row now (a run that took over this job) or it was settled
        // without us (erased before it was stored): our copy is not wanted, theirs is not ours.
        await pending.discard();
        this.logger.warn(
          { recordingSid: sid, attempt: claim.attempts, step: 'claim-lost' },
          `Lost the claim on ${sid} during its download; discarded this run's copy`,
        );
        return 'skipped';
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      this.logger.log(
        { recordingSid: sid, step: 'stored', sizeBytes: inspection.sizeBytes, sha256: inspection.sha256, seconds },
        `Stored ${sid} (${inspection.sizeBytes} bytes) in ${seconds}s`,
      );
      await this.outbound.dispatch(deliveries);
      return 'stored';
    } catch (error) {
      media.body.destroy();
      await pending.discard();
      throw error;
    }
  }

  /**
   * Moves the object into place and marks the row STORED, only while this run's token is on
   * a DOWNLOADING row. The row stays locked until both are done, so a claim made meanwhile waits
   * and then finds the row STORED. The row is updated before the rename so that any database
   * failure happens while the object is still temporary; only the COMMIT itself comes after.
   * The recording.stored deliveries are written in the same transaction; null when not owned.
   * Under Object Lock (S3) the object is committed locked as planned here, and the row records
   * that lock so that deletions wait for it and the sync only ever extends it. An encrypted
   * object's wrapped data key is saved with the row, so a STORED row always has its key.
   */
  private async commitIfOwner(
    claim: Claim,
    pending: PendingWrite,
    backend: StorageBackend,
    inspection: InspectionResult,
    sealer: Sealer | null,
  ): Promise<PendingDeliveries | null> {
    const format = this.config.recordingFormat;
    return this.prisma.$transaction(async (tx) => {
      const owned = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Recording"
        WHERE id = ${claim.recordingId}::uuid AND "claimToken" = ${claim.token}::uuid AND status = 'DOWNLOADING'
        FOR UPDATE`;
      if (owned.length === 0) return null;
      const locking = this.stores.lockMode !== 'off' && backend === StorageBackend.S3;
      const lock = locking ? await this.lockPlanner.planInTx(tx, claim.recordingId) : undefined;
      await tx.recording.update({
        where: { id: claim.recordingId },
        data: {
          status: 'STORED',
          claimToken: null,
          storageKey: pending.key,
          storageBackend: backend,
          sizeBytes: inspection.sizeBytes,
          sha256: inspection.sha256,
          durationSeconds: Math.round(inspection.durationSeconds ?? claim.twilioDuration ?? 0),
          channels: inspection.wav?.channels ?? claim.channels,
          mimeType: MIME[format],
          storedAt: new Date(),
          lastError: null,
          encrypted: sealer !== null,
          keyShreddedAt: null,
          ...(lock ? { lockedUntil: lock.retainUntil, objectLegalHold: lock.legalHold } : {}),
        },
      });
      if (sealer) await this.vault.saveKey(tx, claim.recordingId, sealer.key);
      if (inspection.peaks) {
        // Raw, with the JSON as one text parameter: Prisma's argument walker visited each
        // of the thousands of numbers and was the largest single cost of storing a recording.
        await tx.$executeRaw`
          INSERT INTO "RecordingPeaks" ("recordingId", data) VALUES (${claim.recordingId}::uuid, ${JSON.stringify(inspection.peaks)}::jsonb)
          ON CONFLICT ("recordingId") DO UPDATE SET data = EXCLUDED.data`;
      }
      const deliveries = await this.outbound.recordRecordings(tx, 'recording.stored', [claim.recordingId]);
      await pending.commit(lock);
      return deliveries;
    });
  }

  /**
   * Between attempts the row says PENDING with the reason; after the last one, FAILED. Only
   * while this run still holds the claim: a fenced-out run's failure must not flip the row
   * that a newer run is downloading.
   */
  private async markFailed(claim: Claim, message: string, finalAttempt: boolean): Promise<void> {
    const { count, deliveries } = await this.prisma.$transaction(async (tx) => {
      const marked = await tx.recording.updateMany({
        where: { id: claim.recordingId, claimToken: claim.token, status: 'DOWNLOADING' },
        data: { status: finalAttempt ? 'FAILED' : 'PENDING', claimToken: null, lastError: message.slice(0, 1000) },
      });
      // Given up for good: recording.failed, written with the FAILED it reports.
      const failed = marked.count === 1 && finalAttempt;
      return { count: marked.count, deliveries: failed ? await this.outbound.recordRecordings(tx, 'recording.failed', [claim.recordingId]) : NO_DELIVERIES };
    });
    await this.outbound.dispatch(deliveries);
    if (count === 0) {
      this.logger.warn(
        { recordingSid: claim.twilioRecordingSid, attempt: claim.attempts, step: 'claim-lost' },
        `A run of ${claim.twilioRecordingSid} that had lost its claim failed; the row is not its to mark`,
      );
    }
  }
}
