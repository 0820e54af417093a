import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { ApiKeyRole } from '@callrec/contracts';
import { PrismaService } from '../../services/prisma/prisma.service';
import { errorMessage } from '../../common/errors/error-message';
import { hashApiKey, isWellFormedApiKey } from './api-key-format';

/** The machine behind a request, as the access guard admits it. */
export interface ApiKeyPrincipal {
  id: string;
  name: string;
  role: ApiKeyRole;
  prefix: string;
}

export const INVALID_API_KEY = 'This API key is not valid or has been revoked';

/** lastUsedAt is a hint for people tidying keys, not a log: one write a minute per key is plenty. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Finds the key a bearer credential names. Every request reads the key's row by its unique hash
 * (one index lookup), so a revocation holds on every replica at once with no cache to invalidate.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);

  public constructor(private readonly prisma: PrismaService) {}

  public async authenticate(key: string): Promise<ApiKeyPrincipal> {
    if (!isWellFormedApiKey(key)) throw new UnauthorizedException(INVALID_API_KEY);
    const row = await this.prisma.apiKey.findUnique({
      where: { keyHash: hashApiKey(key) },
      select: { id: true, name: true, role: true, prefix: true, revokedAt: true, lastUsedAt: true },
    });
    if (!row || row.revokedAt) throw new UnauthorizedException(INVALID_API_KEY);
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) this.touch(row.id);
    return { id: row.id, name: row.name, role: row.role, prefix: row.prefix };
  }

  /** Not awaited: the answer never waits for a hint; the condition keeps racing replicas to one write. */
  private touch(id: string): void {
    const staleBefore = new Date(Date.now() - LAST_USED_RESOLUTION_MS);
    this.prisma.apiKey
      .updateMany({
        where: { id, revokedAt: null, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
        data: { lastUsedAt: new Date() },
      })
      .catch((error: unknown) => this.logger.warn(`Could not note the use of API key ${id}: ${errorMessage(error)}`));
  }
}
