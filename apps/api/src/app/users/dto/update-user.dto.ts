import { ApiPropertyOptional } from '@nestjs/swagger';
import { MIN_PASSWORD_LENGTH, Role, ROLES, UpdateUserRequest } from '@callrec/contracts';
import { RequiredText } from '../../../common/validation/text.decorators';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @RequiredText('name', { max: 120 })
  public name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  public role?: Role;

  @ApiPropertyOptional({ description: 'false deactivates the account; its history stays' })
  @IsOptional()
  @IsBoolean()
  public active?: boolean;

  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(1024)
  public password?: string;
}
