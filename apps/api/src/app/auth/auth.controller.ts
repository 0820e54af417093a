import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginResponse } from '@callrec/contracts';
import { AuthUser, RequestContext } from '../../common/request-context';
import { AuthService } from './auth.service';
import { Public, SignedIn } from '../../common/decorators/access.decorator';
import { CurrentUser, ReqContext } from '../../common/decorators/current-user.decorator';
import { LoginDto } from './dto/login.dto';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  public constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiErrors(400, 401, 429)
  @ApiOperation({ summary: 'Exchange email and password for a bearer token' })
  public login(@Body() body: LoginDto, @ReqContext() context: RequestContext): Promise<LoginResponse> {
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
  @ApiOperation({ summary: 'The signed-in user' })
  public me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
