import { Module } from '@nestjs/common';
import { DataListsModule } from '../data-lists/data-lists.module';
import { CallOutcomesService } from './call-outcomes.service';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';

@Module({
  imports: [DataListsModule],
  controllers: [CallsController],
  providers: [CallOutcomesService, CallsService],
  exports: [CallsService],
})
export class CallsModule {}
