import { Injectable, UnauthorizedException } from '@nestjs/common';
import { LoginResponse } from '@callrec/contracts';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from './auth-user';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';
import { TokenService } from './token.service';

const WRONG_CREDENTIALS = 'Email or password is incorrect';

@Injectable()
export class AuthService {
  public constructor(
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly passwords: PasswordService,
    private readonly prisma: PrismaService,
    private readonly throttle: LoginThrottleService,
    private readonly tokens: TokenService,
  ) {}

  public async login(emailInput: string, password: string, context: RequestContext): Promise<LoginResponse> {
    const email = emailInput.trim().toLowerCase();
    await this.throttle.assertAllowed(email, context.ip);
    const user = await this.prisma.user.findUnique({ where: { email } });
    const passwordOk = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !passwordOk || !user.active) {
      await this.throttle.recordFailure(email, context.ip);
      await this.audit.recordQuietly({
        action: 'LOGIN_FAILED',
        context,
        actorId: null,
        // The attempted email is evidence; the reason stays internal to avoid account probing.
        details: { email, reason: !user ? 'unknown account' : !passwordOk ? 'wrong password' : 'inactive account' },
      });
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    await this.throttle.recordSuccess(email);
    return {
      accessToken: this.tokens.signAccess(user.id, user.role),
      expiresIn: this.config.jwtTtlSeconds,
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  }
}
