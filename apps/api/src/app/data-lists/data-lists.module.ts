import { Module } from '@nestjs/common';
import { DataListFactsService } from './data-list-facts.service';
import { DataListsController } from './data-lists.controller';
import { DataListsService } from './data-lists.service';

/** Data lists; exports the upsert of a dialer's own list and contact for POST /api/calls. */
@Module({
  controllers: [DataListsController],
  providers: [DataListFactsService, DataListsService],
  exports: [DataListFactsService],
})
export class DataListsModule {}
