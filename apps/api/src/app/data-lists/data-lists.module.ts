import { Module } from '@nestjs/common';
import { DataListsController } from './data-lists.controller';

@Module({
  controllers: [DataListsController],
})
export class DataListsModule {}
