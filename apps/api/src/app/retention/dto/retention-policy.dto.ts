import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { CALL_OUTCOMES, CallOutcome, RetentionPolicyRequest, RetentionPolicyScope } from '@callrec/contracts';
import { Type } from 'class-transformer';
import { Equals, IsBoolean, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { RequiredText } from '../../../common/validation/text.decorators';

export class RetentionScopeDto implements RetentionPolicyScope {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'scope.dataListId must be a UUID' })
  public dataListId?: string;

  @ApiPropertyOptional({ enum: [true], description: 'only Manual Dial calls' })
  @IsOptional()
  @Equals(true, { message: 'scope.manualDial can only be true (leave it out otherwise)' })
  public manualDial?: true;

  @ApiPropertyOptional({ enum: CALL_OUTCOMES })
  @IsOptional()
  @IsIn(CALL_OUTCOMES, { message: `scope.outcome must be one of ${CALL_OUTCOMES.join(', ')}` })
  public outcome?: CallOutcome;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'scope.agentId must be a UUID' })
  public agentId?: string;
}

export class CreateRetentionPolicyDto implements RetentionPolicyRequest {
  @ApiProperty({ example: 'Sales calls: 2 years' })
  @RequiredText('name', { max: 200 })
  public name!: string;

  @ApiProperty({ minimum: 0, description: 'days to keep; 0 expires at the next sweep' })
  @IsInt({ message: 'retainDays must be a whole number of days' })
  @Min(0)
  @Max(36500)
  public retainDays!: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  public enabled?: boolean;

  @ApiProperty({ type: RetentionScopeDto, description: '{} is the default policy (every recording)' })
  @IsDefined({ message: 'scope is required ({} for the default policy)' })
  @IsObject()
  @ValidateNested()
  @Type(() => RetentionScopeDto)
  public scope!: RetentionScopeDto;
}

export class UpdateRetentionPolicyDto extends PartialType(CreateRetentionPolicyDto) {}
