import {
  audioExtension,
  audioPath,
  auditEventLine,
  checkpointLine,
  fileDate,
  metadataPath,
  sha256Sums,
  slug,
} from './export-bundle.format';

describe('evidence bundle format v1', () => {
  it('slugs names to [a-z0-9-], at most the length given, with a fallback', () => {
    expect(slug('Dana Dialer', 40, 'unknown')).toBe('dana-dialer');
    expect(slug('  Zoë  O’Brien--Smith ', 40, 'unknown')).toBe('zoe-o-brien-smith');
    expect(slug('x'.repeat(39) + ' yz', 40, 'unknown')).toBe('x'.repeat(39));
    expect(slug('', 40, 'unknown')).toBe('unknown');
    expect(slug(null, 40, 'unknown')).toBe('unknown');
    expect(slug('***', 40, 'unknown')).toBe('unknown');
  });

  it('names audio recordings/<date>_<agent>_<to>_<sid>.<ext>, with an erased number slugged', () => {
    const placedAt = new Date('2026-11-30T09:05:07.123Z');
    expect(fileDate(placedAt)).toBe('2026-11-30T09-05-07Z');
    const base = {
      placedAt,
      agentName: 'Dana Dialer',
      recordingSid: 'RE0123456789abcdef0123456789abcdef',
      storageKey: '2026/11/30/RE01.wav',
    };
    expect(audioPath({ ...base, toNumber: '+15551234567' })).toBe(
      'recordings/2026-11-30T09-05-07Z_dana-dialer_+15551234567_RE0123456789abcdef0123456789abcdef.wav',
    );
    expect(audioPath({ ...base, agentName: null, toNumber: 'erased:AbC_-9z', storageKey: '2026/11/30/RE01.mp3.enc' })).toBe(
      'recordings/2026-11-30T09-05-07Z_unknown_erased-abc-9z_RE0123456789abcdef0123456789abcdef.mp3',
    );
    expect(audioExtension('2026/11/30/RE01.wav.enc')).toBe('wav');
    expect(metadataPath('RE0123')).toBe('metadata/RE0123.json');
  });

  it('writes sha256sum lines with two spaces, in entry order', () => {
    const sums = sha256Sums([
      { path: 'recordings/a.wav', sha256: 'a'.repeat(64) },
      { path: 'audit.jsonl', sha256: 'b'.repeat(64) },
    ]);
    expect(sums.toString()).toBe(`${'a'.repeat(64)}  recordings/a.wav\n${'b'.repeat(64)}  audit.jsonl\n`);
  });

  it('writes audit lines with every field of the format, and the checkpoint line last', () => {
    const line = auditEventLine({
      seq: 7,
      at: new Date('2026-11-30T09:05:07.123Z'),
      actorId: null,
      actorName: null,
      apiKeyId: null,
      action: 'EXPORT_BUILT',
      recordingId: null,
      ip: null,
      userAgent: null,
      details: { exportId: 'e' },
      prevHash: '0'.repeat(64),
      hash: 'f'.repeat(64),
    });
    expect(line.endsWith('\n')).toBe(true);
    expect(Object.keys(JSON.parse(line))).toEqual([
      'type',
      'seq',
      'at',
      'actorId',
      'actorName',
      'apiKeyId',
      'action',
      'recordingId',
      'ip',
      'userAgent',
      'details',
      'prevHash',
      'hash',
    ]);
    const checkpoint = JSON.parse(
      checkpointLine({
        payload: { seq: 7, hash: 'f'.repeat(64), at: '2026-11-30T09:05:08.000Z', keyId: '0123456789abcdef' },
        signature: Buffer.alloc(64, 1),
      }),
    );
    expect(checkpoint).toEqual({
      type: 'checkpoint',
      payload: { seq: 7, hash: 'f'.repeat(64), at: '2026-11-30T09:05:08.000Z', keyId: '0123456789abcdef' },
      signature: Buffer.alloc(64, 1).toString('base64'),
    });
  });
});
