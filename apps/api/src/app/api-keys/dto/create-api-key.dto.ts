import { ApiProperty } from '@nestjs/swagger';
import { API_KEY_ROLES, ApiKeyRole, CreateApiKeyRequest } from '@callrec/contracts';
import { IsIn } from 'class-validator';
import { RequiredText } from '../../../common/validation/text.decorators';

export class CreateApiKeyDto implements CreateApiKeyRequest {
  @ApiProperty({ example: 'Predictive dialer', description: 'What the key is for, to recognise it later' })
  @RequiredText('name', { max: 100 })
  public name!: string;

  @ApiProperty({ enum: API_KEY_ROLES, description: 'DIALER places, ends and dispositions calls; READER reads call records and metadata' })
  @IsIn(API_KEY_ROLES, { message: `role must be one of ${API_KEY_ROLES.join(', ')}` })
  public role!: ApiKeyRole;
}
