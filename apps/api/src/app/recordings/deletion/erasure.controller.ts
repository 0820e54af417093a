import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErasureReceipt } from '@callrec/contracts';
import { RequestContext } from '../../../common/request-context';
import { Roles } from '../../../common/decorators/access.decorator';
import { ReqContext } from '../../../common/decorators/current-user.decorator';
import { ErasureRequestDto } from './delete-recording.dto';
import { ErasureService } from './erasure.service';
import { ApiErrors } from '../../../common/openapi/api-errors.decorator';

@ApiTags('recordings')
@Controller('erasure')
export class ErasureController {
  public constructor(private readonly erasure: ErasureService) {}

  @Post()
  @HttpCode(200)
  @Roles('COMPLIANCE')
  @ApiErrors(400)
  @ApiOperation({
    summary:
      'Erase a number: delete its recordings here and at Twilio (unless a hold keeps them), erase those not stored yet, and replace the number by a keyed hash; returns a receipt',
  })
  public erase(@Body() body: ErasureRequestDto, @ReqContext() context: RequestContext): Promise<ErasureReceipt> {
    return this.erasure.erase(body.phone, body.reason, context);
  }
}
