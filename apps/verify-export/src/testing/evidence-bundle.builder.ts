import { auditHash, checkpointBytes, CheckpointPayload, GENESIS_HASH, keyIdOf } from '@callrec/evidence';
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Builds a bundle exactly as notes/export-format.md (format v1) describes, from generated
 * content: real audit hashes through libs/evidence, real Ed25519 signatures from a fresh key,
 * zipped by the system `zip` in store mode. Tests change files on disk, `seal()` to re-sign
 * when only a deeper check should fail, then `zip()`.
 */
export interface EventLine {
  type: 'event';
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  apiKeyId: string | null;
  action: string;
  recordingId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const EXPORT_ID = 'cmexport000000000000000001';
const SUMS_FILE = 'SHA256SUMS';
const SIG_FILE = 'SHA256SUMS.sig';
const TOP_FILES = ['audit.jsonl', 'custody.json', 'manifest.json', 'public-key.pem'];
const REQUESTER = { id: 'u-compliance', name: 'Cora Compliance', email: 'cora@example.test' };
const APPROVER = { id: 'u-admin', name: 'Ada Admin', email: 'ada@example.test' };

interface TestRecording {
  id: string;
  sid: string;
  file: string;
  metadata: string;
}

export class TestBundle {
  public readonly privateKey: KeyObject;
  public readonly publicKey: KeyObject;
  public readonly keyId: string;
  public readonly recordings: TestRecording[];

  public constructor(
    public readonly dir: string,
    recordingCount = 2,
    audioBytes = 200_000,
  ) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('ed25519'));
    this.keyId = keyIdOf(this.publicKey);
    this.recordings = Array.from({ length: recordingCount }, (_, index) => {
      const sid = `RE${createHash('md5').update(`recording ${index}`).digest('hex')}`;
      const file = `recordings/2026-11-0${index + 1}T09-30-00Z_ana-agent_+1555123456${index}_${sid}.wav`;
      return { id: `cmrec${index}`, sid, file, metadata: `metadata/${sid}.json` };
    });
    this.recordings.forEach((recording, index) => this.write(recording.file, audio(index, audioBytes)));
    this.writeMetadata();
    const events = this.writeAudit();
    this.writeCustody(events.filter((event) => event.type === 'event').length);
    this.writeManifest();
    this.write('public-key.pem', this.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    this.seal();
  }

  /** Every entry in the format's order, SHA256SUMS and its signature last. */
  public entries(): string[] {
    return [...this.summed(), SUMS_FILE, SIG_FILE];
  }

  public path(name: string): string {
    return join(this.dir, name);
  }

  public read(name: string): Buffer {
    return readFileSync(this.path(name));
  }

  public write(name: string, data: string | Buffer): void {
    mkdirSync(dirname(this.path(name)), { recursive: true });
    writeFileSync(this.path(name), data);
  }

