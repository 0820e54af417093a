import { ApiProperty } from '@nestjs/swagger';
import { CALL_OUTCOMES, CallOutcome, SetOutcomeRequest } from '@callrec/contracts';
import { IsIn } from 'class-validator';

export class SetOutcomeDto implements SetOutcomeRequest {
  @ApiProperty({ enum: CALL_OUTCOMES })
  @IsIn(CALL_OUTCOMES, { message: `outcome must be one of ${CALL_OUTCOMES.join(', ')}` })
  public outcome!: CallOutcome;
}
