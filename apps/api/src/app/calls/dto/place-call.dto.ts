import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { E164_PATTERN, PlaceCallRequest } from '@callrec/contracts';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import { InlineContactDto, InlineDataListDto } from '../../data-lists/dto/inline-facts.dto';

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

  @ApiPropertyOptional({
    type: InlineDataListDto,
    description: "A dialer's own list, upserted by external id; not together with dataListId",
  })
  @IsOptional()
  @IsObject({ message: 'dataList must be an object {externalId, name?}' })
  @ValidateNested()
  @Type(() => InlineDataListDto)
  public dataList?: InlineDataListDto;

  @ApiPropertyOptional({
    type: InlineContactDto,
    description: "A dialer's own contact in that list, upserted by external id (else phone); not with contactId",
  })
  @IsOptional()
  @IsObject({ message: 'contact must be an object {phone?, externalId?, name?}' })
  @ValidateNested()
  @Type(() => InlineContactDto)
  public contact?: InlineContactDto;
}
