import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { E164_PATTERN, LegalHoldCriteria, LegalHoldRequest, ReleaseHoldRequest } from '@callrec/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsISO8601, IsObject, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { RequiredText } from '../../../common/validation/text.decorators';

export class LegalHoldCriteriaDto implements LegalHoldCriteria {
  @ApiPropertyOptional({ example: '+14155550123', description: 'the number that was called' })
  @IsOptional()
  @Matches(E164_PATTERN, { message: 'criteria.phone must be an E.164 phone number such as +14155550123' })
  public phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'criteria.agentId must be a UUID' })
  public agentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'criteria.dataListId must be a UUID' })
  public dataListId?: string;

  @ApiPropertyOptional({ description: 'calls placed at or after this moment (a date means its start, UTC)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'criteria.from must be an ISO 8601 date or date-time' })
  public from?: string;

  @ApiPropertyOptional({ description: 'calls placed at or before this moment (a date means its end, UTC)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'criteria.to must be an ISO 8601 date or date-time' })
  public to?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true, message: 'criteria.recordingIds must be UUIDs' })
  public recordingIds?: string[];
}

export class LegalHoldCriteriaBodyDto {
  @ApiProperty({ type: LegalHoldCriteriaDto })
  @IsDefined({ message: 'criteria is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => LegalHoldCriteriaDto)
  public criteria!: LegalHoldCriteriaDto;
}

export class CreateLegalHoldDto extends LegalHoldCriteriaBodyDto implements LegalHoldRequest {
  @ApiProperty({ example: 'Case 42: Smith v. Acme' })
  @RequiredText('name', { max: 200 })
  public name!: string;

  @ApiProperty({ example: 'Litigation hold requested by counsel on 2026-11-20' })
  @RequiredText('reason', { max: 2000 })
  public reason!: string;
}

export class ReleaseLegalHoldDto implements ReleaseHoldRequest {
  @ApiProperty({ example: 'Case settled; counsel released the hold' })
  @RequiredText('reason', { max: 2000 })
  public reason!: string;
}
