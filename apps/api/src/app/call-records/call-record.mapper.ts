import { CallRecordDto, MANUAL_DIAL_LABEL, RecordingSummary } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { fromDbCallStatus } from '../../common/call-status';

/** What a call-record answer selects: the call, its people and list, and recording summaries. */
export const CALL_RECORD_SELECT = {
  id: true,
  twilioCallSid: true,
  orphan: true,
  direction: true,
  fromNumber: true,
  toNumber: true,
  status: true,
  outcome: true,
  placedAt: true,
  answeredAt: true,
  endedAt: true,
  durationSeconds: true,
  agent: { select: { id: true, name: true } },
  contact: { select: { id: true, name: true, phone: true } },
  dataList: { select: { id: true, name: true } },
  recordings: {
    select: {
      id: true,
      twilioRecordingSid: true,
      status: true,
      durationSeconds: true,
      sizeBytes: true,
      channels: true,
      mimeType: true,
      storedAt: true,
      lastError: true,
      errorCode: true,
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  },
} satisfies Prisma.CallRecordSelect;

export type CallRecordRow = Prisma.CallRecordGetPayload<{ select: typeof CALL_RECORD_SELECT }>;

export function toCallRecordDto(row: CallRecordRow): CallRecordDto {
  return {
    id: row.id,
    twilioCallSid: row.twilioCallSid,
    direction: row.direction,
    fromNumber: row.fromNumber,
    toNumber: row.toNumber,
    status: fromDbCallStatus(row.status),
    outcome: row.outcome,
    placedAt: row.placedAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    durationSeconds: row.durationSeconds,
    agent: row.agent,
    orphan: row.orphan,
    contact: row.contact,
    dataList: row.dataList,
    dataListLabel: row.dataList?.name ?? MANUAL_DIAL_LABEL,
    recordings: row.recordings.map((recording): RecordingSummary => ({
      ...recording,
      storedAt: recording.storedAt?.toISOString() ?? null,
    })),
  };
}
