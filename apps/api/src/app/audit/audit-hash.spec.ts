import { auditHash, canonicalJson, GENESIS_HASH, HashedAuditFields } from './audit-hash';

const event: HashedAuditFields = {
  seq: 1,
  at: new Date('2026-01-02T03:04:05.678Z'),
  actorId: 'u1',
  action: 'RECORDING_PLAYED',
  recordingId: 'r1',
  ip: '10.0.0.1',
  userAgent: 'test',
  details: { b: 2, a: [1, { d: 4, c: 3 }] },
};

describe('audit hash chain', () => {
  it('serialises objects with sorted keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null }, skip: undefined })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });

  it('does not depend on key order, and changes with any field or the previous hash', () => {
    const reordered = { ...event, details: { a: [1, { c: 3, d: 4 }], b: 2 } };
    const base = auditHash(GENESIS_HASH, event);
    expect(auditHash(GENESIS_HASH, reordered)).toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(base, event)).not.toBe(base);
    expect(auditHash(GENESIS_HASH, { ...event, ip: '10.0.0.2' })).not.toBe(base);
    expect(auditHash(GENESIS_HASH, { ...event, details: { b: 3, a: [1, { d: 4, c: 3 }] } })).not.toBe(base);
  });
});
