import { Logger } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../../services/config/app-config';
import { SigningKeyService } from '../../services/signing/signing-key.service';
import { anchorProblem, checkpointBytes, checkpointKeys, CheckpointPayload, parseCheckpoint, seqOfCheckpointKey } from './audit-checkpoint';

const payload: CheckpointPayload = { seq: 130, hash: 'ab'.repeat(32), at: '2026-11-30T10:00:00.123Z', keyId: '0123456789abcdef' };

function signingKey(): SigningKeyService {
  const file = join(mkdtempSync(join(tmpdir(), 'callrec-signing-')), 'key.pem');
  return new SigningKeyService({ auditSigningKeyFile: file } as AppConfig);
}

describe('audit checkpoints', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('signs the canonical JSON of {at, hash, keyId, seq}, keys sorted, nothing else', () => {
    expect(checkpointBytes(payload).toString('utf8')).toBe(
      `{"at":"2026-11-30T10:00:00.123Z","hash":"${'ab'.repeat(32)}","keyId":"0123456789abcdef","seq":130}`,
    );
  });

  it('names the two store objects after the seq, zero-padded to 12 digits, and reads the seq back', () => {
    expect(checkpointKeys(130)).toEqual({ json: 'audit-checkpoints/000000000130.json', sig: 'audit-checkpoints/000000000130.sig' });
    expect(seqOfCheckpointKey('audit-checkpoints/000000000130.json')).toBe(130);
    expect(seqOfCheckpointKey('audit-checkpoints/000000000130.sig')).toBeNull();
    expect(seqOfCheckpointKey('audit-checkpoints/../000000000130.json')).toBeNull();
    expect(() => checkpointKeys(0)).toThrow();
    expect(() => checkpointKeys(1.5)).toThrow();
  });

  it('reads back exactly the canonical bytes of a well-formed payload, and nothing else', () => {
    expect(parseCheckpoint(checkpointBytes(payload))).toEqual(payload);
    const variants = [
      JSON.stringify(payload), // keys not in canonical order
      `${checkpointBytes(payload).toString('utf8')}\n`,
      checkpointBytes({ ...payload, hash: 'AB'.repeat(32) }).toString('utf8'),
      checkpointBytes({ ...payload, seq: 0 }).toString('utf8'),
      checkpointBytes({ ...payload, at: '2026-11-30' }).toString('utf8'),
      checkpointBytes({ ...payload, keyId: 'not-a-key-id' }).toString('utf8'),
      '[]',
      'not json',
    ];
    for (const variant of variants) expect(parseCheckpoint(Buffer.from(variant))).toBeNull();
  });

  it('verifies a signature over the payload bytes, and fails for a flipped bit, another payload or another key', () => {
    const key = signingKey();
    const own = { ...payload, keyId: key.keyId };
    const signature = key.sign(checkpointBytes(own));
    expect(signature).toHaveLength(64);
    expect(key.verify(checkpointBytes(own), signature)).toBe(true);

    const flipped = Buffer.from(signature);
    flipped[10] ^= 0x01;
    expect(key.verify(checkpointBytes(own), flipped)).toBe(false);
    expect(key.verify(checkpointBytes({ ...own, seq: 131 }), signature)).toBe(false);
    expect(signingKey().verify(checkpointBytes(own), signature)).toBe(false);
  });

  it('says whether the chain still holds the checkpointed event, and how it does not', () => {
    expect(anchorProblem(payload, 130, payload.hash)).toBeUndefined();
    expect(anchorProblem(payload, 200, payload.hash)).toBeUndefined();
    expect(anchorProblem(payload, 118, null)).toBe(
      'The audit trail ends at event 118 but the checkpoint signed at 2026-11-30T10:00:00.123Z in the recording store covers event 130: events were removed',
    );
    expect(anchorProblem(payload, 0, null)).toMatch(/^The audit trail is empty but .* covers event 130: events were removed$/);
    expect(anchorProblem(payload, 140, null)).toMatch(/^Event 130, which the checkpoint .* covers, is missing from the audit trail/);
    expect(anchorProblem(payload, 140, 'cd'.repeat(32))).toBe(
      'Event 130 no longer has the hash that the checkpoint signed at 2026-11-30T10:00:00.123Z in the recording store records: the audit trail was rewritten',
    );
  });
});
