import { Injectable, NotFoundException } from '@nestjs/common';
import { CallRecordDto, CallRecordQuery, Page } from '@callrec/contracts';
import { PrismaService } from '../../services/prisma/prisma.service';
import { buildCallRecordSearch } from './call-record-filters';
import { CALL_RECORD_SELECT, toCallRecordDto } from './call-record.mapper';

@Injectable()
export class CallRecordsService {
  public constructor(private readonly prisma: PrismaService) {}

  /**
   * One page of calls and the total that matches. Both statements run at once on their own
   * connections; Prisma loads agents, contacts, lists and recordings in one batch per relation.
   */
  public async search(query: CallRecordQuery): Promise<Page<CallRecordDto>> {
    const { where, orderBy, skip, take } = buildCallRecordSearch(query);
    const [rows, total] = await Promise.all([
      this.prisma.callRecord.findMany({ where, orderBy, skip, take, select: CALL_RECORD_SELECT }),
      this.prisma.callRecord.count({ where }),
    ]);
    return { items: rows.map(toCallRecordDto), total, page: skip / take + 1, pageSize: take };
  }

  public async get(id: string): Promise<CallRecordDto> {
    const row = await this.prisma.callRecord.findUnique({ where: { id }, select: CALL_RECORD_SELECT });
    if (!row) throw new NotFoundException(`Call record ${id} not found`);
    return toCallRecordDto(row);
  }
}
