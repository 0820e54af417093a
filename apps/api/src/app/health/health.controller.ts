import { Controller, Get, ParseBoolPipe, Query, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthResponse, LivenessResponse } from '@callrec/contracts';
import type { Response } from 'express';
import { Public, Roles } from '../../common/decorators/access.decorator';
import { HealthService } from './health.service';
import { StorageCheckResult, StorageCheckService } from './storage-check.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';

@ApiTags('health')
@Controller('health')
export class HealthController {
  public constructor(
    private readonly health: HealthService,
    private readonly storage: StorageCheckService,
  ) {}

  /**
   * Liveness for load balancers and container health checks: anonymous and polled often, so it
   * touches nothing (no database, no Redis, no file) and tells a stranger nothing.
   */
  @Get()
  @Public()
  @SkipThrottle()
  @ApiOperation({ summary: 'Liveness: the process answers HTTP' })
  public live(): LivenessResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @Roles('ADMIN')
  @ApiOperation({
    summary:
      'Readiness of the database, Redis, recording storage and the encryption keys in use, with pipeline counts (503 when any is down)',
  })
  public async ready(@Res({ passthrough: true }) response: Response): Promise<HealthResponse> {
    const result = await this.health.check();
    response.status(result.status === 'ok' ? 200 : 503);
    return result;
  }

  @Get('storage')
  @Roles('ADMIN')
  @ApiErrors(400)
  @ApiOperation({ summary: 'Do rows and files agree? (STORED without file, DELETED with file, orphan files; ?hashes=true re-hashes)' })
  public checkStorage(@Query('hashes', new ParseBoolPipe({ optional: true })) hashes?: boolean): Promise<StorageCheckResult> {
    return this.storage.check({ hashes: hashes ?? false });
  }
}
