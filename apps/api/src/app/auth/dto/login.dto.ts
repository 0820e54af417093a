import { ApiProperty } from '@nestjs/swagger';
import { LoginRequest } from '@callrec/contracts';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'admin@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  public email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  public password!: string;
}
