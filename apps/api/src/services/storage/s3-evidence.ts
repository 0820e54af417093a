import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ObjectLockMode } from '../config/app-config';
import { assertEvidenceKey, EVIDENCE_KEY_PATTERN, EVIDENCE_PREFIXES, EvidenceConflictError, EvidencePrefix } from './recording-store';
import { isS3PreconditionFailed, versionParam } from './s3-client.factory';
import { s3LockMode } from './s3-object-lock';
import { listVersions, versionsOf } from './s3-versions';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Write-once evidence (signed audit checkpoints, design 9.1) in the bucket. Under Object Lock
 * each object is written locked for S3_EVIDENCE_RETAIN_DAYS, and what counts is the key's OLDEST
 * version: a locked version can never be removed, but anyone who can write the bucket can still
 * PUT another version on top, or hide it behind a delete marker. Reading the first version that
 * was stored (and listing keys by their versions, not by what is current) makes both useless
 * for rewriting or cutting the audit trail.
 */
export class S3EvidenceArea {
  public constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly mode: ObjectLockMode,
    private readonly retainDays: number,
  ) {}

  public async put(key: string, bytes: Buffer): Promise<boolean> {
    assertEvidenceKey(key);
    const existing = await this.get(key);
    if (existing) return this.sameOrConflict(key, existing, bytes);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: key.endsWith('.json') ? 'application/json' : 'application/octet-stream',
          // Two writers racing for the key: the second is refused instead of adding a version.
          IfNoneMatch: '*',
          ...(this.mode === 'off'
            ? {}
            : {
                ChecksumAlgorithm: 'CRC32' as const,
                ObjectLockMode: s3LockMode(this.mode),
                ObjectLockRetainUntilDate: new Date(Date.now() + this.retainDays * DAY_MS),
              }),
        }),
      );
      return true;
    } catch (error) {
      if (!isS3PreconditionFailed(error)) throw error;
      const winner = await this.get(key);
      if (!winner) throw error;
      return this.sameOrConflict(key, winner, bytes);
    }
  }

  /** The bytes of the key's oldest stored version, or null when it has none. */
  public async get(key: string): Promise<Buffer | null> {
    assertEvidenceKey(key);
    const versions = (await versionsOf(this.client, this.bucket, key)).filter((version) => !version.deleteMarker);
    const oldest = versions.at(-1);
    if (!oldest) return null;
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...versionParam(oldest.versionId) }));
    if (!answer.Body) throw new Error(`The bucket ${this.bucket} sent no body for ${key}`);
    return Buffer.from(await answer.Body.transformToByteArray());
  }

  /** Every evidence key that has a stored version, also one hidden behind a delete marker. */
  public async *list(prefix: EvidencePrefix): AsyncIterable<string> {
    if (!EVIDENCE_PREFIXES.includes(prefix)) throw new Error(`Refusing evidence prefix "${prefix}"`);
    // Keys come sorted and a key's versions together, so one look back finds the repeats.
    let previous: string | undefined;
    for await (const version of listVersions(this.client, this.bucket, prefix)) {
      if (version.deleteMarker || version.key === previous) continue;
      previous = version.key;
      if (EVIDENCE_KEY_PATTERN.test(version.key)) yield version.key;
    }
  }

  private sameOrConflict(key: string, stored: Buffer, bytes: Buffer): boolean {
    if (stored.equals(bytes)) return false;
    throw new EvidenceConflictError(key);
  }
}
