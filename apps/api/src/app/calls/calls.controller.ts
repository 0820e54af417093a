import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CallRecordDto } from '@callrec/contracts';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { AuthUser, RequestContext } from '../../common/request-context';
import { Roles } from '../../common/decorators/access.decorator';
import { CurrentUser, ReqContext } from '../../common/decorators/current-user.decorator';
import { CallOutcomesService } from './call-outcomes.service';
import { CallsService } from './calls.service';
import { PlaceCallDto } from './dto/place-call.dto';
import { SetOutcomeDto } from './dto/set-outcome.dto';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';

@ApiTags('calls')
@Controller('calls')
export class CallsController {
  public constructor(
    private readonly calls: CallsService,
    private readonly outcomes: CallOutcomesService,
  ) {}

  @Post()
  @Roles('AGENT', 'SUPERVISOR', 'DIALER')
  @ApiErrors(400, 404, 409)
  @ApiOperation({
    summary:
      "Place a recorded, dual-channel call through Twilio (no data list = Manual Dial); dataList/contact upsert a dialer's own list and contact",
  })
  public place(@Body() body: PlaceCallDto, @CurrentUser() user: AuthUser, @ReqContext() context: RequestContext): Promise<CallRecordDto> {
    return this.calls.place(body, user, context);
  }

  @Post(':id/end')
  @HttpCode(200)
  @Roles('AGENT', 'SUPERVISOR', 'DIALER')
  @ApiErrors(400, 404, 409)
  @ApiOperation({ summary: 'Hang up the call at Twilio' })
  public end(@Param('id', ParseId()) id: string, @CurrentUser() user: AuthUser): Promise<CallRecordDto> {
    return this.calls.end(id, user);
  }

  @Patch(':id/outcome')
  @Roles('AGENT', 'SUPERVISOR', 'DIALER')
  @ApiErrors(400, 404)
  @ApiOperation({
    summary: 'Set the disposition of a call (audited); after OUTCOME_LOCK_HOURS only an ADMIN may change it, with a reason',
  })
  public setOutcome(
    @Param('id', ParseId()) id: string,
    @Body() body: SetOutcomeDto,
    @ReqContext() context: RequestContext,
  ): Promise<CallRecordDto> {
    return this.outcomes.set(id, body.outcome, body.reason, context);
  }
}
