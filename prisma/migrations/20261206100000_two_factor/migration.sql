-- TOTP second factor for local accounts (design 9.9). The shared secret is stored sealed
-- (AES-256-GCM under a key derived from the audit signing key file, never in the database):
-- a copy of the database alone gives nobody a working authenticator. A secret without
-- totpEnabledAt is an enrolment that was started and not yet confirmed with a first code.
ALTER TABLE "User" ADD COLUMN "totpSecret" BYTEA;
ALTER TABLE "User" ADD COLUMN "totpEnabledAt" TIMESTAMP(3);
-- The last RFC 6238 time step a code was accepted for: a code of that step or an earlier one
-- is a replay (or older than one already used) and is refused.
ALTER TABLE "User" ADD COLUMN "totpLastStep" INTEGER;

-- One-time recovery codes, shown once at enrolment; only a keyed SHA-256 of each is kept.
CREATE TABLE "RecoveryCode" (
    "id" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),
    "userId" UUID NOT NULL,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "RecoveryCode_userId_codeHash_key" ON "RecoveryCode"("userId", "codeHash");
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TYPE "AuditAction" ADD VALUE 'TWO_FACTOR_ENROLLED';
ALTER TYPE "AuditAction" ADD VALUE 'TWO_FACTOR_DISABLED';
ALTER TYPE "AuditAction" ADD VALUE 'TWO_FACTOR_RESET';
ALTER TYPE "AuditAction" ADD VALUE 'TWO_FACTOR_FAILED';
ALTER TYPE "AuditAction" ADD VALUE 'RECOVERY_CODE_USED';
