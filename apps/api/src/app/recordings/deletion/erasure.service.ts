import { Injectable, Logger } from '@nestjs/common';
import { ErasureReceipt } from '@callrec/contracts';
import { createHmac } from 'node:crypto';
import { Prisma } from '../../../generated/prisma/client';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { SigningKeyService } from '../../../services/signing/signing-key.service';
import { RecordingStores } from '../../../services/storage/recording-stores';
import { AuditWriter } from '../../audit/audit.writer';
import { RequestContext } from '../../../common/request-context';
import { HOLD_LOCK, UNDER_ACTIVE_HOLD } from '../../legal-holds/hold-coverage';
import { OutboundEventsService } from '../../outbound-webhooks/outbound-events.service';
import { SourceCopyService } from '../source-copy.service';
import { objectLockRefusal } from './object-lock-refusal';
import { RecordingDeleter, shredKeys, tombstone } from './recording.deleter';

/** Recordings with no audio of ours yet: erased by marking them, so they are never stored. */
const NOT_STORED = ['PENDING', 'DOWNLOADING', 'FAILED', 'ABSENT'];

interface Found {
  id: string;
  callRecordId: string;
  status: string;
  twilioRecordingSid: string;
  deletedAt: Date | null;
  deletedBy: string | null;
  deletedAtSource: Date | null;
  twilioDuration: number | null;
  lockedUntil: Date | null;
  objectLegalHold: boolean;
}

