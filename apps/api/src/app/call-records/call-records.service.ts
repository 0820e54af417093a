import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { CallRecordDto, CallRecordPage, CallRecordQuery, EXACT_TOTAL_LIMIT } from '@callrec/contracts';
import { PrismaService } from '../../services/prisma/prisma.service';
import { CallRecordCriteria, buildCallRecordSearch } from './call-record-filters';
import { encodeCursor } from './call-record-cursor';
import { estimateSql, searchSql } from './call-record-sql';
import { CALL_RECORD_SELECT, toCallRecordDto } from './call-record.mapper';

interface SearchRow {
  total: number;
  more: boolean;
  last: (string | null)[] | null;
  items: string;
}

/** EXPLAIN (FORMAT JSON)'s answer, as far as it is read here. */
type PlanJson = { Plan?: { 'Plan Rows'?: number } }[];

@Injectable()
export class CallRecordsService {
  private readonly logger = new Logger(CallRecordsService.name);

  public constructor(private readonly prisma: PrismaService) {}

  /**
   * One page of calls, the total and the cursor of the page that follows, in one statement
   * (see call-record-sql.ts); a second one, planned and not run, only when more than
   * EXACT_TOTAL_LIMIT calls match.
   */
  public async search(query: CallRecordQuery): Promise<CallRecordPage> {
    const search = buildCallRecordSearch(query);
    const [{ total, more, last, items }] = await this.prisma.$queryRaw<SearchRow[]>(searchSql(search));
    const totalExact = total <= EXACT_TOTAL_LIMIT;
    return {
      // The page's JSON is already the answer's: parsed once here, serialised once by Nest.
      items: JSON.parse(items) as CallRecordDto[],
      total: totalExact ? total : await this.estimate(search.criteria),
      totalExact,
      page: search.page,
      pageSize: search.take,
      nextCursor: more && last ? encodeCursor(search.order, last) : null,
    };
  }

  public async get(id: string): Promise<CallRecordDto> {
    const row = await this.prisma.callRecord.findUnique({ where: { id }, select: CALL_RECORD_SELECT });
    if (!row) throw new NotFoundException(`Call record ${id} not found`);
    return toCallRecordDto(row);
  }

  /** The planner's row estimate, never below what was counted: more than EXACT_TOTAL_LIMIT match. */
  private async estimate(criteria: CallRecordCriteria): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ 'QUERY PLAN': unknown }[]>(estimateSql(criteria));
    const plan = (typeof row?.['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN']) : row?.['QUERY PLAN']) as PlanJson | undefined;
    const rows = plan?.[0]?.Plan?.['Plan Rows'];
    if (typeof rows !== 'number') this.logger.warn('The planner gave no row estimate for a search; reporting the counted floor');
    return Math.max(EXACT_TOTAL_LIMIT + 1, Math.round(rows ?? 0));
  }
}
