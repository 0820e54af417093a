import { Injectable } from '@nestjs/common';
import { HealthResponse, HealthState } from '@callrec/contracts';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RedisService } from '../../services/redis/redis.service';
import { RecordingStores } from '../../services/storage/recording-stores';
import { PipelineStatsService } from '../pipeline/pipeline-stats.service';

@Injectable()
export class HealthService {
  public constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
    private readonly stats: PipelineStatsService,
    private readonly stores: RecordingStores,
  ) {}

  public async check(): Promise<HealthResponse> {
    const [database, redis, storage] = await Promise.all([this.databaseUp(), this.redis.ping(), this.stores.primary.isWritable()]);
    const checks = { database: state(database), redis: state(redis), storage: state(storage) };
    const details = database && redis ? { pipeline: await this.stats.stats().catch(() => undefined) } : undefined;
    return { status: database && redis && storage ? 'ok' : 'error', checks, ...(details?.pipeline ? { details } : {}) };
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
