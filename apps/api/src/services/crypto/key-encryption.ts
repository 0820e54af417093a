/** A data key wrapped by a key-encryption key, with the id of that KEK (stored beside it). */
export interface WrappedKey {
  kekId: string;
  wrapped: Buffer;
}

/**
 * The seam between the product and whoever holds the key-encryption keys (design 9.5): the
 * local keyring of ENCRYPTION_KEYS today; AWS KMS or Vault's transit engine would implement the
 * same four operations (their wrap is Encrypt with an encryption context, their unwrap Decrypt).
 * `context` binds a wrapped key to what it protects (the recording's id): a wrapped DEK copied
 * onto another recording's row does not unwrap there.
 */
export abstract class KeyEncryption {
  /** The KEK that wraps new data keys, or null when encryption is off. */
  public abstract readonly activeKekId: string | null;
  /** Every KEK this process can unwrap with, the active one first. */
  public abstract kekIds(): readonly string[];
  public abstract wrap(dek: Buffer, context: string): Promise<WrappedKey>;
  /** Rejects with UnknownKekError or KeyUnwrapError; the message never carries key material. */
  public abstract unwrap(key: WrappedKey, context: string): Promise<Buffer>;
}

/** A wrapped key names a KEK this process was not given. */
export class UnknownKekError extends Error {
  public constructor(public readonly kekId: string) {
    super(
      `The key-encryption key "${kekId}" is not in this process's keyring (ENCRYPTION_KEYS); add it back, or keys:rotate while it is still there`,
    );
    this.name = 'UnknownKekError';
  }
}

/** A wrapped key does not open under its KEK: altered, or copied from another recording. */
export class KeyUnwrapError extends Error {
  public constructor(
    public readonly kekId: string,
    context: string,
  ) {
    super(`The data key of ${context} does not unwrap under "${kekId}": it was altered or belongs to another recording`);
    this.name = 'KeyUnwrapError';
  }
}

/** Encryption is asked for while no KEK is configured. */
export class EncryptionOffError extends Error {
  public constructor(what: string) {
    super(`${what} needs ENCRYPTION_KEYS (or ENCRYPTION_KEYS_FILE): no key-encryption key is configured`);
    this.name = 'EncryptionOffError';
  }
}
