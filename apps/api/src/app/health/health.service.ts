import { Injectable, Logger } from '@nestjs/common';
import { EncryptionReport, HealthResponse, HealthState } from '@callrec/contracts';
import { KeyEncryption } from '../../services/crypto/key-encryption';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RedisService } from '../../services/redis/redis.service';
import { RecordingStores } from '../../services/storage/recording-stores';
import { PipelineStatsService } from '../pipeline/pipeline-stats.service';

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  public constructor(
    private readonly keys: KeyEncryption,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
    private readonly stats: PipelineStatsService,
    private readonly stores: RecordingStores,
  ) {}

  public async check(): Promise<HealthResponse> {
    const [database, redis, storage] = await Promise.all([this.databaseUp(), this.redis.ping(), this.stores.primary.isWritable()]);
    const encryption = database ? await this.encryption().catch(() => null) : null;
    const keysUp = encryption !== null && encryption.error === undefined;
    const checks = { database: state(database), redis: state(redis), storage: state(storage), encryption: state(keysUp) };
    const details = database && redis ? { pipeline: await this.stats.stats().catch(() => undefined) } : undefined;
    return {
      status: database && redis && storage && keysUp ? 'ok' : 'error',
      checks,
      ...(encryption ? { encryption } : {}),
      ...(details?.pipeline ? { details } : {}),
    };
  }

  /**
   * Which KEKs wrap how many data keys (design 9.5), counted in SQL, beside the KEKs this process
   * was given: what tells an operator whether an old KEK may leave the keyring. A KEK in use that
   * this process lacks fails the check, because those recordings cannot be read here. Ids only.
   */
  private async encryption(): Promise<EncryptionReport> {
    const used = await this.prisma.$queryRaw<{ kekId: string; recordings: number }[]>`
      SELECT "kekId", count(*)::int AS recordings FROM "RecordingKey" GROUP BY 1`;
    const configured = this.keys.kekIds();
    const counts = new Map(used.map((row) => [row.kekId, row.recordings]));
    const ids = [...configured, ...[...counts.keys()].filter((id) => !configured.includes(id)).sort()];
    const keks = ids.map((id) => ({ id, recordings: counts.get(id) ?? 0, available: configured.includes(id) }));
    const missing = keks.filter((kek) => !kek.available);
    const report: EncryptionReport = { activeKekId: this.keys.activeKekId, keks };
    if (missing.length > 0) {
      report.error =
        `Recordings are encrypted under key-encryption keys this process lacks: ` +
        `${missing.map((kek) => `"${kek.id}" (${kek.recordings} recordings)`).join(', ')}; ` +
        'add them to ENCRYPTION_KEYS, or their recordings cannot be played, downloaded or checked';
      this.logger.warn(report.error);
    }
    return report;
  }

  private async databaseUp(): Promise<boolean> {
    try {
      await this.prisma.$queryRaw`SELECT 1`;
      return true;
    } catch {
      return false;
    }
  }
}

function state(up: boolean): HealthState {
  return up ? 'up' : 'down';
}
