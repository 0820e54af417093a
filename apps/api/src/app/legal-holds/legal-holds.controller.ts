import { Body, Controller, Get, HttpCode, Param, ParseBoolPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { LegalHoldDto } from '@callrec/contracts';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { RequestContext } from '../../common/request-context';
import { Roles } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { CreateLegalHoldDto, LegalHoldCriteriaBodyDto, ReleaseLegalHoldDto } from './dto/legal-hold.dto';
import { LegalHoldsService } from './legal-holds.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';

@ApiTags('legal-holds')
@Controller('legal-holds')
export class LegalHoldsController {
  public constructor(private readonly holds: LegalHoldsService) {}

  @Get()
  @Roles('COMPLIANCE')
  @ApiErrors(400)
  @ApiQuery({ name: 'includeReleased', required: false, type: Boolean })
  @ApiOperation({ summary: 'Legal holds with how many recordings each covers now' })
  public list(@Query('includeReleased', new ParseBoolPipe({ optional: true })) includeReleased?: boolean): Promise<LegalHoldDto[]> {
    return this.holds.list(includeReleased ?? false);
  }

  @Post('preview')
  @HttpCode(200)
  @Roles('COMPLIANCE')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'How many recordings these criteria cover, before placing the hold' })
  public preview(@Body() body: LegalHoldCriteriaBodyDto): Promise<{ covered: number }> {
    return this.holds.preview(body.criteria);
  }

  @Post()
  @Roles('COMPLIANCE')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'Place a hold: covered recordings (also later ones) cannot be deleted' })
  public create(@Body() body: CreateLegalHoldDto, @ReqContext() context: RequestContext): Promise<LegalHoldDto> {
    return this.holds.create(body, context);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Roles('COMPLIANCE')
  @ApiErrors(400, 404, 409)
  @ApiOperation({ summary: 'Release a hold, recording who and why' })
  public release(
    @Param('id', ParseId()) id: string,
    @Body() body: ReleaseLegalHoldDto,
    @ReqContext() context: RequestContext,
  ): Promise<LegalHoldDto> {
    return this.holds.release(id, body.reason, context);
  }
}
