import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ApiKeyDto, CreatedApiKey } from '@callrec/contracts';
import { PrismaService } from '../../services/prisma/prisma.service';
import { personIdOf, RequestContext } from '../../common/request-context';
import { AuditWriter } from '../audit/audit.writer';
import { newApiKey } from './api-key-format';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

const API_KEY_SELECT = {
  id: true,
  name: true,
  role: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { name: true } },
} as const;

/** Issues, lists and revokes machine credentials (design 9.10); the key itself is never stored. */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly prisma: PrismaService,
  ) {}

  public async create(dto: CreateApiKeyDto, context: RequestContext): Promise<CreatedApiKey> {
    const { key, prefix, keyHash } = newApiKey();
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await tx.apiKey.create({
        data: { name: dto.name, role: dto.role, prefix, keyHash, createdById: personIdOf(context) },
        select: { id: true },
      });
      // The prefix only: the audit log must never be a place to find a working key.
      await this.audit.record(
        { action: 'API_KEY_CREATED', context, details: { apiKeyId: created.id, name: dto.name, role: dto.role, prefix } },
        tx,
      );
      return created;
    });
    this.logger.log(`Created API key ${row.id} (${prefix}…, ${dto.role})`);
    return { id: row.id, key };
  }

  public async list(): Promise<ApiKeyDto[]> {
    const rows = await this.prisma.apiKey.findMany({
      select: API_KEY_SELECT,
      orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    });
    return rows.map(toApiKeyDto);
  }

  /**
   * Revokes at once: the guard reads the row on every request. Revoking a revoked key changes
   * nothing and answers it as it stands (idempotent), without a second audit event.
   */
  public async revoke(id: string, context: RequestContext): Promise<ApiKeyDto> {
    await this.prisma.$transaction(async (tx) => {
      const key = await tx.apiKey.findUnique({ where: { id }, select: { name: true, role: true, prefix: true } });
      if (!key) throw new NotFoundException(`API key ${id} not found`);
      const { count } = await tx.apiKey.updateMany({
        where: { id, revokedAt: null },
        data: { revokedAt: new Date(), revokedById: personIdOf(context) },
      });
      if (count === 0) return;
      await this.audit.record(
        { action: 'API_KEY_REVOKED', context, details: { apiKeyId: id, name: key.name, role: key.role, prefix: key.prefix } },
        tx,
      );
      this.logger.log(`Revoked API key ${id} (${key.prefix}…)`);
    });
    return toApiKeyDto(await this.prisma.apiKey.findUniqueOrThrow({ where: { id }, select: API_KEY_SELECT }));
  }
}

type ApiKeyRow = {
  id: string;
  name: string;
  role: ApiKeyDto['role'];
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { name: string } | null;
};

function toApiKeyDto(row: ApiKeyRow): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy?.name ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
