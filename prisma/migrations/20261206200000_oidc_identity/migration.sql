-- OpenID Connect single sign-on (design 9.9). An account first created by a sign-in at the
-- provider has no local password; one already here is linked to the provider's subject on its
-- first such sign-in, and from then on is found by (issuer, subject), never by email again.
ALTER TABLE "User" ALTER COLUMN "passwordHash" DROP NOT NULL;
ALTER TABLE "User" ADD COLUMN "oidcIssuer" TEXT;
ALTER TABLE "User" ADD COLUMN "oidcSubject" TEXT;
CREATE UNIQUE INDEX "User_oidcIssuer_oidcSubject_key" ON "User"("oidcIssuer", "oidcSubject");

ALTER TYPE "AuditAction" ADD VALUE 'OIDC_LOGIN_REFUSED';
