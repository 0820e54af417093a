import { Global, Module } from '@nestjs/common';
import { ScheduleModule as NestScheduleModule } from '@nestjs/schedule';
import { ClusterCronService } from './cluster-cron.service';

@Global()
@Module({
  imports: [NestScheduleModule.forRoot()],
  providers: [ClusterCronService],
  exports: [ClusterCronService],
})
export class ScheduleModule {}
