import { Module } from '@nestjs/common';
import { CallOutcomesService } from './call-outcomes.service';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';

@Module({
  controllers: [CallsController],
  providers: [CallOutcomesService, CallsService],
  exports: [CallsService],
})
export class CallsModule {}
