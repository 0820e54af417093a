import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreateDataListRequest, UpdateDataListRequest } from '@callrec/contracts';
import { IsOptional } from 'class-validator';
import { RequiredText } from '../../../common/validation/text.decorators';

export class CreateDataListDto implements CreateDataListRequest {
  @ApiProperty({ example: 'Spring renewals' })
  @RequiredText('name', { max: 200 })
  public name!: string;

  @ApiPropertyOptional({ example: 'Customers whose contract ends in April' })
  @IsOptional()
  @RequiredText('description', { max: 2000 })
  public description?: string;

  @ApiPropertyOptional({ description: "The dialer's or CRM's own id for the list", example: 'crm-7' })
  @IsOptional()
  @RequiredText('externalId', { max: 200 })
  public externalId?: string;
}

export class UpdateDataListDto implements UpdateDataListRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @RequiredText('name', { max: 200 })
  public name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @RequiredText('description', { max: 2000 })
  public description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @RequiredText('externalId', { max: 200 })
  public externalId?: string;
}
