import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditEventDto, AuditVerifyResult, Page } from '@callrec/contracts';
import { Roles } from '../auth/decorators/access.decorator';
import { AuditLogService } from './audit-log.service';
import { AuditQueryDto } from './audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  public constructor(private readonly log: AuditLogService) {}

  @Get()
  @Roles('COMPLIANCE')
  @ApiOperation({ summary: 'The audit trail, newest first, filtered by recording, actor, action and dates' })
  public list(@Query() query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    return this.log.list(query);
  }

  @Get('verify')
  @Roles('COMPLIANCE')
  @ApiOperation({ summary: 'Recompute the hash chain and report the first broken link' })
  public verify(): Promise<AuditVerifyResult> {
    return this.log.verify();
  }
}
