import { Injectable } from '@nestjs/common';
import { CommandLock } from '../../services/redis/command.lock';
import { RedisService } from '../../services/redis/redis.service';

@Injectable()
export class KeyRotationLock extends CommandLock {
  public constructor(redis: RedisService) {
    super(redis, 'keys:rotate', 'callrec:keys-rotate:lock');
  }
}

@Injectable()
export class StorageEncryptionLock extends CommandLock {
  public constructor(redis: RedisService) {
    super(redis, 'storage:encrypt', 'callrec:storage-encrypt:lock');
  }
}
