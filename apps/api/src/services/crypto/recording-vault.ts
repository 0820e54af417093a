import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { pipeline as pipe, Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { ByteRange, StorageBackend } from '../storage/recording-store';
import { RecordingStores } from '../storage/recording-stores';
import { ChunkAuthenticationError, DEK_BYTES, OpeningStream, sealedSize, sealedSpan, SealingStream } from './chunked-gcm';
import { KeyEncryption, WrappedKey } from './key-encryption';

type Tx = Prisma.TransactionClient;

/** What reading a recording's audio needs to know of its row. */
export interface StoredMedia {
  /** The recording's id: the context its data key and chunks are bound to. */
  id: string;
  storageBackend: StorageBackend | null;
  storageKey: string;
  /** Of the plaintext. */
  sizeBytes: number;
  encrypted: boolean;
  /**
   * The wrapped data key, when the caller read it with the row (null: the row has none); absent,
   * the vault reads it. Either way it is read for this request, so a shredded key stops reads at once.
   */
  dataKey?: WrappedKey | null;
}

/** A new recording's encryption: the stream that seals its plaintext, and its wrapped data key to save with the row. */
export interface Sealer {
  transform: Transform;
  key: WrappedKey;
}

/** An encrypted recording whose data key is gone: shredded by a deletion, or never saved. */
export class DataKeyMissingError extends Error {
  public constructor(public readonly recordingId: string) {
    super(`Recording ${recordingId} is encrypted but has no data key: it was destroyed (crypto-shredded), so the audio cannot be read`);
    this.name = 'DataKeyMissingError';
  }
}

/**
 * Envelope encryption of recordings (design 9.5), on whichever store a row names: every new
 * recording gets a random 256-bit data key, its audio is stored as chunked AES-256-GCM
 * (chunked-gcm.ts) and the data key is kept in RecordingKey, wrapped by the active KEK.
 * Everything that reads audio (playback, downloads, hashes for checks and moves) reads it here,
 * so callers always see the plaintext and its SHA-256, whatever lies in the store.
 * Data keys are unwrapped per read and never cached: a shredded key stops reads at once, on
 * every replica.
 */
@Injectable()
export class RecordingVault {
  private readonly logger = new Logger(RecordingVault.name);

  public constructor(
    private readonly keys: KeyEncryption,
    private readonly prisma: PrismaService,
    private readonly stores: RecordingStores,
  ) {}

  /** True when new recordings are encrypted (a KEK is configured). */
  public get encrypting(): boolean {
    return this.keys.activeKekId !== null;
  }

  /** A fresh data key and the stream sealing under it, or null when encryption is off. */
  public async sealer(recordingId: string): Promise<Sealer | null> {
    if (!this.encrypting) return null;
    const dek = randomBytes(DEK_BYTES);
    const key = await this.keys.wrap(dek, recordingId);
    return { transform: new SealingStream(dek, recordingId), key };
  }

  /** Saves (or replaces) a recording's wrapped data key, in the caller's transaction. */
  public async saveKey(tx: Tx, recordingId: string, key: WrappedKey): Promise<void> {
    await tx.recordingKey.upsert({
      where: { recordingId },
      create: { recordingId, kekId: key.kekId, wrappedDek: new Uint8Array(key.wrapped) },
      update: { kekId: key.kekId, wrappedDek: new Uint8Array(key.wrapped), createdAt: new Date(), rotatedAt: null },
    });
  }

  /** The size the stored object of this recording must have. */
  public storedSize(media: Pick<StoredMedia, 'sizeBytes' | 'encrypted'>): number {
    return media.encrypted ? sealedSize(media.sizeBytes) : media.sizeBytes;
  }

  /**
   * The plaintext of the recording, or `range` of it. An encrypted range reads only the chunks
   * it touches; a chunk that fails authentication errors the stream (ChunkAuthenticationError)
   * before any of its bytes are passed on.
   */
  public async open(media: StoredMedia, range?: ByteRange): Promise<Readable> {
    const store = this.stores.of(media.storageBackend);
    if (!media.encrypted) return store.read(media.storageKey, range);
    const dek = await this.dataKey(media);
    const span = sealedSpan(media.sizeBytes, range);
    const stored = await store.read(media.storageKey, span.stored);
    // pipeline: a reader that goes away (a player seeking) also closes the store's stream, and the
    // store's errors (a vanished object) reach the reader through the opening stream.
    return pipe(stored, new OpeningStream(dek, media.id, media.sizeBytes, span), (error) => {
      if (error instanceof ChunkAuthenticationError) this.logger.error(`${error.message} (key ${media.storageKey})`);
    });
  }

  /** The SHA-256 of the plaintext, as the row's sha256 should say. */
  public async sha256(media: StoredMedia): Promise<string> {
    const hash = createHash('sha256');
    await pipeline(
      await this.open(media),
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          hash.update(chunk);
          done();
        },
      }),
    );
    return hash.digest('hex');
  }

  private async dataKey(media: StoredMedia): Promise<Buffer> {
    let key = media.dataKey;
    if (key === undefined) {
      const row = await this.prisma.recordingKey.findUnique({
        where: { recordingId: media.id },
        select: { kekId: true, wrappedDek: true },
      });
      key = row ? { kekId: row.kekId, wrapped: Buffer.from(row.wrappedDek) } : null;
    }
    if (!key) throw new DataKeyMissingError(media.id);
    return this.keys.unwrap(key, media.id);
  }
}
