import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { LoginResponse, OidcErrorCode, Role } from '@callrec/contracts';
import { Prisma, User } from '../../../generated/prisma/client';
import { AppConfig, OidcSettings } from '../../../services/config/app-config';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { RequestContext } from '../../../common/request-context';
import { AuditWriter } from '../../audit/audit.writer';
import { ActiveUsersService } from '../active-users.service';
import { ADMIN_ROLE_LOCK } from '../admin-role.lock';
import { SessionSpan, SessionsService } from '../sessions.service';
import { TokenService } from '../token.service';
import { CompletedSignIn } from './oidc-flow.store';
import { ProviderClaims } from './oidc-client.service';
import { claimAt, claimValues, mapRole } from './role-claim';

export type OidcSignInOutcome = { ok: true; userId: string; role: Role; session: SessionSpan } | { ok: false; code: OidcErrorCode };

/** Refused inside the transaction: rolls it back and becomes the outcome. */
class Refusal extends Error {
  public constructor(
    public readonly code: OidcErrorCode,
    public readonly reason: string,
    public readonly userId: string | null,
  ) {
    super(reason);
  }
}

type Tx = Prisma.TransactionClient;

/**
 * Turns the provider's word on who someone is into our account and our session.
 *
 * An account is the provider's subject: found by (issuer, `sub`), which never changes. The
 * first time a subject signs in, an account with the same email is linked to it, unless that
 * account is already linked to another subject or the provider says the email is unverified
 * (`email_verified: false`); otherwise a new account is created. The issuer is the one the
 * operator configured (the organisation's own directory, which assigns the emails), so its email
 * claim names the person; the checks keep an account from changing hands later.
 *
 * The role comes from the provider at every sign-in: no mapped role, no access (the account
 * is left as it was); a changed role ends the account's other sessions, as an ADMIN's change does.
 */
@Injectable()
export class OidcAccountsService {
  private readonly logger = new Logger(OidcAccountsService.name);

  public constructor(
    private readonly activeUsers: ActiveUsersService,
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly sessions: SessionsService,
    private readonly tokens: TokenService,
  ) {}

  public async signIn(claims: ProviderClaims, context: RequestContext): Promise<OidcSignInOutcome> {
    const settings = this.config.oidc as OidcSettings;
    const email = typeof claims['email'] === 'string' ? claims['email'].trim().toLowerCase() : '';
    const values = claimValues(claimAt(claims, settings.roleClaim));
    const role = mapRole(values, settings.roleMap);
    const facts = {
      issuer: settings.issuer,
      subject: claims.sub,
      email: email || null,
      roleClaim: settings.roleClaim,
      values: values.slice(0, 20),
    };
    try {
      const done = await this.prisma.$transaction(async (tx) => {
        const user = await this.findAccount(tx, settings.issuer, claims, email);
        if (user && !user.active) throw new Refusal('sso_deactivated', 'account deactivated', user.id);
        if (!role) throw new Refusal('sso_no_role', `no role: ${settings.roleClaim} maps to none of ours`, user?.id ?? null);
        const name = nameOf(claims, email);
        const { account, ended } = user
          ? await this.update(tx, user, { email, name, role, issuer: settings.issuer, subject: claims.sub }, context)
          : { account: await this.create(tx, { email, name, role, issuer: settings.issuer, subject: claims.sub }, context), ended: [] };
        const session = await this.sessions.open(tx, account.id, context);
        await this.audit.record(
          {
            action: 'LOGIN_SUCCEEDED',
            context,
            actorId: account.id,
            details: { email: account.email, sessionId: session.id, method: 'oidc', issuer: settings.issuer },
          },
          tx,
        );
        return { account, session, ended, changed: user !== null };
      });
      await this.sessions.forget(done.ended, 'role changed at the sign-on provider');
      await this.sessions.announce(done.session, done.account.id);
      if (done.changed) await this.activeUsers.changed(done.account.id);
      return { ok: true, userId: done.account.id, role: done.account.role, session: done.session };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.logger.log(`Single sign-on of ${email || claims.sub} refused: ${error.reason}`);
      await this.audit.recordQuietly({
        action: 'OIDC_LOGIN_REFUSED',
        context,
        actorId: error.userId,
        details: { ...facts, reason: error.reason },
      });
      return { ok: false, code: error.code };
    }
  }

