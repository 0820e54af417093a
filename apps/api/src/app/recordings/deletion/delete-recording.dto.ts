import { ApiProperty } from '@nestjs/swagger';
import { DeleteRecordingRequest, E164_PATTERN, ErasureRequest } from '@callrec/contracts';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class DeleteRecordingDto implements DeleteRecordingRequest {
  @ApiProperty({ example: 'Recorded by mistake during a training session' })
  @Transform(trim)
  @IsString()
  @MinLength(3, { message: 'reason must say why (at least 3 characters)' })
  @MaxLength(2000)
  public reason!: string;
}

export class ErasureRequestDto implements ErasureRequest {
  @ApiProperty({ example: '+14155550123' })
  @Matches(E164_PATTERN, { message: 'phone must be an E.164 phone number such as +14155550123' })
  public phone!: string;

  @ApiProperty({ example: 'GDPR Art. 17 request received 2026-11-20, ticket 4711' })
  @Transform(trim)
  @IsString()
  @MinLength(3, { message: 'reason must say why (at least 3 characters)' })
  @MaxLength(2000)
  public reason!: string;
}
