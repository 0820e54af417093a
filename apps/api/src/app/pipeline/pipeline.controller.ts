import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PipelineOverview } from '@callrec/contracts';
import { Roles } from '../../common/decorators/access.decorator';
import { PipelineService } from './pipeline.service';

/** The Pipeline page's data. It keeps its old path under /recordings (and tag) so that clients see no change. */
@ApiTags('recordings')
@Controller('recordings')
export class PipelineController {
  public constructor(private readonly pipeline: PipelineService) {}

  @Get('pipeline')
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Counts by status, queue depth, and the FAILED and stuck recordings' })
  public overview(): Promise<PipelineOverview> {
    return this.pipeline.overview();
  }
}
