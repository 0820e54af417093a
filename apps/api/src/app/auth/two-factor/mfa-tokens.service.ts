import { Injectable, UnauthorizedException } from '@nestjs/common';
import { MfaChallengeResponse } from '@callrec/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { User } from '../../../generated/prisma/client';
import { RedisService } from '../../../services/redis/redis.service';
import { TwoFactorService } from './two-factor.service';

/** How long the second step of a sign-in may take, from the good password to the code. */
export const MFA_TOKEN_TTL_SECONDS = 300;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** What a sign-in's second step needs to know about its first. */
export interface MfaHolder {
  userId: string;
  email: string;
  /** `verify`: the account has a second factor; `enrol`: its role requires one it has not set up. */
  purpose: 'verify' | 'enrol';
  /**
   * A digest of the password hash the first step was checked against: a password changed
   * in between makes the token worthless (the digest, so Redis never holds the hash itself).
   */
  passwordStamp: string;
}

/**
 * The token between a good password and its second factor: random, in Redis for five minutes
 * (every replica sees it), bound to the account, and never a session: it opens no route but
 * the second step's. It survives a wrong code (the throttle counts those), and is consumed by
 * the step that completes the sign-in (GETDEL: two requests can never both redeem it).
 */
@Injectable()
export class MfaTokensService {
  public constructor(
    private readonly redis: RedisService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  /**
   * What a right password leads to: null when it is enough, else the second step, which is
   * the code for an account with a second factor, and enrolment for one whose role requires
   * a second factor it does not have yet (so such a role never gets a session without one).
   */
  public async challengeFor(
    user: Pick<User, 'id' | 'email' | 'role' | 'passwordHash' | 'totpEnabledAt'>,
  ): Promise<MfaChallengeResponse | null> {
    const enrol = user.totpEnabledAt === null;
    if (enrol && !this.twoFactor.isRequired(user.role)) return null;
    const mfaToken = await this.issue({
      userId: user.id,
      email: user.email,
      purpose: enrol ? 'enrol' : 'verify',
      passwordStamp: passwordStampOf(user.passwordHash),
    });
    return { mfaRequired: true, mfaToken, expiresIn: MFA_TOKEN_TTL_SECONDS, ...(enrol ? { enrolmentRequired: true as const } : {}) };
  }

  public async issue(holder: MfaHolder): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.redis.client.set(key(token), JSON.stringify(holder), 'EX', MFA_TOKEN_TTL_SECONDS);
    return token;
  }

  /** Who the token was issued to; it stays usable. 401 when unknown, used or expired. */
  public async peek(token: string): Promise<MfaHolder> {
    return parse(TOKEN_FORMAT.test(token) ? await this.redis.client.get(key(token)) : null);
  }

  /** Redeems the token: after this it is gone, whoever asks. 401 when another request got there first. */
  public async consume(token: string): Promise<MfaHolder> {
    return parse(TOKEN_FORMAT.test(token) ? await this.redis.client.getdel(key(token)) : null);
  }
}

export function passwordStampOf(passwordHash: string | null): string {
  // An account without a password (single sign-on only) never reaches a second step: a stamp
  // that no password hash gives, so a token for it could not match a later password either.
  return createHash('sha256')
    .update(passwordHash ?? '\0no-password', 'utf8')
    .digest('base64url');
}

function parse(stored: string | null): MfaHolder {
  if (!stored) throw new UnauthorizedException('This sign-in step is unknown, used or expired; sign in again with your password');
  return JSON.parse(stored) as MfaHolder;
}

function key(token: string): string {
  return `callrec:mfa-token:${token}`;
}
