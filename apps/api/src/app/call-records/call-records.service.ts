import { Injectable, NotFoundException } from '@nestjs/common';
import { CallRecordDto, CallRecordQuery, Page } from '@callrec/contracts';
import { PrismaService } from '../../services/prisma/prisma.service';
import { buildCallRecordSearch } from './call-record-filters';
import { searchSql } from './call-record-sql';
import { CALL_RECORD_SELECT, toCallRecordDto } from './call-record.mapper';

@Injectable()
export class CallRecordsService {
  public constructor(private readonly prisma: PrismaService) {}

  /** One page of calls and the total that matches, in one statement (see call-record-sql.ts). */
  public async search(query: CallRecordQuery): Promise<Page<CallRecordDto>> {
    const search = buildCallRecordSearch(query);
    const [{ total, items }] = await this.prisma.$queryRaw<{ total: number; items: string }[]>(searchSql(search));
    return { items: JSON.parse(items) as CallRecordDto[], total, page: search.skip / search.take + 1, pageSize: search.take };
  }

  public async get(id: string): Promise<CallRecordDto> {
    const row = await this.prisma.callRecord.findUnique({ where: { id }, select: CALL_RECORD_SELECT });
    if (!row) throw new NotFoundException(`Call record ${id} not found`);
    return toCallRecordDto(row);
  }
}
