import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RetentionPolicyDto, RetentionPreview, RetentionRunDto } from '@callrec/contracts';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { MaintenanceJobsService } from '../../services/queues/maintenance-jobs.service';
import { RetentionSweepJob } from '../../services/queues/queues.constants';
import { RequestContext } from '../../common/request-context';
import { Roles } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { CreateRetentionPolicyDto, UpdateRetentionPolicyDto } from './dto/retention-policy.dto';
import { RetentionPoliciesService } from './retention-policies.service';
import { RetentionSweepService } from './retention-sweep.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';

@ApiTags('retention')
@Controller()
export class RetentionController {
  public constructor(
    private readonly jobs: MaintenanceJobsService,
    private readonly policies: RetentionPoliciesService,
    private readonly sweeps: RetentionSweepService,
  ) {}

  @Get('retention-policies')
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Retention policies; the longest matching one decides a recording' })
  public list(): Promise<RetentionPolicyDto[]> {
    return this.policies.list();
  }

  @Post('retention-policies')
  @Roles('ADMIN')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'Create a retention policy (audited)' })
  public create(@Body() body: CreateRetentionPolicyDto, @ReqContext() context: RequestContext): Promise<RetentionPolicyDto> {
    return this.policies.create(body, context);
  }

  @Patch('retention-policies/:id')
  @Roles('ADMIN')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'Change a retention policy (audited)' })
  public update(
    @Param('id', ParseId()) id: string,
    @Body() body: UpdateRetentionPolicyDto,
    @ReqContext() context: RequestContext,
  ): Promise<RetentionPolicyDto> {
    return this.policies.update(id, body, context);
  }

  @Delete('retention-policies/:id')
  @HttpCode(204)
  @Roles('ADMIN')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'Delete a retention policy (audited)' })
  public remove(@Param('id', ParseId()) id: string, @ReqContext() context: RequestContext): Promise<void> {
    return this.policies.remove(id, context);
  }

  @Get('retention/preview')
  @Roles('COMPLIANCE')
  @ApiOperation({ summary: 'What the next sweep would delete, per policy, and what holds spare' })
  public preview(): Promise<RetentionPreview> {
    return this.sweeps.preview();
  }

  @Post('retention/run')
  @HttpCode(202)
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Run a retention sweep now (in a worker); see GET /api/retention/runs' })
  public async run(@ReqContext() context: RequestContext): Promise<{ enqueued: true; jobId: string }> {
    const jobId = `retention-sweep:manual:${Date.now()}`;
    const data: RetentionSweepJob = { trigger: 'manual', triggeredBy: context.user?.email };
    await this.jobs.enqueueRetentionSweep(data, jobId);
    return { enqueued: true, jobId };
  }

  @Get('retention/runs')
  @Roles('COMPLIANCE')
  @ApiOperation({ summary: 'Past retention sweeps, newest first' })
  public runs(): Promise<RetentionRunDto[]> {
    return this.sweeps.runs();
  }
}
