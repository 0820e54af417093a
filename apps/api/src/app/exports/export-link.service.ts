import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../services/config/app-config';
import { SigningKeyService } from '../../services/signing/signing-key.service';

/**
 * The single-use download link of a ready bundle. Its token is an HMAC over the export's id and
 * the link's expiry, keyed by a secret derived from the signing key: deterministic, so the
 * export's GET can show the same link again without anything stored, and useless once the
 * expiry changes or passes. The link itself is single use because the download claims the row.
 */
@Injectable()
export class ExportLinkService {
  private readonly secret: Buffer;
  private readonly baseUrl: string;

  public constructor(config: AppConfig, signing: SigningKeyService) {
    this.secret = signing.deriveSecret('export-link');
    this.baseUrl = config.publicBaseUrl.replace(/\/+$/, '');
  }

  public url(exportId: string, expiresAt: Date): string {
    return `${this.baseUrl}/api/exports/${exportId}/download?token=${this.token(exportId, expiresAt)}`;
  }

  public token(exportId: string, expiresAt: Date): string {
    return createHmac('sha256', this.secret).update(`${exportId}.${expiresAt.getTime()}`).digest('base64url');
  }

  /** Constant-time: how much of a guess matched must not show in how long the answer took. */
  public holds(exportId: string, expiresAt: Date | null, token: string | undefined): boolean {
    if (!expiresAt || typeof token !== 'string') return false;
    const expected = Buffer.from(this.token(exportId, expiresAt));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
