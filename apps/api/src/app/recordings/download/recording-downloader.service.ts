import { Injectable, Logger } from '@nestjs/common';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '../../../services/config/app-config';
import { LiveEventsService } from '../../../services/events/live-events.service';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { RecordingStore, recordingKey } from '../../../services/storage/recording-store';
import { TwilioService } from '../../../services/twilio/twilio.service';
import { AudioInspector } from './audio-inspector';
import { verifyAudio } from './audio-verification';
import { fetchMedia } from './media-fetch';

export type DownloadOutcome = 'stored' | 'skipped';

const MIME = { wav: 'audio/wav', mp3: 'audio/mpeg' } as const;

/**
 * Fetches a recording from Twilio into our storage and proves it arrived whole: the bytes
 * stream to a temporary object while being hashed and inspected, are checked against
 * Twilio's figures, and only then are moved into place and marked STORED in one transaction.
 * Any failure leaves the row un-STORED and the temporary object discarded, so the job can
 * simply run again.
 */
@Injectable()
export class RecordingDownloader {
  private readonly logger = new Logger(RecordingDownloader.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly events: LiveEventsService,
    private readonly prisma: PrismaService,
    private readonly store: RecordingStore,
    private readonly twilio: TwilioService,
  ) {}

  public async download(recordingId: string): Promise<DownloadOutcome> {
    const claimed = await this.prisma.recording.updateMany({
      where: { id: recordingId, status: { in: ['PENDING', 'DOWNLOADING', 'FAILED'] } },
      data: { status: 'DOWNLOADING', attempts: { increment: 1 } },
    });
    if (claimed.count === 0) {
      this.logger.log(`Recording ${recordingId} needs no download (already settled or gone)`);
      return 'skipped';
    }
    const recording = await this.prisma.recording.findUniqueOrThrow({
      where: { id: recordingId },
      select: {
        twilioRecordingSid: true,
        channels: true,
        twilioDuration: true,
        attempts: true,
        callRecord: { select: { id: true, placedAt: true } },
      },
    });
    const sid = recording.twilioRecordingSid;
    const format = this.config.recordingFormat;
    const key = recordingKey(sid, format, recording.callRecord.placedAt);
    const started = performance.now();
    this.logger.log({ recordingSid: sid, attempt: recording.attempts, step: 'fetch' }, `Downloading ${sid}`);

    const channelsQuery = recording.channels === 2 ? '?RequestedChannels=2' : '';
    const media = await fetchMedia(`${this.twilio.mediaUrl(sid, format)}${channelsQuery}`, this.twilio.basicAuthHeader());
    const inspector = new AudioInspector(format === 'wav');
    const pending = await this.store.beginWrite(key);
    try {
      await pipeline(media.body, inspector, pending.stream);
      const inspection = inspector.result();
      const durationSeconds = inspection.durationSeconds;
      verifyAudio({
        inspection,
        durationSeconds,
        contentLength: media.contentLength,
        expectedChannels: recording.channels,
        twilioDuration: recording.twilioDuration,
      });
      await pending.commit();
      const stored = await this.prisma.$transaction([
        this.prisma.recording.updateMany({
          where: { id: recordingId, status: 'DOWNLOADING' },
          data: {
            status: 'STORED',
            storageKey: key,
            sizeBytes: inspection.sizeBytes,
            sha256: inspection.sha256,
            durationSeconds: Math.round(durationSeconds ?? recording.twilioDuration ?? 0),
            channels: inspection.wav?.channels ?? recording.channels,
            mimeType: MIME[format],
            storedAt: new Date(),
            lastError: null,
          },
        }),
        ...(inspection.peaks
          ? [
              // Raw, with the JSON as one text parameter: Prisma's argument walker visited each
              // of the thousands of numbers and was the largest single cost of storing a recording.
              this.prisma.$executeRaw`
                INSERT INTO "RecordingPeaks" ("recordingId", data) VALUES (${recordingId}::uuid, ${JSON.stringify(inspection.peaks)}::jsonb)
                ON CONFLICT ("recordingId") DO UPDATE SET data = EXCLUDED.data`,
            ]
          : []),
      ]);
      if (stored[0].count === 0) {
        // Someone settled the row meanwhile (deleted it); the file we wrote is not wanted.
        this.logger.warn(`Recording ${sid} changed state during its download; discarding the copy`);
        await this.store.delete(key);
        return 'skipped';
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      this.logger.log(
        { recordingSid: sid, step: 'stored', sizeBytes: inspection.sizeBytes, sha256: inspection.sha256, seconds },
        `Stored ${sid} (${inspection.sizeBytes} bytes) in ${seconds}s`,
      );
    } catch (error) {
      media.body.destroy();
      await pending.discard();
      throw error;
    }
    await this.events.publish({ type: 'recording.stored', callRecordId: recording.callRecord.id, recordingId });
    if (this.config.deleteAtSource) await this.deleteAtSource(recordingId, sid);
    return 'stored';
  }

  /** Deletes Twilio's copy of a verified recording; a failure is retried by reconciliation. */
  public async deleteAtSource(recordingId: string, sid: string): Promise<void> {
    try {
      await this.twilio.client.recordings(sid).remove();
    } catch (error) {
      if ((error as { status?: number }).status !== 404) {
        this.logger.warn(`Could not delete ${sid} at Twilio: ${(error as Error).message}`);
        return;
      }
    }
    await this.prisma.recording.update({ where: { id: recordingId }, data: { deletedAtSource: new Date() } });
    this.logger.log({ recordingSid: sid, step: 'deleted-at-source' }, `Deleted Twilio's copy of ${sid}`);
  }
}
