import { Injectable } from '@nestjs/common';
import { CommandBusyError, CommandLock } from '../../services/redis/command.lock';
import { RedisService } from '../../services/redis/redis.service';

/** Another run holds the migration: two runs would copy and switch the same rows. */
export { CommandBusyError as MigrationBusyError };

/** One storage:migrate at a time, across machines. */
@Injectable()
export class MigrationLock extends CommandLock {
  public constructor(redis: RedisService) {
    super(redis, 'storage:migrate', 'callrec:storage-migrate:lock');
  }
}
