import { Injectable, Logger } from '@nestjs/common';
import { EXPORT_BUNDLE_FILES, ExportScope } from '@callrec/contracts';
import { mkdir, rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { AppConfig } from '../../services/config/app-config';
import { RecordingVault } from '../../services/crypto/recording-vault';
import { PrismaService } from '../../services/prisma/prisma.service';
import { SigningKeyService } from '../../services/signing/signing-key.service';
import { errorMessage } from '../../common/errors/error-message';
import { AuditCheckpointService } from '../audit/audit-checkpoint.service';
import { AuditVerifyService } from '../audit/audit-verify.service';
import { AuditWriter } from '../audit/audit.writer';
import { custodyDocument, ExcludedRecording, IncludedRecording, manifestDocument, metadataDocument } from './export-bundle.documents';
import { auditEventLine, audioPath, checkpointLine, metadataPath, prettyJson, sha256Sums } from './export-bundle.format';
import { BundleWriter } from './export-bundle.writer';
import { ExportEvidenceReader, ExportItemRow } from './export-evidence.reader';
import { EXPORT_USERS, bundlePathOf, partialPathOf } from './export.mapper';
import { ExportProgress } from './export-progress';

/** A reason not to build that no retry can change (a broken audit chain, audio that is not what was stored). */
export class ExportRefusedError extends Error {}

type ExportWithUsers = NonNullable<Awaited<ReturnType<PrismaService['export']['findUnique']>>> & {
  requestedBy: { id: string; name: string; email: string };
  approvedBy: { id: string; name: string; email: string } | null;
};

/**
 * Builds one evidence bundle (design 9.6; format v1, see the README): verifies the audit chain,
 * streams every recording's plaintext into a ZIP under `<id>.zip.partial` (each checked against
 * its stored SHA-256), appends EXPORT_BUILT and signs a checkpoint at exactly that event, writes
 * the trail, custody, manifest, key, sums and signature, and renames the file only when it is
 * whole. A run always starts over, so a retry or a crashed worker never hands out half a bundle.
 */
@Injectable()
export class ExportBuildRunner {
  private readonly logger = new Logger(ExportBuildRunner.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly checkpoints: AuditCheckpointService,
    private readonly config: AppConfig,
    private readonly evidence: ExportEvidenceReader,
    private readonly prisma: PrismaService,
    private readonly signing: SigningKeyService,
    private readonly vault: RecordingVault,
    private readonly verifier: AuditVerifyService,
  ) {}

  /** `lastAttempt`: a failure then fails the export rather than waiting for Bull's retry. */
  public async run(exportId: string, lastAttempt: boolean): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl });
    try {
      await client.connect();
      // One run per export, should a stalled job be taken over while its first run still goes
      // on; the lock is this connection's, so a dead worker's ends with it.
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`export-build:${exportId}`]);
      await this.runLocked(exportId, lastAttempt);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async runLocked(exportId: string, lastAttempt: boolean): Promise<void> {
    const claimed = await this.prisma.export.updateMany({
      where: { id: exportId, status: { in: ['QUEUED', 'RUNNING'] } },
      data: { status: 'RUNNING', startedAt: new Date(), done: 0, bytes: 0, error: null },
    });
    if (claimed.count === 0) {
      this.logger.warn(`Export ${exportId} is not queued; nothing to build`);
      return;
    }
    const dir = this.config.exports.dir;
    const partial = partialPathOf(dir, exportId);
    await mkdir(dir, { recursive: true });
    await rm(partial, { force: true });
    const progress = new ExportProgress(this.prisma, exportId);
    try {
      const built = await this.build(exportId, partial, progress);
      await rename(partial, bundlePathOf(dir, exportId));
      await progress.settle();
      const finishedAt = new Date();
      await this.prisma.export.update({
        where: { id: exportId },
        data: {
          status: 'READY',
          fileName: `${exportId}.zip`,
          sha256: built.sha256,
          bytes: built.bytes,
          done: built.done,
          finishedAt,
          expiresAt: new Date(finishedAt.getTime() + this.config.exports.linkTtlSeconds * 1000),
        },
      });
      this.logger.log(`Export ${exportId} is ready: ${built.bytes} bytes, sha256 ${built.sha256}`);
    } catch (error) {
      await progress.settle();
      await rm(partial, { force: true });
      const refused = error instanceof ExportRefusedError;
      this.logger.error(`Building export ${exportId} failed${refused || lastAttempt ? '' : ' (retried)'}: ${errorMessage(error)}`);
      if (!refused && !lastAttempt) throw error;
      await this.prisma.export.update({
        where: { id: exportId },
        data: { status: 'FAILED', error: errorMessage(error).slice(0, 2000), finishedAt: new Date() },
      });
      if (!refused) throw error;
    }
  }

  private async build(
    exportId: string,
    partial: string,
    progress: ExportProgress,
  ): Promise<{ sha256: string; bytes: number; done: number }> {
    const chain = await this.verifier.verify();
    if (!chain.ok) throw new ExportRefusedError(`The audit trail does not verify, so no evidence is built on it: ${chain.problem}`);
    const verifiedAt = new Date();
    const row = (await this.prisma.export.findUniqueOrThrow({ where: { id: exportId }, include: EXPORT_USERS })) as ExportWithUsers;

    const writer = await BundleWriter.create(partial);
    try {
      const included: IncludedRecording[] = [];
      const excluded: ExcludedRecording[] = [];
      let done = 0;
      for await (const batch of this.evidence.items(exportId)) {
        for (const item of batch) {
          const written = await this.writeAudio(writer, item);
          if ('reason' in written) excluded.push(written);
          else included.push(written);
          done += 1;
          progress.report(done, writer.bytes);
        }
      }
      await this.writeMetadata(writer, included, row.createdAt);

      const builtEvent = await this.appendBuilt(exportId, row.total, included.length);
      const checkpoint = await this.checkpoints.checkpointAt(builtEvent.seq, builtEvent.hash);
      const excludedIds = excluded.map((e) => e.recordingId);
      let auditEvents = 0;
      const lines = async function* (reader: ExportEvidenceReader): AsyncGenerator<string> {
        for await (const event of reader.auditEvents(exportId, excludedIds, builtEvent.seq)) {
          auditEvents += 1;
          yield auditEventLine(event);
        }
        yield checkpointLine(checkpoint);
      };
      await writer.addStream(EXPORT_BUNDLE_FILES.audit, async () => Readable.from(lines(this.evidence)), { mtime: builtEvent.at });

      const custody = custodyDocument({
        exportId,
        requestedBy: row.requestedBy,
        requestedAt: row.createdAt,
        reason: row.reason,
        scope: row.scope as ExportScope,
        approvedBy: row.approvedBy,
        approvedAt: row.approvedAt,
        builtAt: builtEvent.at,
        recordings: included.length,
        audioBytes: included.reduce((sum, r) => sum + r.sizeBytes, 0),
        auditEvents,
        chain: { ok: chain.ok, checked: chain.checked, verifiedAt },
        excluded,
      });
      writer.addBuffer(EXPORT_BUNDLE_FILES.custody, prettyJson(custody), builtEvent.at);
      writer.addBuffer(
        EXPORT_BUNDLE_FILES.manifest,
        prettyJson(manifestDocument(exportId, builtEvent.at, this.signing.keyId, included)),
        builtEvent.at,
      );
      writer.addBuffer(EXPORT_BUNDLE_FILES.publicKey, Buffer.from(this.signing.publicKeyPem, 'utf8'), builtEvent.at);
      const sums = sha256Sums(writer.entries);
      writer.addBuffer(EXPORT_BUNDLE_FILES.sums, sums, builtEvent.at);
      writer.addBuffer(EXPORT_BUNDLE_FILES.signature, this.signing.sign(sums), builtEvent.at);
      const file = await writer.finish();
      progress.report(done, file.bytes);
      return { ...file, done };
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }

  /** The recording's plaintext as read through the vault, checked against the row's SHA-256; or why it is left out. */
  private async writeAudio(writer: BundleWriter, item: ExportItemRow): Promise<IncludedRecording | ExcludedRecording> {
    if (item.status !== 'STORED' || !item.storageKey || item.sizeBytes === null || !item.sha256) {
      const deleted = item.status === 'DELETED' || item.status === 'DELETING';
      const reason = deleted
        ? `deleted after the export was requested${item.deletedAt ? ` (${item.deletedAt.toISOString()})` : ''}`
        : `not stored (status ${item.status})`;
      return { recordingId: item.id, twilioRecordingSid: item.twilioRecordingSid, reason };
    }
    const file = audioPath({
      placedAt: item.placedAt,
      agentName: item.agentName,
      toNumber: item.toNumber,
      recordingSid: item.twilioRecordingSid,
      storageKey: item.storageKey,
    });
    const media = {
      id: item.id,
      storageBackend: item.storageBackend,
      storageKey: item.storageKey,
      sizeBytes: item.sizeBytes,
      encrypted: item.encrypted,
    };
    const entry = await writer.addStream(file, () => this.vault.open(media), {
      mtime: item.storedAt ?? item.placedAt,
      size: item.sizeBytes,
    });
    if (entry.sha256 !== item.sha256) {
      throw new ExportRefusedError(
        `Recording ${item.twilioRecordingSid} (${item.id}) does not match its stored SHA-256 (${item.sha256}; read ${entry.sha256}): its audio was altered, so the export is refused`,
      );
    }
    return {
      recordingId: item.id,
      twilioRecordingSid: item.twilioRecordingSid,
      file,
      metadata: metadataPath(item.twilioRecordingSid),
      sha256: entry.sha256,
      sizeBytes: entry.bytes,
    };
  }

  /** metadata/<sid>.json for every included recording, in the order of their audio, a batch of reads at a time. */
  private async writeMetadata(writer: BundleWriter, included: IncludedRecording[], mtime: Date): Promise<void> {
    const BATCH = 200;
    for (let i = 0; i < included.length; i += BATCH) {
      const slice = included.slice(i, i + BATCH);
      const ids = slice.map((r) => r.recordingId);
      const [recordings, holds] = await Promise.all([this.evidence.recordings(ids), this.evidence.holds(ids)]);
      const byId = new Map(recordings.map((r) => [r.id, r]));
      for (const entry of slice) {
        const recording = byId.get(entry.recordingId);
        if (!recording) throw new Error(`Recording ${entry.recordingId} vanished from the database while its export was built`);
        writer.addBuffer(entry.metadata, prettyJson(metadataDocument(recording, entry, holds.get(entry.recordingId) ?? [])), mtime);
      }
    }
  }

  /** EXPORT_BUILT, and its place in the chain: read under the append lock, so the head is this event. */
  private appendBuilt(exportId: string, total: number, included: number): Promise<{ seq: number; hash: string; at: Date }> {
    return this.prisma.$transaction(async (tx) => {
      await this.audit.record({ action: 'EXPORT_BUILT', actorId: null, details: { exportId, total, included } }, tx);
      const [head] = await tx.$queryRaw<{ seq: number; hash: string; at: string }[]>`
        SELECT seq, hash, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`;
      return { seq: head.seq, hash: head.hash, at: new Date(head.at) };
    });
  }
}
