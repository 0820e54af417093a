import { ConflictException, GoneException, Injectable, NotFoundException } from '@nestjs/common';
import { ErasureReceipt } from '@callrec/contracts';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { AuditService } from '../../audit/audit.service';
import { RequestContext } from '../../auth/auth-user';
import { RecordingDeleter } from './recording-deleter.service';

/** People deleting recordings: one by an ADMIN, or every recording of a number (erasure). */
@Injectable()
export class RecordingRemovalService {
  public constructor(
    private readonly audit: AuditService,
    private readonly deleter: RecordingDeleter,
    private readonly prisma: PrismaService,
  ) {}

  public async deleteOne(id: string, reason: string, context: RequestContext): Promise<void> {
    const recording = await this.prisma.recording.findUnique({ where: { id }, select: { status: true, twilioRecordingSid: true, deletedAt: true } });
    if (!recording) throw new NotFoundException(`Recording ${id} not found`);
    if (recording.status === 'DELETED' || recording.status === 'DELETING') {
      throw new GoneException(`Recording ${recording.twilioRecordingSid} is already deleted`);
    }
    const holds = await this.deleter.holdsCovering(id);
    if (holds.length > 0) {
      throw new ConflictException(`Recording ${recording.twilioRecordingSid} is under legal hold ${holds.map((h) => `'${h.name}'`).join(', ')}`);
    }
    if (recording.status !== 'STORED') {
      throw new ConflictException(`Only stored recordings can be deleted; ${recording.twilioRecordingSid} is ${recording.status}`);
    }
    const order = { deletedBy: `user:${context.user?.email ?? 'unknown'}`, reason, context };
    const claimed = await this.deleter.claim([id], order);
    if (claimed.length === 0) {
      throw new ConflictException(`Recording ${recording.twilioRecordingSid} changed while deleting it; look again and retry`);
    }
    await this.deleter.finish(claimed, order);
  }

  /**
   * A data subject's "forget me": deletes every stored recording of calls to `phone` that no
   * hold covers, and says for each other one why it was kept.
   */
  public async erase(phone: string, reason: string, context: RequestContext): Promise<ErasureReceipt> {
    const requestedAt = new Date();
    const recordings = await this.prisma.recording.findMany({
      where: { callRecord: { OR: [{ toNumber: phone }, { contact: { phone } }] } },
      select: { id: true, status: true, twilioRecordingSid: true, deletedAt: true, deletedBy: true },
      orderBy: { createdAt: 'asc' },
    });
    const kept: ErasureReceipt['kept'] = [];
    const deletable: string[] = [];
    for (const recording of recordings) {
      const keep = (why: string) => kept.push({ recordingId: recording.id, twilioRecordingSid: recording.twilioRecordingSid, reason: why });
      if (recording.status === 'DELETED' || recording.status === 'DELETING') {
        keep(`already deleted${recording.deletedAt ? ` on ${recording.deletedAt.toISOString()}` : ''} (${recording.deletedBy ?? 'unknown'})`);
        continue;
      }
      const holds = await this.deleter.holdsCovering(recording.id);
      if (holds.length > 0) {
        keep(`under legal hold ${holds.map((h) => `'${h.name}'`).join(', ')}`);
      } else if (recording.status === 'STORED') {
        deletable.push(recording.id);
      } else {
        keep(`no audio stored (${recording.status}); nothing to delete yet`);
      }
    }
    const order = { deletedBy: `erasure:${context.user?.email ?? 'unknown'}`, reason: `Erasure request: ${reason}`, context };
    const finished = await this.deleter.finish(await this.deleter.claim(deletable, order), order);
    const done = new Set(finished.map((r) => r.id));
    for (const id of deletable.filter((candidate) => !done.has(candidate))) {
      const sid = recordings.find((r) => r.id === id)?.twilioRecordingSid ?? id;
      kept.push({ recordingId: id, twilioRecordingSid: sid, reason: 'changed during the erasure (a hold was placed or it is being deleted); run it again' });
    }
    const receipt: ErasureReceipt = {
      phone,
      // Filled in by the erasure rework (issue 12, item 6) that follows this commit.
      pseudonym: '',
      requestedAt: requestedAt.toISOString(),
      deleted: finished.map((r) => ({ recordingId: r.id, twilioRecordingSid: r.twilioRecordingSid, sha256: r.sha256 })),
      erasedBeforeStored: [],
      atTwilio: [],
      kept,
      pseudonymised: { calls: 0, contacts: 0, webhookEvents: 0 },
    };
    await this.audit.record({
      action: 'ERASURE_REQUESTED',
      context,
      details: { phone, reason, deleted: receipt.deleted.length, kept: kept.map((k) => ({ recordingId: k.recordingId, reason: k.reason })) },
    });
    return receipt;
  }
}
