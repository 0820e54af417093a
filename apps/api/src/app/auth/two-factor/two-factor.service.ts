import { ConflictException, ForbiddenException, Injectable, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { TwoFactorSetupResponse } from '@callrec/contracts';
import { toDataURL } from 'qrcode';
import { User } from '../../../generated/prisma/client';
import { AppConfig } from '../../../services/config/app-config';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { AuditWriter } from '../../audit/audit.writer';
import { RequestContext } from '../../../common/request-context';
import { LoginThrottleService } from '../login-throttle.service';
import { SessionsService } from '../sessions.service';
import { newRecoveryCodes, newTotpSecret, otpauthUriOf, readCode, timeStepOf } from './totp-codes';
import { TotpSecretUnreadableError, TwoFactorSecretsService } from './two-factor-secrets.service';

/** Where a code was typed, for the audit trail. */
export type CodeStep = 'sign-in' | 'enable' | 'disable';

const WRONG_CODE = 'That code is wrong or was already used; wait for the next code and try again';
const ALREADY_SET_UP = 'A second factor is already set up for this account; turn it off first to set up another';

/**
 * TOTP second factor of local accounts (RFC 6238, design 9.9): enrolment with a QR code and a
 * first code, ten single-use recovery codes, turning it off, and an ADMIN's reset. Every code
 * is counted like a password (LoginThrottleService, kind `code`) before it is checked, and a
 * TOTP code is good once: its time step must be later than the last one used.
 */
@Injectable()
export class TwoFactorService {
  private readonly logger = new Logger(TwoFactorService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly secrets: TwoFactorSecretsService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
  ) {}

  /** REQUIRE_2FA_ROLES names the role: no session without a second factor. */
  public isRequired(role: string): boolean {
    return (this.config.identity.require2faRoles as readonly string[]).includes(role);
  }

  public async status(userId: string, role: string): Promise<{ twoFactorEnabled: boolean; twoFactorRequired: boolean }> {
    const user = await this.prisma.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
    return { twoFactorEnabled: (user?.totpEnabledAt ?? null) !== null, twoFactorRequired: this.isRequired(role) };
  }

  /** A new secret, pending until `enable` sees a first code from it; a pending one is replaced. */
  public async setup(userId: string): Promise<TwoFactorSetupResponse> {
    const user = await this.prisma.user.findUnique({ where: { id: userId }, select: { email: true, totpEnabledAt: true } });
    if (!user) throw new NotFoundException(`User ${userId} not found`);
    if (user.totpEnabledAt) throw new ConflictException(ALREADY_SET_UP);
    const secret = newTotpSecret();
    // Conditional: an enable that committed since the read above keeps its secret.
    const { count } = await this.prisma.user.updateMany({
      where: { id: userId, totpEnabledAt: null },
      data: { totpSecret: this.secrets.seal(secret, userId), totpLastStep: null },
    });
    if (count === 0) throw new ConflictException(ALREADY_SET_UP);
    const otpauthUri = otpauthUriOf(secret, user.email);
    const qrCodeDataUrl = await toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 1, width: 232 });
    return { otpauthUri, qrCodeDataUrl, secret };
  }

  /** Confirms the pending secret with a first code; answers the recovery codes, which are never shown again. */
  public async enable(userId: string, code: string, context: RequestContext, via: 'account' | 'sign-in'): Promise<string[]> {
    const user = await this.prisma.user.findUnique({ where: { id: userId } });
    if (!user) throw new NotFoundException(`User ${userId} not found`);
    if (user.totpEnabledAt) throw new ConflictException(ALREADY_SET_UP);
    if (!user.totpSecret) throw new ConflictException('Start with POST /api/auth/2fa/setup: it gives the secret to scan');
    await this.throttle.countAttempt(user.email, context.ip, 'code');
    const typed = readCode(code);
    const step = typed?.kind === 'totp' ? timeStepOf(this.secretOf(user.id, user.totpSecret), typed.code) : null;
    if (step === null) return this.refuse(user, context, 'enable', 'wrong code');
    const recoveryCodes = newRecoveryCodes();
    const enabled = await this.prisma.$transaction(async (tx) => {
      // Only the secret that code was checked against: a setup started meanwhile replaced it.
      const count = await tx.$executeRaw`
        UPDATE "User" SET "totpEnabledAt" = now(), "totpLastStep" = ${step}
        WHERE id = ${userId}::uuid AND "totpEnabledAt" IS NULL AND "totpSecret" = ${user.totpSecret}`;
      if (count === 0) return false;
      await tx.recoveryCode.deleteMany({ where: { userId } });
      await tx.recoveryCode.createMany({
        data: recoveryCodes.map((recoveryCode) => ({
          userId,
          codeHash: this.secrets.hashRecoveryCode(readCode(recoveryCode)?.code ?? ''),
        })),
      });
      await this.audit.record({ action: 'TWO_FACTOR_ENROLLED', context, actorId: userId, details: { userId, email: user.email, via } }, tx);
      return true;
    });
    if (!enabled) throw new ConflictException('Another setup was started while you typed the code; scan the newest QR code');
    await this.throttle.succeeded(user.email, context.ip, 'code');
    this.logger.log(`Second factor set up for ${user.email}`);
    return recoveryCodes;
  }

  /**
   * Checks a code of an account whose second factor is on: a TOTP code of a later time step
   * than the last one used, or an unused recovery code; either is then used up (one
   * statement each, so of two requests with the same code only one gets through).
   */
  public async checkCode(user: User, input: string, context: RequestContext, step: CodeStep): Promise<'totp' | 'recovery code'> {
    await this.throttle.countAttempt(user.email, context.ip, 'code');
    const typed = readCode(input);
    if (!typed || !user.totpSecret) return this.refuse(user, context, step, 'not a code');
    if (typed.kind === 'totp') {
      const timeStep = timeStepOf(this.secretOf(user.id, user.totpSecret), typed.code);
      if (timeStep === null) return this.refuse(user, context, step, 'wrong code');
      const claimed = await this.prisma.$executeRaw`
        UPDATE "User" SET "totpLastStep" = ${timeStep}
        WHERE id = ${user.id}::uuid AND "totpEnabledAt" IS NOT NULL AND ("totpLastStep" IS NULL OR "totpLastStep" < ${timeStep})`;
      if (claimed === 0) return this.refuse(user, context, step, 'code already used (replay)');
    } else {
      const codeHash = this.secrets.hashRecoveryCode(typed.code);
      const used = await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.recoveryCode.updateMany({
          where: { userId: user.id, codeHash, usedAt: null },
          data: { usedAt: new Date() },
        });
        if (count === 0) return false;
        const remaining = await tx.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
        await this.audit.record(
          { action: 'RECOVERY_CODE_USED', context, actorId: user.id, details: { userId: user.id, email: user.email, step, remaining } },
          tx,
        );
        return true;
      });
      if (!used) return this.refuse(user, context, step, 'unknown or used recovery code');
    }
    await this.throttle.succeeded(user.email, context.ip, 'code');
    return typed.kind === 'totp' ? 'totp' : 'recovery code';
  }

  /** The user turns it off with a current code; never for a role that requires it. */
  public async disable(userId: string, code: string, context: RequestContext): Promise<void> {
    const user = await this.prisma.user.findUnique({ where: { id: userId } });
    if (!user) throw new NotFoundException(`User ${userId} not found`);
    if (!user.totpEnabledAt) throw new ConflictException('No second factor is set up for this account');
    if (this.isRequired(user.role)) {
      throw new ForbiddenException(
        `The role ${user.role} requires a second factor (REQUIRE_2FA_ROLES), so it cannot be turned off; an ADMIN can reset it if the authenticator is lost`,
      );
    }
    await this.checkCode(user, code, context, 'disable');
    await this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
      await tx.recoveryCode.deleteMany({ where: { userId } });
      await this.audit.record({ action: 'TWO_FACTOR_DISABLED', context, details: { userId, email: user.email } }, tx);
    });
  }

  /**
   * An ADMIN removes another user's second factor (a lost phone): the account signs in with
   * its password alone again, or enrols anew where its role requires one. Every session of
   * that account ends: whoever holds one may be who took the phone.
   */
  public async reset(userId: string, reason: string, context: RequestContext): Promise<void> {
    if (userId === context.user?.id) {
      throw new ConflictException('You cannot reset your own second factor; turn it off on your account page, or ask another ADMIN');
    }
    const ended = await this.prisma.$transaction(async (tx) => {
      const before = await tx.user.findUnique({ where: { id: userId }, select: { email: true, totpEnabledAt: true, totpSecret: true } });
      if (!before) throw new NotFoundException(`User ${userId} not found`);
      if (!before.totpEnabledAt && !before.totpSecret) throw new ConflictException(`${before.email} has no second factor to reset`);
      // The update takes the row's lock first: see SessionsService.revokeAll.
      await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
      await tx.recoveryCode.deleteMany({ where: { userId } });
      await this.audit.record(
        {
          action: 'TWO_FACTOR_RESET',
          context,
          details: { userId, email: before.email, reason, wasEnabled: before.totpEnabledAt !== null },
        },
        tx,
      );
      return this.sessions.revokeAll(tx, userId, 'second factor reset', context);
    });
    await this.sessions.forget(ended, 'second factor reset');
  }

  private secretOf(userId: string, sealed: Uint8Array): string {
    try {
      return this.secrets.open(sealed, userId);
    } catch (error) {
      if (!(error instanceof TotpSecretUnreadableError)) throw error;
      this.logger.error(error.message);
      throw new ConflictException("This account's second factor cannot be checked (the server's key changed); ask an ADMIN to reset it");
    }
  }

  private async refuse(user: User, context: RequestContext, step: CodeStep, reason: string): Promise<never> {
    await this.audit.recordQuietly({
      action: 'TWO_FACTOR_FAILED',
      context,
      details: { userId: user.id, email: user.email, step, reason },
    });
    throw new UnauthorizedException(WRONG_CODE);
  }
}
