import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { ObjectLockPlan } from '../../services/storage/recording-store';
import { HOLD_LOCK, UNDER_ACTIVE_HOLD } from '../legal-holds/hold-coverage';
import { RETAIN_UNTIL } from './deciding-policy.sql';

type Tx = Prisma.TransactionClient;

/**
 * How a recording's object is to be locked when it is written (design 9.4): retained until its
 * retention ends (RETAIN_UNTIL) and under S3 legal hold while one of our holds covers it.
 */
@Injectable()
export class ObjectLockPlanner {
  /**
   * The plan for one recording, read inside the transaction that marks it STORED. It takes the
   * hold lock shared, as deletions do: a hold placed meanwhile is either seen here or committed
   * after this row is STORED, and then the sync its creation starts finds the row.
   */
  public async planInTx(tx: Tx, recordingId: string): Promise<ObjectLockPlan> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${HOLD_LOCK}::bigint)`;
    const rows = await tx.$queryRaw<{ retainUntil: Date | null; legalHold: boolean }[]>`
      SELECT ${RETAIN_UNTIL} AS "retainUntil", ${UNDER_ACTIVE_HOLD} AS "legalHold"
      FROM "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"
      WHERE r.id = ${recordingId}::uuid`;
    if (rows.length === 0) throw new Error(`Recording ${recordingId} not found while planning its Object Lock`);
    return { retainUntil: rows[0].retainUntil, legalHold: rows[0].legalHold };
  }
}