  /** The answer a password sign-in gives, for a session a single sign-on opened (if it is still live). */
  public async loginResponse(completed: CompletedSignIn): Promise<LoginResponse> {
    await this.sessions.assertLive(completed.session.id, completed.userId);
    const user = await this.prisma.user.findUnique({ where: { id: completed.userId } });
    if (!user || !user.active) throw new UnauthorizedException('This account is deactivated');
    const session = { id: completed.session.id, expiresAt: new Date(completed.session.expiresAt) };
    return {
      accessToken: this.tokens.signAccess(user.id, user.role, session),
      expiresIn: Math.max(1, Math.round((session.expiresAt.getTime() - Date.now()) / 1000)),
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  }

  /** By subject; the first time, by email (see the class comment for when linking is allowed). */
  private async findAccount(tx: Tx, issuer: string, claims: ProviderClaims, email: string): Promise<User | null> {
    // FOR UPDATE: a deactivation or role change by an ADMIN either commits first or waits for this.
    const [linked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "User" WHERE "oidcIssuer" = ${issuer} AND "oidcSubject" = ${claims.sub} FOR UPDATE`;
    if (linked) return tx.user.findUniqueOrThrow({ where: { id: linked.id } });
    if (!email) throw new Refusal('sso_email_missing', 'the provider sent no email claim', null);
    const [byEmail] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE email = ${email} FOR UPDATE`;
    if (!byEmail) return null;
    const user = await tx.user.findUniqueOrThrow({ where: { id: byEmail.id } });
    if (user.oidcSubject !== null) {
      throw new Refusal('sso_email_conflict', `${email} is linked to another subject (${user.oidcIssuer} ${user.oidcSubject})`, user.id);
    }
    if (claims['email_verified'] === false) {
      throw new Refusal('sso_email_conflict', `the provider has not verified ${email}; the existing account is not linked`, user.id);
    }
    return user;
  }

  private async create(tx: Tx, facts: AccountFacts, context: RequestContext): Promise<User> {
    if (!facts.email) throw new Refusal('sso_email_missing', 'the provider sent no email claim', null);
    const user = await tx.user.create({
      data: {
        email: facts.email,
        name: facts.name,
        role: facts.role,
        passwordHash: null,
        oidcIssuer: facts.issuer,
        oidcSubject: facts.subject,
      },
    });
    await this.audit.record(
      {
        action: 'USER_CREATED',
        context,
        actorId: null,
        details: { userId: user.id, email: user.email, role: user.role, via: 'oidc', issuer: facts.issuer },
      },
      tx,
    );
    return user;
  }

  /** Brings the account in line with the provider: name, email, role and the link itself. */
  private async update(
    tx: Tx,
    before: User,
    facts: AccountFacts,
    context: RequestContext,
  ): Promise<{ account: User; ended: SessionSpan[] }> {
    const emailChanged = facts.email !== '' && facts.email !== before.email;
    if (emailChanged && (await tx.user.count({ where: { email: facts.email, id: { not: before.id } } })) > 0) {
      throw new Refusal('sso_email_conflict', `the provider's email ${facts.email} belongs to another account`, before.id);
    }
    const roleChanged = facts.role !== before.role;
    if (roleChanged && before.role === 'ADMIN') {
      // As in UsersService.update: demotions one at a time, counted under the lock.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_ROLE_LOCK}::bigint)`;
      const otherAdmins = await tx.user.count({ where: { role: 'ADMIN', active: true, id: { not: before.id } } });
      if (otherAdmins === 0)
        throw new Refusal('sso_last_admin', `${before.email} is the last active ADMIN; not demoted to ${facts.role}`, before.id);
    }
    const linking = before.oidcSubject === null;
    if (!emailChanged && !roleChanged && !linking && facts.name === before.name) return { account: before, ended: [] };
    const account = await tx.user.update({
      where: { id: before.id },
      data: {
        email: emailChanged ? facts.email : undefined,
        name: facts.name,
        role: facts.role,
        oidcIssuer: facts.issuer,
        oidcSubject: facts.subject,
      },
    });
    await this.audit.record(
      {
        action: 'USER_UPDATED',
        context,
        actorId: null,
        details: {
          userId: account.id,
          before: { email: before.email, name: before.name, role: before.role, active: before.active },
          after: { email: account.email, name: account.name, role: account.role, active: account.active },
          via: 'oidc',
          ...(linking ? { linked: { issuer: facts.issuer, subject: facts.subject } } : {}),
        },
      },
      tx,
    );
    const ended = roleChanged ? await this.sessions.revokeAll(tx, account.id, 'role changed at the sign-on provider', context) : [];
    return { account, ended };
  }
}

interface AccountFacts {
  email: string;
  name: string;
  role: Role;
  issuer: string;
  subject: string;
}

function nameOf(claims: ProviderClaims, email: string): string {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const full = text(claims['name']) || [text(claims['given_name']), text(claims['family_name'])].filter(Boolean).join(' ');
  return (full || text(claims['preferred_username']) || email || claims.sub).slice(0, 200);
}
