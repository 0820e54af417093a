import type { JobOptions } from 'bull';

/** Every queue and job name in one place; processors and producers import these. */
export const QUEUE = {
  webhooks: 'webhooks',
  recordings: 'recordings',
  maintenance: 'maintenance',
} as const;

export const JOB = {
  applyCallStatus: 'call-status.apply',
  applyRecordingStatus: 'recording-status.apply',
  downloadRecording: 'recording.download',
  reconcileRecordings: 'recordings.reconcile',
  retentionSweep: 'retention.sweep',
  auditCheckpoint: 'audit.checkpoint',
} as const;

export const QUEUE_PREFIX = 'callrec';

/**
 * Webhook jobs may arrive before the call row has its Twilio SID (Twilio can call back
 * before our create request returns), so they retry briefly before giving up.
 */
export const WEBHOOK_JOB_OPTIONS: JobOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 250 },
  removeOnComplete: 1000,
  removeOnFail: 5000,
};

export interface ApplyWebhookJob {
  webhookEventId: string;
}

export interface DownloadRecordingJob {
  recordingId: string;
  twilioRecordingSid: string;
}

/** Exponential backoff that stops growing at `maxDelay`, so a long outage still retries hourly-ish. */
export const CAPPED_EXPONENTIAL = 'cappedExponential';
export interface CappedBackoffOptions {
  delay: number;
  maxDelay: number;
}
export function cappedExponentialDelay(attemptsMade: number, options: CappedBackoffOptions): number {
  return Math.min(options.maxDelay, options.delay * 2 ** Math.max(0, attemptsMade - 1));
}

export function downloadJobId(recordingSid: string): string {
  return `download:${recordingSid}`;
}
