import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErasureReceipt } from '@callrec/contracts';
import { RequestContext } from '../../auth/auth-user';
import { Roles } from '../../auth/decorators/access.decorator';
import { ReqContext } from '../../auth/decorators/current-user.decorator';
import { ErasureRequestDto } from './delete-recording.dto';
import { RecordingRemovalService } from './recording-removal.service';

@ApiTags('recordings')
@ApiBearerAuth()
@Controller('erasure')
export class ErasureController {
  public constructor(private readonly removal: RecordingRemovalService) {}

  @Post()
  @HttpCode(200)
  @Roles('COMPLIANCE')
  @ApiOperation({ summary: 'Delete every recording of a number that no hold covers; returns a receipt' })
  public erase(@Body() body: ErasureRequestDto, @ReqContext() context: RequestContext): Promise<ErasureReceipt> {
    return this.removal.erase(body.phone, body.reason, context);
  }
}
