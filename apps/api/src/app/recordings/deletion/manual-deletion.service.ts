import { ConflictException, GoneException, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { RecordingStores } from '../../../services/storage/recording-stores';
import { RequestContext } from '../../../common/request-context';
import { RecordingDeleter } from './recording.deleter';
import { objectLockRefusal } from './object-lock-refusal';

/** A person deleting one recording (an ADMIN, for a reason). Erasure by number is ErasureService. */
@Injectable()
export class ManualDeletionService {
  public constructor(
    private readonly deleter: RecordingDeleter,
    private readonly prisma: PrismaService,
    private readonly stores: RecordingStores,
  ) {}

  public async deleteOne(id: string, reason: string, context: RequestContext): Promise<void> {
    const recording = await this.prisma.recording.findUnique({
      where: { id },
      select: { status: true, twilioRecordingSid: true, deletedAt: true, lockedUntil: true, objectLegalHold: true },
    });
    if (!recording) throw new NotFoundException(`Recording ${id} not found`);
    if (recording.status === 'DELETED' || recording.status === 'DELETING') {
      throw new GoneException(`Recording ${recording.twilioRecordingSid} is already deleted`);
    }
    const holds = await this.deleter.holdsCovering(id);
    if (holds.length > 0) {
      throw new ConflictException(`Recording ${recording.twilioRecordingSid} is under legal hold ${holds.map((h) => `'${h.name}'`).join(', ')}`);
    }
    // The bucket would refuse: say until when, and change nothing (no DELETING row to retry blindly).
    const locked = objectLockRefusal(recording, this.stores.lockMode);
    if (locked) throw new ConflictException(`Recording ${recording.twilioRecordingSid} ${locked}`);
    if (recording.status !== 'STORED') {
      throw new ConflictException(`Only stored recordings can be deleted; ${recording.twilioRecordingSid} is ${recording.status}`);
    }
    const order = { deletedBy: `user:${context.user?.email ?? 'unknown'}`, reason, context };
    const claimed = await this.deleter.claim([id], order);
    if (claimed.length === 0) {
      throw new ConflictException(`Recording ${recording.twilioRecordingSid} changed while deleting it; look again and retry`);
    }
    const { failed } = await this.deleter.finish(claimed, order);
    if (failed[0]?.locked) {
      // A lock the row did not know of: the row now waits for its date (see RecordingDeleter).
      throw new ConflictException(`The bucket refused to delete ${recording.twilioRecordingSid}: ${failed[0].error}; it is deleted once the lock allows`);
    }
    if (failed.length > 0) {
      throw new ServiceUnavailableException(
        `The audio of ${recording.twilioRecordingSid} could not be removed (${failed[0].error}); it stays marked for deletion and every retention sweep retries it`,
      );
    }
  }
}
