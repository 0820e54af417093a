import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { ExportFilters, ExportRequest, ExportScope } from '@callrec/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { RequiredText } from '../../../common/validation/text.decorators';
import { CallRecordQueryDto } from '../../call-records/dto/call-record-query.dto';

/** Named recordings an export may take at once; filters and holds select any number. */
export const MAX_EXPORT_RECORDING_IDS = 10_000;

/** The call-records grid's filters, checked exactly as the grid checks them, without its paging and order. */
export class ExportFiltersDto
  extends OmitType(CallRecordQueryDto, ['page', 'pageSize', 'sort', 'after'] as const)
  implements ExportFilters {}

export class ExportScopeDto implements ExportScope {
  @ApiPropertyOptional({
    type: ExportFiltersDto,
    description: "The STORED recordings of the calls these filters find (the grid's filters)",
  })
  @IsOptional()
  @IsObject({ message: 'filters must be an object of call-record filters' })
  @ValidateNested()
  @Type(() => ExportFiltersDto)
  public filters?: ExportFiltersDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'The STORED recordings an active legal hold covers now' })
  @IsOptional()
  @IsUUID('all', { message: 'legalHoldId must be a UUID' })
  public legalHoldId?: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_EXPORT_RECORDING_IDS, description: 'These recordings, each STORED' })
  @IsOptional()
  @IsArray({ message: 'recordingIds must be an array of recording ids' })
  @ArrayMaxSize(MAX_EXPORT_RECORDING_IDS, { message: `recordingIds may name at most ${MAX_EXPORT_RECORDING_IDS} recordings` })
  @IsUUID('all', { each: true, message: 'recordingIds must be UUIDs' })
  public recordingIds?: string[];
}

export class ExportRequestDto implements ExportRequest {
  @ApiProperty({ example: 'Subpoena 2026-114 from the regulator, case 9' })
  @RequiredText('reason', { max: 500 })
  public reason!: string;

  @ApiProperty({ type: ExportScopeDto, description: 'Exactly one of filters, legalHoldId or recordingIds' })
  @IsDefined({ message: 'scope is required: one of filters, legalHoldId or recordingIds' })
  @IsObject({ message: 'scope must be an object with one of filters, legalHoldId or recordingIds' })
  @ValidateNested()
  @Type(() => ExportScopeDto)
  public scope!: ExportScopeDto;
}
