import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  COVERAGE_GROUPS,
  COVERAGE_REASONS,
  CoverageGroup,
  CoverageMissingQuery,
  CoverageQuery,
  CoverageReason,
  MAX_PAGE_SIZE,
} from '@callrec/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, ValidateBy } from 'class-validator';
import { dateMessage, parseDateBound } from '../../call-records/call-record-filters';
import { IsWholeNumber, MAX_INT, toBoolean, toInteger } from '../../../common/validation/query-params';
import {
  DAY_MESSAGE,
  DEFAULT_COVERAGE_DAYS,
  MAX_COVERAGE_DAYS,
  normalizeTimeZone,
  parseDayKey,
  TIME_ZONE_MESSAGE,
} from '../coverage-window';

/** The default page of the missing list: a day's gaps usually fit. */
export const DEFAULT_MISSING_PAGE_SIZE = 50;

const IsDateBound = () =>
  ValidateBy({
    name: 'isDateBound',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseDateBound(value) !== null,
      defaultMessage: (args) => dateMessage(args?.property ?? 'date'),
    },
  });

const IsTimeZone = () =>
  ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && normalizeTimeZone(value) !== null,
      defaultMessage: () => TIME_ZONE_MESSAGE,
    },
  });

const IsDayKey = () =>
  ValidateBy({
    name: 'isDayKey',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseDayKey(value) !== null,
      defaultMessage: () => DAY_MESSAGE,
    },
  });

export class CoverageQueryDto implements CoverageQuery {
  @ApiPropertyOptional({
    example: '2026-11-01',
    description: `Placed at or after (default: ${DEFAULT_COVERAGE_DAYS} days before \`to\`): a date is the start of that day in \`timeZone\`; a date-time without a zone is UTC`,
  })
  @IsOptional()
  @IsDateBound()
  public from?: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: `Placed before (default: now): a date-time is exclusive, a date includes its whole day in \`timeZone\`; at most ${MAX_COVERAGE_DAYS} days after \`from\``,
  })
  @IsOptional()
  @IsDateBound()
  public to?: string;

  @ApiPropertyOptional({ enum: COVERAGE_GROUPS, default: 'day', description: 'day: every day of the range, empty ones included' })
  @IsOptional()
  @IsIn(COVERAGE_GROUPS, { message: `groupBy must be one of ${COVERAGE_GROUPS.join(', ')}` })
  public groupBy?: CoverageGroup;

  @ApiPropertyOptional({ example: 'Europe/Paris', default: 'UTC', description: 'IANA time zone the days are cut in' })
  @IsOptional()
  @IsTimeZone()
  public timeZone?: string;

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
}

/** The missing list's filters: the report's (no grouping), a reason and a day to drill into. */
export class CoverageMissingFilterDto extends OmitType(CoverageQueryDto, ['groupBy'] as const) {
  @ApiPropertyOptional({ enum: COVERAGE_REASONS })
  @IsOptional()
  @IsIn(COVERAGE_REASONS, { message: `reason must be one of ${COVERAGE_REASONS.join(', ')}` })
  public reason?: CoverageReason;

  @ApiPropertyOptional({
    example: '2026-11-14',
    description: 'A day key of the report (in `timeZone`): that day only, within from/to when they are given',
  })
  @IsOptional()
  @IsDayKey()
  public day?: string;
}

export class CoverageMissingQueryDto extends CoverageMissingFilterDto implements CoverageMissingQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Transform(toInteger)
  @IsWholeNumber(1, MAX_INT)
  public page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_MISSING_PAGE_SIZE })
  @IsOptional()
  @Transform(toInteger)
  @IsWholeNumber(1, MAX_PAGE_SIZE)
  public pageSize?: number;
}
