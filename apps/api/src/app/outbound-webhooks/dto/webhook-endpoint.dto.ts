import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CreateWebhookEndpointRequest,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  OUTBOUND_EVENT_TYPES,
  OutboundEventType,
  UpdateWebhookEndpointRequest,
} from '@callrec/contracts';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy, ValidationArguments } from 'class-validator';
import { RequiredText } from '../../../common/validation/text.decorators';

/** A non-empty list of known event types; the message names the first unknown one. */
function IsOutboundEvents() {
  return ValidateBy({
    name: 'isOutboundEvents',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.length > 0 && value.every((type) => (OUTBOUND_EVENT_TYPES as readonly unknown[]).includes(type)),
      defaultMessage: ({ value }: ValidationArguments) => {
        if (!Array.isArray(value) || value.length === 0) {
          return `events must be a non-empty list of ${OUTBOUND_EVENT_TYPES.join(', ')}`;
        }
        const bad = value.find((type) => !(OUTBOUND_EVENT_TYPES as readonly unknown[]).includes(type));
        return `events: "${String(bad)}" is not an event type (one of ${OUTBOUND_EVENT_TYPES.join(', ')})`;
      },
    },
  });
}

export class CreateWebhookEndpointDto implements CreateWebhookEndpointRequest {
  @ApiProperty({ example: 'https://crm.example.com/hooks/callrec' })
  @RequiredText('url', { max: 2000 })
  public url!: string;

  @ApiProperty({ enum: OUTBOUND_EVENT_TYPES, isArray: true, example: ['recording.stored'] })
  @IsOutboundEvents()
  public events!: OutboundEventType[];

  @ApiPropertyOptional({ example: 'CRM: attach recordings to activities' })
  @IsOptional()
  @IsString({ message: 'description must be text' })
  @MaxLength(500, { message: 'description must be at most 500 characters' })
  public description?: string;
}

export class UpdateWebhookEndpointDto implements UpdateWebhookEndpointRequest {
  @ApiPropertyOptional({ example: 'https://crm.example.com/hooks/callrec' })
  @IsOptional()
  @RequiredText('url', { max: 2000 })
  public url?: string;

  @ApiPropertyOptional({ enum: OUTBOUND_EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsOutboundEvents()
  public events?: OutboundEventType[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'description must be text' })
  @MaxLength(500, { message: 'description must be at most 500 characters' })
  public description?: string;

  @ApiPropertyOptional({ description: 'false pauses deliveries: those that fall due meanwhile are marked FAILED, not sent' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  public active?: boolean;
}

export class DeliveryPageQueryDto {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1, { message: 'page must be at least 1' })
  @Max(1_000_000)
  public page?: number;

  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1, { message: 'pageSize must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `pageSize must be at most ${MAX_PAGE_SIZE}` })
  public pageSize?: number;
}
