import { Controller, Get, ParseBoolPipe, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthResponse } from '@callrec/contracts';
import type { Response } from 'express';
import { Public, Roles } from '../auth/decorators/access.decorator';
import { HealthService } from './health.service';
import { StorageCheckResult, StorageCheckService } from './storage-check.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  public constructor(
    private readonly health: HealthService,
    private readonly storage: StorageCheckService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Readiness of the database, Redis and recording storage (503 when any is down)' })
  public async check(@Res({ passthrough: true }) response: Response): Promise<HealthResponse> {
    const result = await this.health.check();
    response.status(result.status === 'ok' ? 200 : 503);
    return result;
  }

  @Get('storage')
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Do rows and files agree? (STORED without file, DELETED with file, orphan files; ?hashes=true re-hashes)' })
  public checkStorage(@Query('hashes', new ParseBoolPipe({ optional: true })) hashes?: boolean): Promise<StorageCheckResult> {
    return this.storage.check({ hashes: hashes ?? false });
  }
}
