import { Module } from '@nestjs/common';
import { ObjectLockPlanner } from './object-lock.planner';
import { ObjectLockSyncService } from './object-lock-sync.service';

/**
 * Object Lock on the recording bucket (design 9.4): the lock a new object is written with, and
 * the sync that keeps every object's lock in line with retention and legal holds. Recordings and
 * retention import it; it imports no feature but legal holds' coverage rule.
 */
@Module({
  providers: [ObjectLockPlanner, ObjectLockSyncService],
  exports: [ObjectLockPlanner, ObjectLockSyncService],
})
export class ObjectLockModule {}
