import { OutboundEventType } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { fromDbCallStatus } from '../../common/call-status';

type Tx = Prisma.TransactionClient;
export type RecordingEventType = Exclude<OutboundEventType, 'call.completed'>;

/**
 * What each event tells a CRM: ids on both sides (ours, Twilio's, the dialer's external ids)
 * and the facts of the call or recording. Never an audio URL (a receiver fetches audio through
 * the API with its own credentials), a token or a secret.
 */
export interface OutboundEnvelope {
  type: OutboundEventType;
  timestamp: string;
  data: Record<string, unknown>;
}

export function envelope(type: OutboundEventType, data: Record<string, unknown>, at = new Date()): OutboundEnvelope {
  return { type, timestamp: at.toISOString(), data };
}

/** call.completed's data, read inside the transaction that completed the call. */
export async function callCompletedData(tx: Tx, callRecordId: string): Promise<Record<string, unknown> | null> {
  const call = await tx.callRecord.findUnique({
    where: { id: callRecordId },
    include: {
      agent: { select: { id: true, name: true } },
      contact: { select: { id: true, name: true, phone: true, externalId: true } },
      dataList: { select: { id: true, name: true, externalId: true } },
    },
  });
  if (!call) return null;
  return {
    id: call.id,
    twilioCallSid: call.twilioCallSid,
    direction: call.direction,
    agent: call.agent,
    // null is a Manual Dial.
    dataList: call.dataList,
    contact: call.contact,
    fromNumber: call.fromNumber,
    toNumber: call.toNumber,
    status: fromDbCallStatus(call.status),
    outcome: call.outcome,
    placedAt: call.placedAt.toISOString(),
    answeredAt: call.answeredAt?.toISOString() ?? null,
    endedAt: call.endedAt?.toISOString() ?? null,
    durationSeconds: call.durationSeconds,
  };
}

/** The data of a recording event for each of `ids`, read inside the transaction that changed them. */
export async function recordingData(
  tx: Tx,
  type: RecordingEventType,
  ids: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  const rows = await tx.recording.findMany({
    where: { id: { in: [...ids] } },
    select: {
      id: true,
      callRecordId: true,
      twilioRecordingSid: true,
      status: true,
      channels: true,
      durationSeconds: true,
      sizeBytes: true,
      sha256: true,
      mimeType: true,
      storedAt: true,
      lastError: true,
      deletedAt: true,
      deletedBy: true,
      deletionReason: true,
      callRecord: { select: { twilioCallSid: true } },
    },
  });
  return new Map(
    rows.map((r) => {
      const data: Record<string, unknown> = {
        id: r.id,
        callRecordId: r.callRecordId,
        twilioCallSid: r.callRecord.twilioCallSid,
        twilioRecordingSid: r.twilioRecordingSid,
        status: r.status,
        channels: r.channels,
        durationSeconds: r.durationSeconds,
        sizeBytes: r.sizeBytes,
        sha256: r.sha256,
        mimeType: r.mimeType,
        storedAt: r.storedAt?.toISOString() ?? null,
      };
      if (type === 'recording.failed') data['lastError'] = r.lastError;
      if (type === 'recording.deleted') {
        Object.assign(data, { deletedAt: r.deletedAt?.toISOString() ?? null, deletedBy: r.deletedBy, deletionReason: r.deletionReason });
      }
      return [r.id, data];
    }),
  );
}
