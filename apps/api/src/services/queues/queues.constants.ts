import type { JobOptions } from 'bull';
import type { AppConfig } from '../config/app-config';

/**
 * The one job-options file: every queue and job name, each job's payload and each job's
 * options (attempts, backoff, what Bull keeps). Producers (./*-jobs.service.ts) read the
 * options from here and nowhere else; processors import the names.
 */
export const QUEUE = {
  webhooks: 'webhooks',
  recordings: 'recordings',
  maintenance: 'maintenance',
  outboundWebhooks: 'outbound-webhooks',
  contactImports: 'contact-imports',
  exports: 'exports',
} as const;

export const JOB = {
  applyCallStatus: 'call-status.apply',
  applyRecordingStatus: 'recording-status.apply',
  downloadRecording: 'recording.download',
  reconcileRecordings: 'recordings.reconcile',
  retentionSweep: 'retention.sweep',
  auditCheckpoint: 'audit.checkpoint',
  accessDeniedDigest: 'access-denied.digest',
  playbackSessionEnd: 'playback-session.end',
  pruneWebhookEvents: 'webhook-events.prune',
  requeueWebhookEvents: 'webhook-events.requeue',
  sendWebhookDelivery: 'webhook-delivery.send',
  requeueWebhookDeliveries: 'webhook-deliveries.requeue',
  importContacts: 'contacts.import',
  objectLockSync: 'object-lock.sync',
  buildExport: 'export.build',
  expireExports: 'exports.expire',
} as const;
export type JobName = (typeof JOB)[keyof typeof JOB];

export const QUEUE_PREFIX = 'callrec';

/**
 * Webhook jobs may arrive before the call row has its Twilio SID (Twilio can call back
 * before our create request returns), so they retry briefly before giving up. Bull's
 * attempts are one delivery's worth: every failed try also counts on the WebhookEvent row,
 * reconciliation requeues an event whose job gave up, and the event is parked once the row
 * reaches WEBHOOK_MAX_ATTEMPTS (36 by default: about three such deliveries).
 */
export const WEBHOOK_JOB_OPTIONS: JobOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 250 },
  removeOnComplete: 1000,
  removeOnFail: 5000,
};

/** One job per event: a duplicate enqueue while it waits or runs is a no-op. */
export function webhookJobId(webhookEventId: string): string {
  return `webhook:${webhookEventId}`;
}

export const PRUNE_WEBHOOK_EVENTS_JOB_OPTIONS: JobOptions = {
  attempts: 3,
  backoff: 60_000,
  removeOnComplete: 100,
  removeOnFail: 100,
};

export type WebhookKind = 'call-status' | 'recording-status';

export const WEBHOOK_JOB_FOR_KIND: Record<WebhookKind, JobName> = {
  'call-status': JOB.applyCallStatus,
  'recording-status': JOB.applyRecordingStatus,
};

export interface ApplyWebhookJob {
  webhookEventId: string;
}

/**
 * Reconciliation runs as two jobs enqueued together, on its schedule or on demand: recordings'
 * sweep of what Twilio holds, and webhooks' requeue of stored events whose job was lost.
 */
export const RECONCILE_JOB_OPTIONS: JobOptions = { attempts: 3, backoff: 30_000, removeOnComplete: 100, removeOnFail: 100 };
export const REQUEUE_WEBHOOK_EVENTS_JOB_OPTIONS: JobOptions = RECONCILE_JOB_OPTIONS;
export const REQUEUE_WEBHOOK_DELIVERIES_JOB_OPTIONS: JobOptions = RECONCILE_JOB_OPTIONS;

export interface RetentionSweepJob {
  trigger: 'cron' | 'manual';
  triggeredBy?: string;
}

export const RETENTION_SWEEP_JOB_OPTIONS: JobOptions = { removeOnComplete: 100, removeOnFail: 100 };

/** Options of the repeatable checkpoint job, besides its `repeat` (AUDIT_CHECKPOINT_SECONDS). */
export const AUDIT_CHECKPOINT_JOB_OPTIONS: JobOptions = { removeOnComplete: 100, removeOnFail: 100 };

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

/** Downloads retry with DOWNLOAD_ATTEMPTS and a capped exponential backoff, both from the config. */
export function downloadJobOptions(config: Pick<AppConfig, 'downloadAttempts' | 'downloadBackoffMs' | 'downloadBackoffMaxMs'>): JobOptions {
  return {
    attempts: config.downloadAttempts,
    backoff: {
      type: CAPPED_EXPONENTIAL,
      options: { delay: config.downloadBackoffMs, maxDelay: config.downloadBackoffMaxMs } satisfies CappedBackoffOptions,
    },
    removeOnComplete: 1000,
    removeOnFail: 1000,
  };
}

/**
 * Refused media requests of one client address in one minute become one ACCESS_DENIED, written
 * once the minute has closed; one job per address and minute however many requests came.
 */
export interface AccessDeniedDigestJob {
  ip: string;
  /** Minutes since the epoch. */
  minute: number;
}

