import { DynamicModule, Module } from '@nestjs/common';
import { RetentionController } from './retention.controller';
import { RetentionPoliciesService } from './retention-policies.service';
import { RetentionProcessor } from './retention.processor';
import { RetentionSweepService } from './retention-sweep.service';

@Module({})
export class RetentionModule {
  /** Sweeps run only where this process is a worker. */
  public static register({ worker }: { worker: boolean }): DynamicModule {
    return {
      module: RetentionModule,
      controllers: [RetentionController],
      providers: [RetentionPoliciesService, RetentionSweepService, ...(worker ? [RetentionProcessor] : [])],
      exports: [RetentionSweepService],
    };
  }
}
