import { ApiProperty } from '@nestjs/swagger';
import { DeleteRecordingRequest, E164_PATTERN, ErasureRequest } from '@callrec/contracts';
import { Matches } from 'class-validator';
import { RequiredText } from '../../../common/validation/text.decorators';

export class DeleteRecordingDto implements DeleteRecordingRequest {
  @ApiProperty({ example: 'Recorded by mistake during a training session' })
  @RequiredText('reason', { max: 2000, minLength: 3 })
  public reason!: string;
}

export class ErasureRequestDto implements ErasureRequest {
  @ApiProperty({ example: '+14155550123' })
  @Matches(E164_PATTERN, { message: 'phone must be an E.164 phone number such as +14155550123' })
  public phone!: string;

  @ApiProperty({ example: 'GDPR Art. 17 request received 2026-11-20, ticket 4711' })
  @RequiredText('reason', { max: 2000, minLength: 3 })
  public reason!: string;
}
