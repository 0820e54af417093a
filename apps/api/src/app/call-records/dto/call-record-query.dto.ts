import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  CALL_OUTCOMES,
  CALL_STATUSES,
  CallOutcome,
  CallRecordQuery,
  CallRecordSort,
  CallStatus,
  DEFAULT_CALL_RECORD_SORT,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from '@callrec/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateBy } from 'class-validator';
import {
  CALL_RECORD_SORT_VALUES,
  dateMessage,
  parseDateBound,
  parsePhoneFilter,
  PHONE_MESSAGE,
  SORT_MESSAGE,
} from '../call-record-filters';
import { CURSOR_MESSAGE } from '../call-record-cursor';
import { IsWholeNumber, MAX_INT, toBoolean, toInteger } from '../../../common/validation/query-params';

const IsDateBound = () =>
  ValidateBy({
    name: 'isDateBound',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseDateBound(value) !== null,
      defaultMessage: (args) => dateMessage(args?.property ?? 'date'),
    },
  });

const IsPhoneFilter = () =>
  ValidateBy({
    name: 'isPhoneFilter',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parsePhoneFilter(value) !== null,
      defaultMessage: () => PHONE_MESSAGE,
    },
  });

export class CallRecordQueryDto implements CallRecordQuery {
  @ApiPropertyOptional({
    example: '2024-03-01',
    description: 'Placed at or after: an ISO 8601 date (midnight UTC) or date-time; without a zone it is UTC',
  })
  @IsOptional()
  @IsDateBound()
  public from?: string;

  @ApiPropertyOptional({
    example: '2024-03-31',
    description: 'Placed at or before: a date includes that whole day (UTC); a date-time is inclusive',
  })
  @IsOptional()
  @IsDateBound()
  public to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'agentId must be a UUID' })
  public agentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Calls of this data list; not with manualDial=true' })
  @IsOptional()
  @IsUUID('all', { message: 'dataListId must be a UUID' })
  public dataListId?: string;

  @ApiPropertyOptional({ description: 'true: Manual Dial calls only (no data list); false: data-list calls only' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'manualDial must be true or false' })
  public manualDial?: boolean;

  @ApiPropertyOptional({ enum: CALL_OUTCOMES })
  @IsOptional()
  @IsIn(CALL_OUTCOMES, { message: `outcome must be one of ${CALL_OUTCOMES.join(', ')}` })
  public outcome?: CallOutcome;

  @ApiPropertyOptional({
    example: '+14155550123',
    description: 'A whole E.164 number matches exactly; "+" and fewer digits is a prefix; bare digits match anywhere',
  })
  @IsOptional()
  @IsPhoneFilter()
  public phone?: string;

  @ApiPropertyOptional({ enum: CALL_STATUSES, description: "Twilio's call status word" })
  @IsOptional()
  @IsIn(CALL_STATUSES, { message: `status must be one of ${CALL_STATUSES.join(', ')}` })
  public status?: CallStatus;

  @ApiPropertyOptional({ description: 'true: at least one STORED recording; false: none STORED' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'hasRecording must be true or false' })
  public hasRecording?: boolean;

  @ApiPropertyOptional({ minimum: 0, description: 'Seconds' })
  @IsOptional()
  @Transform(toInteger)
  @IsWholeNumber(0, MAX_INT)
  public minDuration?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Seconds' })
  @IsOptional()
  @Transform(toInteger)
  @IsWholeNumber(0, MAX_INT)
  public maxDuration?: number;

  @ApiPropertyOptional({
    description:
      'true: only orphans (recordings Twilio held that no call of ours owned, adopted by reconciliation); false: only calls placed through us',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'orphan must be true or false' })
  public orphan?: boolean;

  @ApiPropertyOptional({ enum: CALL_RECORD_SORT_VALUES, default: DEFAULT_CALL_RECORD_SORT })
  @IsOptional()
  @IsIn(CALL_RECORD_SORT_VALUES, { message: SORT_MESSAGE })
  public sort?: CallRecordSort;

  @ApiPropertyOptional({ minimum: 1, default: 1, description: 'Numbered pages; with `after`, only echoed back as the page number' })
  @IsOptional()
  @Transform(toInteger)
  @IsWholeNumber(1, MAX_INT)
  public page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(toInteger)
  @IsWholeNumber(1, MAX_PAGE_SIZE)
  public pageSize?: number;

  @ApiPropertyOptional({
    description: 'The `nextCursor` of the page before, with the same sort: the page starts right after its last call (keyset)',
  })
  @IsOptional()
  // What the cursor holds is checked against the sort by buildCallRecordSearch (a 400 either way).
  @IsString({ message: CURSOR_MESSAGE })
  @MaxLength(4096, { message: CURSOR_MESSAGE })
  public after?: string;
}
