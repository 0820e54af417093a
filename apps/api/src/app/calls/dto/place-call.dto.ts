import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { E164_PATTERN, PlaceCallRequest } from '@callrec/contracts';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';

export class PlaceCallDto implements PlaceCallRequest {
  @ApiProperty({ example: '+14155550123', description: 'E.164 number to dial' })
  @IsString()
  @Matches(E164_PATTERN, { message: 'to must be an E.164 phone number such as +14155550123' })
  public to!: string;

  @ApiPropertyOptional({ description: 'The agent the call is placed for: ADMIN and SUPERVISOR may name one, a DIALER key must' })
  @IsOptional()
  @IsUUID('all', { message: 'agentId must be a UUID' })
  public agentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'contactId must be a UUID' })
  public contactId?: string;

  @ApiPropertyOptional({ description: 'Absent means a Manual Dial' })
  @IsOptional()
  @IsUUID('all', { message: 'dataListId must be a UUID' })
  public dataListId?: string;
}
