import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { InlineContact, InlineDataList } from '@callrec/contracts';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { RequiredText } from '../../../common/validation/text.decorators';

/** A dialer's own list on POST /api/calls, upserted by its external id (design 9.10). */
export class InlineDataListDto implements InlineDataList {
  @ApiProperty({ example: 'crm-7' })
  @RequiredText('externalId', { max: 200 })
  public externalId!: string;

  @ApiPropertyOptional({ description: 'Required the first time the list is seen; renames it when given later', example: 'Spring campaign' })
  @IsOptional()
  @RequiredText('name', { max: 200 })
  public name?: string;
}

/** A dialer's own contact on POST /api/calls, upserted by external id (else phone) within the list. */
export class InlineContactDto implements InlineContact {
  @ApiPropertyOptional({ description: 'Defaults to the number dialled (to)', example: '+14155550123' })
  @IsOptional()
  @IsString({ message: 'phone must be text' })
  @MaxLength(64, { message: 'phone must be at most 64 characters' })
  public phone?: string;

  @ApiPropertyOptional({ example: 'cust-1042' })
  @IsOptional()
  @RequiredText('externalId', { max: 200 })
  public externalId?: string;

  @ApiPropertyOptional({ example: 'Jane Doe' })
  @IsOptional()
  @IsString({ message: 'name must be text' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  public name?: string;
}