  public auditLines(): Record<string, unknown>[] {
    return this.read('audit.jsonl')
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  public writeAuditLines(lines: Record<string, unknown>[]): void {
    this.write('audit.jsonl', lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  }

  /** Rewrites SHA256SUMS over the files as they are now and signs it again. */
  public seal(key: KeyObject = this.privateKey): void {
    const sums = this.summed()
      .map((name) => `${createHash('sha256').update(this.read(name)).digest('hex')}  ${name}\n`)
      .join('');
    this.write(SUMS_FILE, sums);
    this.write(SIG_FILE, sign(null, Buffer.from(sums), key));
  }

  /** Zips the entries (or `entries`) with `zip -0 -X -D`, in order; `zip64` forces ZIP64 records. */
  public zip(options: { entries?: string[]; zip64?: boolean; name?: string } = {}): string {
    const out = join(dirname(this.dir), options.name ?? `${this.dir.split('/').pop()}.zip`);
    rmSync(out, { force: true });
    const flags = ['-q', '-0', '-X', '-D', ...(options.zip64 ? ['-fz'] : [])];
    execFileSync('zip', [...flags, out, ...(options.entries ?? this.entries())], { cwd: this.dir });
    return out;
  }

  public signCheckpoint(payload: CheckpointPayload, key: KeyObject = this.privateKey): string {
    return sign(null, checkpointBytes(payload), key).toString('base64');
  }

  private summed(): string[] {
    return [...this.recordings.map((recording) => recording.file), ...this.recordings.map((recording) => recording.metadata), ...TOP_FILES];
  }

  private writeMetadata(): void {
    this.recordings.forEach((recording, index) => {
      const bytes = this.read(recording.file);
      const metadata = {
        recording: {
          id: recording.id,
          twilioRecordingSid: recording.sid,
          file: recording.file,
          sha256: sha256(bytes),
          sizeBytes: bytes.length,
          durationSeconds: 12,
          channels: 2,
          startedAt: `2026-11-0${index + 1}T09:30:01.000Z`,
          storedAt: `2026-11-0${index + 1}T09:31:00.000Z`,
          encrypted: true,
          storage: 'local',
        },
        call: { id: `cmcall${index}`, twilioCallSid: `CA${recording.sid.slice(2)}`, agent: null, dataList: null },
        holds: [],
        redactions: [],
      };
      this.write(recording.metadata, `${JSON.stringify(metadata, null, 2)}\n`);
    });
  }

  /**
   * A chain with events about other recordings in between (left out, so links are checked
   * only where seqs are consecutive), this export's three steps, and the checkpoint at
   * EXPORT_BUILT, the last line.
   */
  private writeAudit(): Record<string, unknown>[] {
    const [first, second] = [this.recordings[0]?.id ?? null, this.recordings[1]?.id ?? null];
    const plan: [string, string | null, Record<string, unknown>, boolean][] = [
      ['RECORDING_METADATA_VIEWED', first, {}, true],
      ['RECORDING_PLAYED', first, { range: 'bytes=0-' }, true],
      ['RECORDING_PLAYED', 'cmrec-other', {}, false],
      ['RECORDING_DOWNLOADED', second, { via: 'api-key' }, true],
      ['EXPORT_REQUESTED', null, { exportId: EXPORT_ID, reason: 'Subpoena 2026-17' }, true],
      ['LOGIN_SUCCEEDED', null, {}, false],
      ['EXPORT_APPROVED', null, { exportId: EXPORT_ID }, true],
      ['EXPORT_BUILT', null, { exportId: EXPORT_ID, recordings: this.recordings.length }, true],
    ];
    let prevHash = GENESIS_HASH;
    const included: Record<string, unknown>[] = [];
    plan.forEach(([action, recordingId, details, keep], index) => {
      const seq = index + 1;
      const apiKeyId = action === 'RECORDING_DOWNLOADED' ? 'cmapikey1' : null;
      const event = {
        seq,
        at: new Date(Date.UTC(2026, 10, 20, 10, 0, seq, seq)).toISOString(),
        actorId: REQUESTER.id,
        apiKeyId,
        action,
        recordingId,
        ip: '10.0.0.7',
        userAgent: 'jest',
        details,
      };
      const hash = auditHash(prevHash, { ...event, at: new Date(event.at) });
      const line: EventLine = { type: 'event', ...event, actorName: REQUESTER.name, prevHash, hash };
      if (keep && (recordingId !== null || 'exportId' in details)) included.push({ ...line });
      prevHash = hash;
    });
    const built = included[included.length - 1] as unknown as EventLine;
    const payload: CheckpointPayload = { seq: built.seq, hash: built.hash, at: '2026-11-20T10:05:00.000Z', keyId: this.keyId };
    const lines = [...included, { type: 'checkpoint', payload, signature: this.signCheckpoint(payload) }];
    this.writeAuditLines(lines);
    return lines;
  }

  private writeCustody(auditEvents: number): void {
    const audioBytes = this.recordings.reduce((sum, recording) => sum + this.read(recording.file).length, 0);
    const custody = {
      exportId: EXPORT_ID,
      requestedBy: REQUESTER,
      requestedAt: '2026-11-20T10:00:05.005Z',
      reason: 'Subpoena 2026-17',
      scope: { recordingIds: this.recordings.map((recording) => recording.id) },
      approval: 'two-person',
      approvedBy: APPROVER,
      approvedAt: '2026-11-20T10:00:07.007Z',
      builtAt: '2026-11-20T10:05:00.000Z',
      counts: { recordings: this.recordings.length, audioBytes, auditEvents },
      auditChain: { ok: true, checked: 8, verifiedAt: '2026-11-20T10:04:59.000Z' },
      excluded: [],
    };
    this.write('custody.json', `${JSON.stringify(custody, null, 2)}\n`);
  }

  private writeManifest(): void {
    const manifest = {
      format: 'callrec-evidence-export',
      version: 1,
      exportId: EXPORT_ID,
      createdAt: '2026-11-20T10:05:00.000Z',
      signingKey: { algorithm: 'Ed25519', keyId: this.keyId },
      recordings: this.recordings.map((recording) => {
        const bytes = this.read(recording.file);
        return {
          recordingId: recording.id,
          twilioRecordingSid: recording.sid,
          file: recording.file,
          metadata: recording.metadata,
          sha256: sha256(bytes),
          sizeBytes: bytes.length,
        };
      }),
      files: this.summed(),
    };
    this.write('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  }
}

/** Recomputes an event line's hash after a test changed it, as a forger would. */
export function rehash(line: Record<string, unknown>): Record<string, unknown> {
  const event = line as unknown as EventLine;
  return { ...line, hash: auditHash(event.prevHash, { ...event, at: new Date(event.at) }) };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Deterministic bytes that look like a WAV file, different for each recording. */
function audio(index: number, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  let block = createHash('sha256').update(`audio ${index}`).digest();
  for (let offset = 0; offset < size; offset += block.length) {
    block.copy(bytes, offset);
    block = createHash('sha256').update(block).digest();
  }
  bytes.write('RIFF', 0, 'latin1');
  return bytes;
}
