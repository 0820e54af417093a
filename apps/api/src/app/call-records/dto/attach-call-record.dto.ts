import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AttachCallRecordRequest } from '@callrec/contracts';
import { IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { RequiredText } from '../../../common/validation/text.decorators';

export class AttachCallRecordDto implements AttachCallRecordRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'The agent the call belongs to: an active user whom GET /api/agents lists' })
  @IsOptional()
  @IsUUID('all', { message: 'agentId must be a UUID' })
  public agentId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'The data list; null makes the call a Manual Dial; absent leaves it',
  })
  // null is a value here (Manual Dial), only an absent field is "leave it".
  @ValidateIf((_dto, value) => value !== undefined && value !== null)
  @IsUUID('all', { message: 'dataListId must be a UUID or null (Manual Dial)' })
  public dataListId?: string | null;

  @ApiProperty({ example: 'Placed from the Twilio console by Jordan during the outage of 12 March' })
  @RequiredText('reason', { max: 500 })
  public reason!: string;
}
