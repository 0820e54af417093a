import { Injectable, Logger } from '@nestjs/common';
import { keyIdOf } from '@callrec/evidence';
import { createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, KeyObject, sign, verify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppConfig } from '../config/app-config';
import { errorMessage } from '../../common/errors/error-message';

/**
 * The product's Ed25519 key (AUDIT_SIGNING_KEY_FILE): it signs audit checkpoints, and keys
 * derived from it pseudonymise erased phone numbers. It lives in a file outside the database,
 * so someone who can write the database cannot forge a signature; it is created with mode
 * 0600 on first start and never logged. Every replica must read the same file.
 */
@Injectable()
export class SigningKeyService {
  private readonly logger = new Logger(SigningKeyService.name);
  private readonly privateKey: KeyObject;
  public readonly publicKey: KeyObject;
  /** The public key in SPKI PEM, for `openssl pkeyutl -verify -pubin -inkey …`. */
  public readonly publicKeyPem: string;
  /** First 16 hex digits of the SHA-256 of the public key's DER: names the key in checkpoints. */
  public readonly keyId: string;

  public constructor(config: AppConfig) {
    this.privateKey = this.loadOrCreate(config.auditSigningKeyFile);
    this.publicKey = createPublicKey(this.privateKey);
    this.publicKeyPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = keyIdOf(this.publicKey);
  }

  public sign(data: Buffer): Buffer {
    return sign(null, data, this.privateKey);
  }

  public verify(data: Buffer, signature: Buffer): boolean {
    return verify(null, data, this.publicKey, signature);
  }

  /** A 32-byte secret for one purpose, derived with HKDF so the signing key itself is never reused. */
  public deriveSecret(purpose: string): Buffer {
    const raw = this.privateKey.export({ format: 'der', type: 'pkcs8' });
    return Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), `callrec:${purpose}`, 32));
  }

  private loadOrCreate(path: string): KeyObject {
    let pem: string;
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`Cannot read the audit signing key ${path}: ${errorMessage(error)}`);
      }
      pem = this.create(path);
    }
    let key: KeyObject;
    try {
      key = createPrivateKey(pem);
    } catch {
      throw new Error(`AUDIT_SIGNING_KEY_FILE ${path} does not hold a PEM private key`);
    }
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new Error(`AUDIT_SIGNING_KEY_FILE ${path} holds a ${key.asymmetricKeyType} key; an Ed25519 key is needed`);
    }
    return key;
  }

  private create(path: string): string {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    try {
      // 'wx': when two replicas start at once, one creates the key and the other reads it.
      writeFileSync(path, pem, { flag: 'wx', mode: 0o600 });
      this.logger.warn(`Created a new audit signing key at ${path}: back it up (see README, "Audit trail")`);
      return pem;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8');
      throw new Error(`Cannot create the audit signing key ${path}: ${errorMessage(error)}`);
    }
  }
}

// Shared with the offline bundle verifier (libs/evidence); re-exported for the API's existing callers.
export { keyIdOf };
