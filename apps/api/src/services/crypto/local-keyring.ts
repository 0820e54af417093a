import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KekEntry } from '../config/encryption-settings';
import { KeyEncryption, KeyUnwrapError, UnknownKekError, WrappedKey } from './key-encryption';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The keyring of ENCRYPTION_KEYS: each DEK is sealed with AES-256-GCM under the KEK, with the
 * KEK's id and the context as additional data, as `version | nonce | ciphertext | tag`.
 */
export class LocalKeyring extends KeyEncryption {
  public readonly activeKekId: string | null;
  private readonly keys: ReadonlyMap<string, Buffer>;

  public constructor(entries: readonly KekEntry[]) {
    super();
    this.keys = new Map(entries.map((entry) => [entry.id, entry.key.reveal()]));
    this.activeKekId = entries[0]?.id ?? null;
  }

  public kekIds(): readonly string[] {
    return [...this.keys.keys()];
  }

  public async wrap(dek: Buffer, context: string): Promise<WrappedKey> {
    const kekId = this.activeKekId;
    if (kekId === null) throw new Error('No key-encryption key is active (ENCRYPTION_KEYS is empty)');
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.kek(kekId), nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(kekId, context));
    const sealed = Buffer.concat([cipher.update(dek), cipher.final()]);
    return { kekId, wrapped: Buffer.concat([Buffer.of(VERSION), nonce, sealed, cipher.getAuthTag()]) };
  }

  public async unwrap({ kekId, wrapped }: WrappedKey, context: string): Promise<Buffer> {
    const kek = this.kek(kekId);
    if (wrapped.length < 1 + NONCE_BYTES + TAG_BYTES || wrapped[0] !== VERSION) throw new KeyUnwrapError(kekId, context);
    const nonce = wrapped.subarray(1, 1 + NONCE_BYTES);
    const tag = wrapped.subarray(wrapped.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', kek, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(kekId, context));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(wrapped.subarray(1 + NONCE_BYTES, wrapped.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new KeyUnwrapError(kekId, context);
    }
  }

  private kek(kekId: string): Buffer {
    const kek = this.keys.get(kekId);
    if (!kek) throw new UnknownKekError(kekId);
    return kek;
  }
}

function additionalData(kekId: string, context: string): Buffer {
  return Buffer.from(`callrec-dek-v1\u0000${kekId}\u0000${context}`, 'utf8');
}