export function accessDeniedDigestJobId(ip: string, minute: number): string {
  return `access-denied:${ip}:${minute}`;
}

export const ACCESS_DENIED_DIGEST_JOB_OPTIONS: JobOptions = {
  attempts: 10,
  backoff: { type: CAPPED_EXPONENTIAL, options: { delay: 1000, maxDelay: 60_000 } satisfies CappedBackoffOptions },
  // Removed once done, so the id is free should a straggler of the same minute arrive late.
  removeOnComplete: true,
  removeOnFail: 1000,
};

/** A playback session's closing: its RECORDING_PLAYBACK_ENDED with the byte ranges it fetched. */
export interface PlaybackSessionEndJob {
  sessionId: string;
  /** The Redis key that holds the session open; removed when it closes. */
  sessionKey: string;
  recordingId: string;
  /** Who played, from where: the ended event carries the same actor, IP and user agent as the played one. */
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export function playbackEndJobId(sessionId: string): string {
  return `playback-end:${sessionId}`;
}

export const PLAYBACK_END_JOB_OPTIONS: JobOptions = {
  attempts: 10,
  backoff: { type: CAPPED_EXPONENTIAL, options: { delay: 1000, maxDelay: 60_000 } satisfies CappedBackoffOptions },
  removeOnComplete: true,
  removeOnFail: 1000,
};

/**
 * One attempt at one outbound webhook delivery (design 9.10). The schedule between attempts
 * (WEBHOOK_DELIVERY_DELAYS_MS) is kept on the WebhookDelivery row, each later attempt being a
 * new delayed job, so Bull's own retries only cover a worker that could not reach the database.
 */
export interface SendWebhookDeliveryJob {
  deliveryId: string;
  /** Attempts the row had made when this one was scheduled: the claim only takes a row that still says so. */
  attempt: number;
}

/** One job per delivery and attempt: a second enqueue of the same attempt is a no-op. */
export function webhookDeliveryJobId(deliveryId: string, attempt: number): string {
  return `delivery:${deliveryId}:${attempt}`;
}

export const SEND_WEBHOOK_DELIVERY_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: CAPPED_EXPONENTIAL, options: { delay: 1000, maxDelay: 60_000 } satisfies CappedBackoffOptions },
  removeOnComplete: 1000,
  removeOnFail: 1000,
};

/** One CSV import into a data list (design 9.10); its file waits in IMPORT_SPOOL_DIR. */
export interface ContactImportJob {
  importId: string;
}

/** One job per import: a second enqueue of the same import is a no-op. */
export function contactImportJobId(importId: string): string {
  return `contact-import:${importId}`;
}

/**
 * A run starts the import over from scratch and commits its contacts in one transaction, so a
 * retry (or a stalled job taken over after a crash) ends with the same counts as one clean run.
 */
export const CONTACT_IMPORT_JOB_OPTIONS: JobOptions = {
  attempts: 3,
  backoff: { type: 'fixed', delay: 10_000 },
  removeOnComplete: 100,
  removeOnFail: 1000,
};

/**
 * Brings the bucket's Object Lock (retain-until dates, legal holds) in line with retention and
 * holds (design 9.4). One job id: a trigger while one waits adds nothing; one that comes while
 * a sync runs is remembered under OBJECT_LOCK_SYNC_REQUESTED_KEY, and the running sync makes
 * another pass for it. Removed once done, so the id is free for the next trigger.
 */
export interface ObjectLockSyncJob {
  reason: string;
}

export const OBJECT_LOCK_SYNC_JOB_ID = 'object-lock-sync';
export const OBJECT_LOCK_SYNC_REQUESTED_KEY = 'callrec:object-lock:sync-requested';

export const OBJECT_LOCK_SYNC_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: CAPPED_EXPONENTIAL, options: { delay: 5000, maxDelay: 300_000 } satisfies CappedBackoffOptions },
  removeOnComplete: true,
  removeOnFail: true,
};

/** One evidence bundle (design 9.6), written to EXPORT_DIR. */
export interface BuildExportJob {
  exportId: string;
}

/** One job per export: a second enqueue (an approval racing a retry) adds nothing. */
export function buildExportJobId(exportId: string): string {
  return `export:${exportId}`;
}

/**
 * A run writes the bundle from the start into a partial file and renames it when complete,
 * so a retry (or a stalled job taken over after a crash) never hands out half a bundle.
 */
export const BUILD_EXPORT_JOB_OPTIONS: JobOptions = {
  attempts: 3,
  backoff: { type: 'fixed', delay: 10_000 },
  removeOnComplete: 100,
  removeOnFail: 1000,
};

/**
 * Marks exports past their link's expiry EXPIRED and removes their files; one at a time. One job
 * id: a tick while a sweep waits adds nothing. Removed once done (kept, the id would turn every
 * later tick into a no-op), so the id is free for the next tick.
 */
export const EXPIRE_EXPORTS_JOB_ID = 'exports-expire';
export const EXPIRE_EXPORTS_JOB_OPTIONS: JobOptions = { attempts: 3, backoff: 30_000, removeOnComplete: true, removeOnFail: true };