/**
 * A data subject's "forget me" (GDPR Art. 17): every recording of calls to the number placed
 * before the request is deleted, here and at Twilio, unless a legal hold keeps it; recordings
 * not stored yet are erased so they never will be; and the number itself is replaced, in
 * calls, contacts and stored callbacks, by a keyed hash (its pseudonym), so a later request
 * for the same number still finds them while the number is gone. Calls whose recordings a
 * hold keeps keep their number too: the hold is the law's stronger claim.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger(ErasureService.name);
  private readonly pseudonymKey: Buffer;

  public constructor(
    private readonly audit: AuditWriter,
    private readonly deleter: RecordingDeleter,
    private readonly outbound: OutboundEventsService,
    private readonly prisma: PrismaService,
    private readonly sourceCopies: SourceCopyService,
    private readonly stores: RecordingStores,
    signing: SigningKeyService,
  ) {
    this.pseudonymKey = signing.deriveSecret('phone-pseudonym');
  }

  /** The same number always gives the same pseudonym; without the key, it cannot be reversed or guessed. */
  public pseudonym(phone: string): string {
    return `erased:${createHmac('sha256', this.pseudonymKey).update(phone).digest('base64url').slice(0, 22)}`;
  }

  public async erase(phone: string, reason: string, context: RequestContext): Promise<ErasureReceipt> {
    const requestedAt = new Date();
    const pseudonym = this.pseudonym(phone);
    const numbers = [phone, pseudonym];
    const calls = await this.prisma.callRecord.findMany({
      where: { placedAt: { lte: requestedAt }, OR: [{ toNumber: { in: numbers } }, { contact: { phone: { in: numbers } } }] },
      select: { id: true, twilioCallSid: true },
    });
    const recordings: Found[] = await this.prisma.recording.findMany({
      where: { callRecordId: { in: calls.map((c) => c.id) } },
      select: {
        id: true,
        callRecordId: true,
        status: true,
        twilioRecordingSid: true,
        deletedAt: true,
        deletedBy: true,
        deletedAtSource: true,
        twilioDuration: true,
        lockedUntil: true,
        objectLegalHold: true,
      },
      orderBy: { createdAt: 'asc' },
    });
    const receipt: ErasureReceipt = {
      phone,
      pseudonym,
      requestedAt: requestedAt.toISOString(),
      deleted: [],
      erasedBeforeStored: [],
      atTwilio: [],
      kept: [],
      pseudonymised: { calls: 0, contacts: 0, webhookEvents: 0 },
    };
    const keep = (r: Found, why: string) => receipt.kept.push({ recordingId: r.id, twilioRecordingSid: r.twilioRecordingSid, reason: why });
    const heldCalls = new Set<string>();
    const order = { deletedBy: `erasure:${context.user?.email ?? 'unknown'}`, reason: `Erasure request: ${reason}`, context };
    const stored: Found[] = [];
    const unstored: Found[] = [];
    const gone: Found[] = [];
    for (const recording of recordings) {
      const holds = await this.deleter.holdsCovering(recording.id);
      const locked = recording.status === 'STORED' ? objectLockRefusal(recording, this.stores.lockMode) : null;
      if (holds.length > 0) {
        heldCalls.add(recording.callRecordId);
        keep(recording, `under legal hold ${holds.map((h) => `'${h.name}'`).join(', ')}`);
      } else if (locked) {
        // Retention law keeps it in the bucket, WORM: like a hold, the call keeps its number with it.
        heldCalls.add(recording.callRecordId);
        keep(recording, `kept: it ${locked}; run the erasure again after that`);
      } else if (recording.status === 'STORED') stored.push(recording);
      else if (NOT_STORED.includes(recording.status)) unstored.push(recording);
      else gone.push(recording);
    }

    const finished = await this.deleter.finish(await this.deleter.claim(stored.map((r) => r.id), order), order);
    receipt.deleted = finished.deleted.map((r) => ({ recordingId: r.id, twilioRecordingSid: r.twilioRecordingSid, sha256: r.sha256 }));
    for (const { recording, error, locked } of finished.failed) {
      receipt.kept.push({
        recordingId: recording.id,
        twilioRecordingSid: recording.twilioRecordingSid,
        reason: locked
          ? `kept: the bucket refused to delete it (${error}); it stays marked for deletion and retention deletes it once the lock allows`
          : `its audio could not be removed (${error}); it stays marked for deletion and every retention sweep retries it`,
      });
    }
    const settled = new Set([...finished.deleted.map((r) => r.id), ...finished.failed.map((f) => f.recording.id)]);
    const erased = await this.eraseUnstored(unstored.map((r) => r.id), order);
    for (const recording of unstored.filter((r) => erased.has(r.id))) {
      receipt.erasedBeforeStored.push({ recordingId: recording.id, twilioRecordingSid: recording.twilioRecordingSid, status: recording.status });
    }
    for (const recording of [...stored, ...unstored].filter((r) => !settled.has(r.id) && !erased.has(r.id))) {
      keep(recording, 'changed during the erasure (a hold was placed, or it was stored or deleted meanwhile); run the erasure again');
      heldCalls.add(recording.callRecordId);
    }
    for (const recording of gone) {
      keep(recording, `already deleted${recording.deletedAt ? ` on ${recording.deletedAt.toISOString()}` : ''} (${recording.deletedBy ?? 'unknown'})`);
    }

    // Twilio's copies: of everything erased now, and of earlier deletions that left one there.
    // One Twilio is still recording is removed when its completed callback comes.
    const atTwilio = [
      ...recordings.filter((r) => settled.has(r.id) || erased.has(r.id)),
      ...gone.filter((r) => r.deletedAtSource === null),
    ];
    for (const recording of atTwilio) {
      if (recording.status === 'PENDING' && recording.twilioDuration === null) {
        receipt.atTwilio.push({ twilioRecordingSid: recording.twilioRecordingSid, result: 'when-completed' });
        continue;
      }
      const removal = await this.sourceCopies.remove(recording.id, recording.twilioRecordingSid);
      receipt.atTwilio.push({ twilioRecordingSid: recording.twilioRecordingSid, ...removal });
    }

    receipt.pseudonymised = await this.pseudonymise(
      phone,
      pseudonym,
      calls.filter((c) => !heldCalls.has(c.id)).map((c) => c.id),
      calls.filter((c) => heldCalls.has(c.id)).flatMap((c) => (c.twilioCallSid ? [c.twilioCallSid] : [])),
    );
    await this.audit.record({
      action: 'ERASURE_REQUESTED',
      context,
      // The number itself never enters the audit trail, which cannot be changed later.
      details: {
        pseudonym,
        reason,
        deleted: receipt.deleted.length,
        erasedBeforeStored: receipt.erasedBeforeStored.length,
        atTwilio: receipt.atTwilio.map((t) => ({ twilioRecordingSid: t.twilioRecordingSid, result: t.result })),
        kept: receipt.kept.map((k) => ({ recordingId: k.recordingId, reason: k.reason })),
        pseudonymised: receipt.pseudonymised,
      },
    });
    this.logger.log(
      `Erasure ${pseudonym}: ${receipt.deleted.length} deleted, ${receipt.erasedBeforeStored.length} erased before stored, ${receipt.kept.length} kept`,
    );
    return receipt;
  }

  /**
   * A recording that arrives (a callback, or reconciliation) for a call whose number was
   * erased is erased on arrival, unless a hold now covers it. Returns true when it was erased.
   */
  public async eraseOnArrival(recordingId: string, { removeAtSource }: { removeAtSource: boolean }): Promise<boolean> {
    const order = { deletedBy: 'erasure:on-arrival', reason: "Erased on arrival: the call's number was erased", actorId: null };
    const erased = (await this.eraseUnstored([recordingId], order)).has(recordingId);
    const row = await this.prisma.recording.findUniqueOrThrow({
      where: { id: recordingId },
      select: { status: true, deletedBy: true, deletedAtSource: true, twilioRecordingSid: true },
    });
    const ours = row.status === 'DELETED' && (row.deletedBy?.startsWith('erasure:') ?? false);
    if (ours && removeAtSource && row.deletedAtSource === null) await this.sourceCopies.remove(recordingId, row.twilioRecordingSid);
    return erased || ours;
  }

  /**
   * Marks recordings that have no audio of ours DELETED, under the hold lock like any deletion,
   * with a tombstone each. A download in flight loses its claim (the token is cleared) and
   * discards what it fetched.
   */
  private async eraseUnstored(
    ids: string[],
    order: { deletedBy: string; reason: string; context?: RequestContext; actorId?: string | null },
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { erased, deliveries } = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${HOLD_LOCK}::bigint)`;
      const rows = await tx.$queryRaw<{ id: string; twilioRecordingSid: string; previous: string }[]>`
        UPDATE "Recording" AS r
        SET status = 'DELETED', "claimToken" = NULL, "deletedAt" = now(), "deletedBy" = ${order.deletedBy},
            "deletionReason" = ${order.reason}, "updatedAt" = now()
        FROM "CallRecord" AS c, (SELECT id, status::text AS previous FROM "Recording" WHERE id IN (SELECT unnest(${ids}::uuid[]))) AS before
        WHERE c.id = r."callRecordId" AND before.id = r.id AND r.status::text IN (${Prisma.join(NOT_STORED)}) AND NOT ${UNDER_ACTIVE_HOLD}
        RETURNING r.id, r."twilioRecordingSid", before.previous`;
      // Rows never stored have no data key (it is saved with STORED); should one have one anyway,
      // a DELETED row must not keep it.
      const shredded = await shredKeys(
        tx,
        rows.map((r) => r.id),
      );
      if (shredded.size > 0) {
        await tx.$executeRaw`UPDATE "Recording" SET "keyShreddedAt" = now() WHERE id = ANY(${[...shredded]}::uuid[])`;
      }
      await this.audit.recordMany(
        rows.map((r) =>
          tombstone(order, r.id, {
            twilioRecordingSid: r.twilioRecordingSid,
            deletedBy: order.deletedBy,
            reason: order.reason,
            erasedBeforeStored: true,
            previousStatus: r.previous,
            ...(shredded.has(r.id) ? { keyShredded: true } : {}),
          }),
        ),
        tx,
      );
      const erasedIds = rows.map((r) => r.id);
      return { erased: new Set(erasedIds), deliveries: await this.outbound.recordRecordings(tx, 'recording.deleted', erasedIds) };
    });
    await this.outbound.dispatch(deliveries);
    return erased;
  }

  /** Replaces the number by its pseudonym wherever it is stored, except where a hold keeps the call. */
  private async pseudonymise(phone: string, pseudonym: string, callIds: string[], heldCallSids: string[]): Promise<ErasureReceipt['pseudonymised']> {
    return this.prisma.$transaction(async (tx) => {
      const calls = await tx.$executeRaw`
        UPDATE "CallRecord" SET "toNumber" = ${pseudonym}, "erasedAt" = COALESCE("erasedAt", now()), "updatedAt" = now()
        WHERE id IN (SELECT unnest(${callIds}::uuid[]))`;
      const contacts = await tx.$executeRaw`
        UPDATE "Contact" k SET phone = ${pseudonym}, name = 'Erased contact'
        WHERE k.phone = ${phone}
          AND NOT EXISTS (SELECT 1 FROM "CallRecord" c WHERE c."contactId" = k.id AND c."erasedAt" IS NULL AND c."toNumber" = ${phone})`;
      // Only whole JSON string values equal to the number, so no other text is touched.
      const quoted = JSON.stringify(phone);
      const webhookEvents = await tx.$executeRaw`
        UPDATE "WebhookEvent" SET payload = replace(payload::text, ${quoted}, ${JSON.stringify(pseudonym)})::jsonb
        WHERE strpos(payload::text, ${quoted}) > 0 AND NOT (COALESCE(payload->>'CallSid', '') = ANY(${heldCallSids}::text[]))`;
      return { calls, contacts, webhookEvents };
    });
  }
}
