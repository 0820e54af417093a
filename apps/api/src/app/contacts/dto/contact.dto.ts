import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ContactSearchQuery, CreateContactRequest, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, UpdateContactRequest } from '@callrec/contracts';
import { Transform, TransformFnParams } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { RequiredText } from '../../../common/validation/text.decorators';

/** Plain decimal digits become a number; anything else stays text and fails IsInt. */
const toInteger = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;

export class CreateContactDto implements CreateContactRequest {
  @ApiProperty({ description: 'Any common format; stored as E.164 (DEFAULT_PHONE_REGION for national numbers)', example: '(415) 555-0123' })
  @IsString({ message: 'phone must be text' })
  @MaxLength(64, { message: 'phone must be at most 64 characters' })
  public phone!: string;

  @ApiPropertyOptional({ example: 'Jane Doe' })
  @IsOptional()
  @IsString({ message: 'name must be text' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  public name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'dataListId must be a UUID' })
  public dataListId?: string;

  @ApiPropertyOptional({ description: "The dialer's or CRM's own id, unique within the data list", example: 'cust-1042' })
  @IsOptional()
  @RequiredText('externalId', { max: 200 })
  public externalId?: string;
}

export class UpdateContactDto implements UpdateContactRequest {
  @ApiPropertyOptional({ example: '+14155550123' })
  @IsOptional()
  @IsString({ message: 'phone must be text' })
  @MaxLength(64, { message: 'phone must be at most 64 characters' })
  public phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'name must be text' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  public name?: string;

  @ApiPropertyOptional({ description: 'Moves the contact to another data list' })
  @IsOptional()
  @IsUUID('all', { message: 'dataListId must be a UUID' })
  public dataListId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @RequiredText('externalId', { max: 200 })
  public externalId?: string;
}

export class ContactQueryDto implements ContactSearchQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'dataListId must be a UUID' })
  public dataListId?: string;

  @ApiPropertyOptional({ description: 'Digits the phone number contains', example: '555 0123' })
  @IsOptional()
  @Matches(/^\+?[\d\s()-]{1,40}$/, { message: 'phone must be digits of a phone number (spaces, a leading +, - and ( ) allowed)' })
  public phone?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: 'page must be a whole number from 1 to 2147483647' })
  @Min(1, { message: 'page must be a whole number from 1 to 2147483647' })
  @Max(2_147_483_647, { message: 'page must be a whole number from 1 to 2147483647' })
  public page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  @Min(1, { message: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  public pageSize?: number;
}
