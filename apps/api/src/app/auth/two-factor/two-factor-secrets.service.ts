import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { SigningKeyService } from '../../../services/signing/signing-key.service';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed secret that does not open: altered, copied from another account, or the key file changed. */
export class TotpSecretUnreadableError extends Error {
  public constructor(userId: string) {
    super(`The second-factor secret of user ${userId} cannot be opened (the audit signing key file changed?); an ADMIN can reset it`);
    this.name = 'TotpSecretUnreadableError';
  }
}

/**
 * Keeps the database alone from being enough to sign in: TOTP secrets are sealed with
 * AES-256-GCM, and recovery codes kept as HMAC-SHA256, under keys derived (HKDF) from the audit
 * signing key file. That file exists in every installation (created on first start, shared
 * by every replica, outside the database), so this works with the default configuration,
 * unlike ENCRYPTION_KEYS, which may be empty and whose KEKs are retired after rotation.
 */
@Injectable()
export class TwoFactorSecretsService {
  private readonly sealKey: Buffer;
  private readonly codeKey: Buffer;

  public constructor(signing: SigningKeyService) {
    this.sealKey = signing.deriveSecret('totp-secret');
    this.codeKey = signing.deriveSecret('recovery-code');
  }

  /** `version | nonce | ciphertext | tag`, bound to the account: a sealed secret copied onto another row does not open. */
  public seal(secret: string, userId: string): Uint8Array<ArrayBuffer> {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(userId));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    // A plain Uint8Array, as Prisma's Bytes columns take.
    return Uint8Array.from(Buffer.concat([Buffer.of(VERSION), nonce, sealed, cipher.getAuthTag()]));
  }

  public open(sealed: Uint8Array, userId: string): string {
    const bytes = Buffer.from(sealed);
    if (bytes.length < 1 + NONCE_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw new TotpSecretUnreadableError(userId);
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, bytes.subarray(1, 1 + NONCE_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(userId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(1 + NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new TotpSecretUnreadableError(userId);
    }
  }

  /**
   * A recovery code has 49 random bits, so a fast hash is enough against guessing; the key
   * means a copy of the table cannot even be used to check guesses offline.
   */
  public hashRecoveryCode(normalisedCode: string): string {
    return createHmac('sha256', this.codeKey).update(normalisedCode, 'utf8').digest('hex');
  }
}

function additionalData(userId: string): Buffer {
  return Buffer.from(`callrec-totp-v1\u0000${userId}`, 'utf8');
}
