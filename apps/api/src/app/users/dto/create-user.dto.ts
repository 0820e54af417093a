import { ApiProperty } from '@nestjs/swagger';
import { CreateUserRequest, MIN_PASSWORD_LENGTH, Role, ROLES } from '@callrec/contracts';
import { RequiredText } from '../../../common/validation/text.decorators';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'jane@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  public email!: string;

  @ApiProperty({ example: 'Jane Doe' })
  @RequiredText('name', { max: 120 })
  public name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  public role!: Role;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(1024)
  public password!: string;
}
