import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { LoginResponse, LoginResult } from '@callrec/contracts';
import { User } from '../../generated/prisma/client';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { AuditWriter } from '../audit/audit.writer';
import { RequestContext } from '../../common/request-context';
import { LoginThrottleService } from './login-throttle.service';
import { assertPasswordLoginAllowed } from './oidc/password-login.policy';
import { PasswordService } from './password.service';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';
import { MfaTokensService } from './two-factor/mfa-tokens.service';

const WRONG_CREDENTIALS = 'Email or password is incorrect';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly mfaTokens: MfaTokensService,
    private readonly passwords: PasswordService,
    private readonly prisma: PrismaService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly tokens: TokenService,
  ) {}

  public async login(emailInput: string, password: string, context: RequestContext): Promise<LoginResult> {
    const email = emailInput.trim().toLowerCase();
    // Counted before the (slow) password check, so parallel guesses cannot outrun the count.
    await this.throttle.countAttempt(email, context.ip);
    const user = await this.prisma.user.findUnique({ where: { email } });
    const passwordOk = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !passwordOk || !user.active) {
      return this.failed(email, context, !user ? 'unknown account' : !passwordOk ? 'wrong password' : 'inactive account');
    }
    await assertPasswordLoginAllowed(this.config, this.audit, user, context);
    // A second factor (design 9.9): no session yet, a token for the second step instead.
    const challenge = await this.mfaTokens.challengeFor(user);
    const result = challenge ?? (await this.openSession(user, context));
    await this.throttle.succeeded(email, context.ip);
    return result;
  }

  /**
   * Opens a session for an account whose credentials were checked (its password, and its
   * second factor where it needs one): audited LOGIN_SUCCEEDED with `details`.
   */
  public async openSession(user: User, context: RequestContext, details: Record<string, unknown> = {}): Promise<LoginResponse> {
    const email = user.email;
    const session = await this.prisma.$transaction(async (tx) => {
      // Under the account row's lock: a password reset, role change or deactivation committed
      // since the check above wins (its revocation could not have seen this session yet), and
      // one that comes after waits for this session and then ends it with the others.
      const [current] = await tx.$queryRaw<{ passwordHash: string | null; role: string; active: boolean }[]>`
        SELECT "passwordHash", role::text AS role, active FROM "User" WHERE id = ${user.id}::uuid FOR SHARE`;
      if (!current || !current.active || current.passwordHash !== user.passwordHash || current.role !== user.role) return null;
      const opened = await this.sessions.open(tx, user.id, context);
      await this.audit.record(
        { action: 'LOGIN_SUCCEEDED', context, actorId: user.id, details: { email, sessionId: opened.id, ...details } },
        tx,
      );
      return opened;
    });
    if (!session) {
      this.logger.log(`Sign-in of ${email} raced with a change to the account; refused`);
      return this.failed(email, context, 'account changed during sign-in');
    }
    await this.sessions.announce(session, user.id);
    return {
      accessToken: this.tokens.signAccess(user.id, user.role, session),
      expiresIn: this.config.jwtTtlSeconds,
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  }

  /** Ends the session the request was made with. */
  public async logout(context: RequestContext): Promise<void> {
    if (!context.sessionId) throw new UnauthorizedException('Sign in first');
    await this.sessions.signOut(context.sessionId, context);
  }

  private async failed(email: string, context: RequestContext, reason: string): Promise<never> {
    await this.audit.recordQuietly({
      action: 'LOGIN_FAILED',
      context,
      actorId: null,
      // The attempted email is evidence; the reason stays internal to avoid account probing.
      details: { email, reason },
    });
    throw new UnauthorizedException(WRONG_CREDENTIALS);
  }
}
