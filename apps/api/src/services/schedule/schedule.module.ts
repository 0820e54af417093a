import { Global, Module } from '@nestjs/common';
import { ScheduleModule as NestScheduleModule } from '@nestjs/schedule';
import { ClusterCronService } from './cluster-cron.service';
import { SchedulesService } from './schedules.service';

@Global()
@Module({
  imports: [NestScheduleModule.forRoot()],
  providers: [ClusterCronService, SchedulesService],
  exports: [ClusterCronService],
})
export class ScheduleModule {}
