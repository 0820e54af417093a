// The chain's hashing lives in libs/evidence so the offline bundle verifier hashes exactly as the API does.
export { auditHash, canonicalJson, GENESIS_HASH } from '@callrec/evidence';
export type { HashedAuditFields } from '@callrec/evidence';
