import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginResponse, TwoFactorEnableResponse, TwoFactorSetupResponse } from '@callrec/contracts';
import { AcceptsMfaToken, Public, Roles, SignedIn } from '../../../common/decorators/access.decorator';
import { CurrentUser, ReqContext } from '../../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../../common/openapi/api-errors.decorator';
import { ParseId } from '../../../common/pipes/parse-id.pipe';
import { AuthUser, RequestContext } from '../../../common/request-context';
import { DisableTwoFactorDto, EnableTwoFactorDto, ResetTwoFactorDto, SetupTwoFactorDto, VerifyTwoFactorDto } from './dto/two-factor.dto';
import { TwoFactorSignInService } from './two-factor-sign-in.service';
import { TwoFactorService } from './two-factor.service';

/** TOTP second factor (design 9.9): the sign-in's second step, enrolment, turning it off, and an ADMIN's reset. */
@ApiTags('auth')
@Controller()
export class TwoFactorController {
  public constructor(
    private readonly signIn: TwoFactorSignInService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  @Post('auth/2fa/verify')
  @HttpCode(200)
  @Public()
  @ApiErrors(400, 401, 429)
  @ApiOperation({ summary: "Complete a sign-in with the account's current code or a recovery code; answers the session" })
  public verify(@Body() body: VerifyTwoFactorDto, @ReqContext() context: RequestContext): Promise<LoginResponse> {
    return this.signIn.verify(body.mfaToken, body.code, context);
  }

  @Post('auth/2fa/setup')
  @HttpCode(200)
  @SignedIn()
  @AcceptsMfaToken()
  @ApiErrors(400, 409)
  @ApiOperation({
    summary: 'Start setting up a second factor: a new secret as an otpauth:// URI and QR code, pending until enabled',
    description: 'Signed in, or without a bearer token with the mfaToken of a sign-in whose role must enrol.',
  })
  public setup(@Body() body: SetupTwoFactorDto, @ReqContext() context: RequestContext): Promise<TwoFactorSetupResponse> {
    return context.user ? this.twoFactor.setup(context.user.id) : this.signIn.setup(mfaTokenOf(body));
  }

  @Post('auth/2fa/enable')
  @HttpCode(200)
  @SignedIn()
  @AcceptsMfaToken()
  @ApiErrors(400, 409, 429)
  @ApiOperation({
    summary: 'Turn the pending second factor on with its first code; answers the recovery codes, shown this once',
    description: 'With an mfaToken instead of a bearer token, this completes the sign-in and answers the session too.',
  })
  public async enable(@Body() body: EnableTwoFactorDto, @ReqContext() context: RequestContext): Promise<TwoFactorEnableResponse> {
    if (!context.user) return this.signIn.enable(mfaTokenOf(body), body.code, context);
    return { recoveryCodes: await this.twoFactor.enable(context.user.id, body.code, context, 'account') };
  }

  @Delete('auth/2fa')
  @HttpCode(204)
  @SignedIn()
  @ApiErrors(400, 403, 409, 429)
  @ApiOperation({ summary: 'Turn the second factor off with a current code (refused for a role that requires one)' })
  public disable(@Body() body: DisableTwoFactorDto, @CurrentUser() user: AuthUser, @ReqContext() context: RequestContext): Promise<void> {
    return this.twoFactor.disable(user.id, body.code, context);
  }

  @Post('users/:id/2fa/reset')
  @HttpCode(204)
  @Roles('ADMIN')
  @ApiTags('users')
  @ApiErrors(400, 404, 409)
  @ApiOperation({ summary: "Remove a user's second factor (a lost authenticator) and end their sessions; audited with the reason" })
  public reset(@Param('id', ParseId()) id: string, @Body() body: ResetTwoFactorDto, @ReqContext() context: RequestContext): Promise<void> {
    return this.twoFactor.reset(id, body.reason, context);
  }
}

/** The guard let the request through without a bearer token only because it carries one. */
function mfaTokenOf(body: { mfaToken?: string }): string {
  return body.mfaToken ?? '';
}
