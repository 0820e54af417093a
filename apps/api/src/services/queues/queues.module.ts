import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { QUEUE, QUEUE_PREFIX } from './queues.constants';

const queues = Object.values(QUEUE).map((name) => BullModule.registerQueue({ name }));

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        url: config.redisUrl,
        prefix: QUEUE_PREFIX,
        settings: { stalledInterval: 15000, maxStalledCount: 3 },
      }),
    }),
    ...queues,
  ],
  exports: queues,
})
export class QueuesModule {}
