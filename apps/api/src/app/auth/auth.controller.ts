import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginResult, MeResponse, Role } from '@callrec/contracts';
import { AuthUser, RequestContext } from '../../common/request-context';
import { AuthService } from './auth.service';
import { Public, SignedIn } from '../../common/decorators/access.decorator';
import { CurrentUser, ReqContext } from '../../common/decorators/current-user.decorator';
import { LoginDto } from './dto/login.dto';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { TwoFactorService } from './two-factor/two-factor.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  public constructor(
    private readonly auth: AuthService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiErrors(400, 401, 429)
  @ApiOperation({
    summary: 'Exchange email and password for a bearer token',
    description:
      'An account with a second factor (or whose role requires one) gets {mfaRequired, mfaToken} instead: see /api/auth/2fa/verify.',
  })
  public login(@Body() body: LoginDto, @ReqContext() context: RequestContext): Promise<LoginResult> {
    return this.auth.login(body.email, body.password, context);
  }

  @Post('logout')
  @HttpCode(204)
  @SignedIn()
  @ApiOperation({ summary: 'End this session: its token, media tokens and event stream stop working on every replica' })
  public logout(@ReqContext() context: RequestContext): Promise<void> {
    return this.auth.logout(context);
  }

  @Get('me')
  @SignedIn()
  @ApiOperation({ summary: 'The signed-in user, and whether a second factor is set up' })
  public async me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    // @SignedIn() admits no API key: the role is a person's.
    return { ...user, role: user.role as Role, ...(await this.twoFactor.status(user.id, user.role)) };
  }
}
