import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';
import { LoginResponse, TwoFactorEnableResponse, TwoFactorSetupResponse } from '@callrec/contracts';
import { User } from '../../../generated/prisma/client';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { RequestContext } from '../../../common/request-context';
import { AuthService } from '../auth.service';
import { MfaHolder, MfaTokensService, passwordStampOf } from './mfa-tokens.service';
import { TwoFactorService } from './two-factor.service';

/**
 * The second step of a sign-in, with the mfaToken that a right password earned: a code
 * (or a recovery code), or, for a role that requires a second factor not set up yet, the
 * enrolment, whose first code then completes the sign-in.
 */
@Injectable()
export class TwoFactorSignInService {
  public constructor(
    private readonly auth: AuthService,
    private readonly prisma: PrismaService,
    private readonly tokens: MfaTokensService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  public async verify(mfaToken: string, code: string, context: RequestContext): Promise<LoginResponse> {
    const holder = await this.tokens.peek(mfaToken);
    if (holder.purpose !== 'verify') {
      throw new BadRequestException('This account must set up its second factor first: POST /api/auth/2fa/setup with this mfaToken');
    }
    const user = await this.current(holder);
    if (!user.totpEnabledAt) throw new UnauthorizedException('The second factor of this account was reset; sign in again');
    const method = await this.twoFactor.checkCode(user, code, context, 'sign-in');
    await this.tokens.consume(mfaToken);
    return this.auth.openSession(user, context, { secondFactor: method });
  }

  public async setup(mfaToken: string): Promise<TwoFactorSetupResponse> {
    const holder = await this.enrolling(mfaToken);
    return this.twoFactor.setup(holder.userId);
  }

  public async enable(mfaToken: string, code: string, context: RequestContext): Promise<TwoFactorEnableResponse> {
    const holder = await this.enrolling(mfaToken);
    const user = await this.current(holder);
    const recoveryCodes = await this.twoFactor.enable(user.id, code, context, 'sign-in');
    await this.tokens.consume(mfaToken);
    const session = await this.auth.openSession(user, context, { secondFactor: 'enrolled' });
    return { recoveryCodes, session };
  }

  private async enrolling(mfaToken: string): Promise<MfaHolder> {
    const holder = await this.tokens.peek(mfaToken);
    if (holder.purpose !== 'enrol') {
      throw new BadRequestException('This account already has a second factor: send its code to POST /api/auth/2fa/verify');
    }
    return holder;
  }

  /** The account as it is now, if it is still the one whose password was checked. */
  private async current(holder: MfaHolder): Promise<User> {
    const user = await this.prisma.user.findUnique({ where: { id: holder.userId } });
    if (!user || !user.active || passwordStampOf(user.passwordHash) !== holder.passwordStamp) {
      throw new UnauthorizedException('The account changed since the password was checked; sign in again');
    }
    return user;
  }
}
