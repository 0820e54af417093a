import { ApiProperty } from '@nestjs/swagger';
import { OidcCompleteRequest } from '@callrec/contracts';
import { IsString, MaxLength } from 'class-validator';

export class OidcCompleteDto implements OidcCompleteRequest {
  @ApiProperty({ description: 'The one-time code from /sign-in?sso=…' })
  @IsString()
  @MaxLength(100)
  public code!: string;
}
