import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ResetTwoFactorRequest,
  TwoFactorDisableRequest,
  TwoFactorEnableRequest,
  TwoFactorSetupRequest,
  TwoFactorVerifyRequest,
} from '@callrec/contracts';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { RequiredText } from '../../../../common/validation/text.decorators';

// The token's own format is checked where it is redeemed (an unknown token is a 401, not a 400).
const MfaToken = () => [IsString({ message: 'mfaToken must be the token the sign-in answered with' }), MaxLength(200)];
/** Six digits, or a recovery code (`xxxxx-xxxxx`); spaces are what people type between groups. */
const ANY_CODE = /^[\s-]*[0-9A-Za-z][0-9A-Za-z\s-]{5,31}$/;
const ANY_CODE_MESSAGE = 'code must be the 6-digit code from your authenticator app, or one of your recovery codes';
const TOTP_CODE = /^\s*\d{3}\s?\d{3}\s*$/;
const TOTP_CODE_MESSAGE = 'code must be the 6 digits your authenticator app shows';

function apply(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorator) => decorator(target, key));
}

export class VerifyTwoFactorDto implements TwoFactorVerifyRequest {
  @ApiProperty({ description: 'The token POST /api/auth/login answered with' })
  @apply(...MfaToken())
  public mfaToken!: string;

  @ApiProperty({ example: '492039', description: 'The current 6-digit code, or a recovery code (each works once)' })
  @IsString({ message: ANY_CODE_MESSAGE })
  @Matches(ANY_CODE, { message: ANY_CODE_MESSAGE })
  public code!: string;
}

export class SetupTwoFactorDto implements TwoFactorSetupRequest {
  @ApiPropertyOptional({ description: 'Instead of a bearer token: the token of a sign-in whose role must enrol' })
  @IsOptional()
  @apply(...MfaToken())
  public mfaToken?: string;
}

export class EnableTwoFactorDto implements TwoFactorEnableRequest {
  @ApiProperty({ example: '492039', description: 'The first code the authenticator shows for the new secret' })
  @IsString({ message: TOTP_CODE_MESSAGE })
  @Matches(TOTP_CODE, { message: TOTP_CODE_MESSAGE })
  public code!: string;

  @ApiPropertyOptional({
    description: 'Instead of a bearer token: the token of a sign-in whose role must enrol; enabling then completes it',
  })
  @IsOptional()
  @apply(...MfaToken())
  public mfaToken?: string;
}

export class DisableTwoFactorDto implements TwoFactorDisableRequest {
  @ApiProperty({ example: '492039', description: 'A current code or a recovery code' })
  @IsString({ message: ANY_CODE_MESSAGE })
  @Matches(ANY_CODE, { message: ANY_CODE_MESSAGE })
  public code!: string;
}

export class ResetTwoFactorDto implements ResetTwoFactorRequest {
  @ApiProperty({ example: 'Lost phone; identity checked by video call' })
  @RequiredText('reason', { max: 2000, minLength: 3 })
  public reason!: string;
}
