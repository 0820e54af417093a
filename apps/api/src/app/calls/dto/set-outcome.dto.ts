import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CALL_OUTCOMES, CallOutcome, SetOutcomeRequest } from '@callrec/contracts';
import { IsIn, IsOptional } from 'class-validator';
import { RequiredText } from '../../../common/validation/text.decorators';

export class SetOutcomeDto implements SetOutcomeRequest {
  @ApiProperty({ enum: CALL_OUTCOMES })
  @IsIn(CALL_OUTCOMES, { message: `outcome must be one of ${CALL_OUTCOMES.join(', ')}` })
  public outcome!: CallOutcome;

  @ApiPropertyOptional({ description: 'Why; required of an ADMIN changing a locked outcome', example: 'Customer called back to cancel' })
  @IsOptional()
  @RequiredText('reason', { max: 2000, minLength: 3 })
  public reason?: string;
}
