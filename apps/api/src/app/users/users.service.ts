import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { IdName, UserDto } from '@callrec/contracts';
import { randomBytes } from 'node:crypto';
import { User } from '../../generated/prisma/client';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { AuditWriter } from '../audit/audit.writer';
import { ActiveUsersService } from '../auth/active-users.service';
import { ADMIN_ROLE_LOCK } from '../auth/admin-role.lock';
import { RequestContext } from '../../common/request-context';
import { PasswordService } from '../auth/password.service';
import { SessionsService } from '../auth/sessions.service';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  public constructor(
    private readonly activeUsers: ActiveUsersService,
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly passwords: PasswordService,
    private readonly prisma: PrismaService,
    private readonly sessions: SessionsService,
  ) {}

  public async list(): Promise<UserDto[]> {
    const users = await this.prisma.user.findMany({ orderBy: [{ active: 'desc' }, { name: 'asc' }] });
    return users.map(toUserDto);
  }

  /** People who place calls: every AGENT, plus anyone else who has placed one (for filters). */
  public async agents(): Promise<IdName[]> {
    return this.prisma.user.findMany({
      where: { OR: [{ role: 'AGENT' }, { calls: { some: {} } }] },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    });
  }

  public async create(dto: CreateUserDto, context: RequestContext): Promise<UserDto> {
    const email = dto.email.trim().toLowerCase();
    const existing = await this.prisma.user.findUnique({ where: { email }, select: { id: true } });
    if (existing) {
      throw new ConflictException(`A user with the email ${email} already exists`);
    }
    const user = await this.prisma.user.create({
      data: { email, name: dto.name.trim(), role: dto.role, passwordHash: await this.passwords.hash(dto.password) },
    });
    await this.audit.record({ action: 'USER_CREATED', context, details: { userId: user.id, email, role: user.role } });
    return toUserDto(user);
  }

  public async update(id: string, dto: UpdateUserDto, context: RequestContext): Promise<UserDto> {
    const before = await this.prisma.user.findUnique({ where: { id } });
    if (!before) {
      throw new NotFoundException(`User ${id} not found`);
    }
    if (id === context.user?.id && ((dto.role !== undefined && dto.role !== before.role) || dto.active === false)) {
      throw new ConflictException('You cannot change your own role or deactivate yourself; ask another ADMIN');
    }
    const demotesOrDeactivates = (dto.role !== undefined && dto.role !== 'ADMIN') || dto.active === false;
    const passwordHash = dto.password !== undefined ? await this.passwords.hash(dto.password) : undefined;
    // What makes the account's open sessions stale: they were signed in with the old password,
    // hold the old role, or belong to someone who should no longer get in at all.
    const endsSessions = [
      dto.password !== undefined ? 'password changed' : null,
      dto.role !== undefined && dto.role !== before.role ? 'role changed' : null,
      dto.active === false ? 'deactivated' : null,
    ]
      .filter((reason): reason is string => reason !== null)
      .join(', ');
    const { user, ended } = await this.prisma.$transaction(async (tx) => {
      if (demotesOrDeactivates) {
        // Serialises demotions: two ADMINs demoting each other at once would each see the
        // other as "another ADMIN" and leave none. The count is taken under the lock.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_ROLE_LOCK}::bigint)`;
        const current = await tx.user.findUniqueOrThrow({ where: { id }, select: { role: true, active: true } });
        const otherAdmins = await tx.user.count({ where: { role: 'ADMIN', active: true, id: { not: id } } });
        if (current.role === 'ADMIN' && current.active && otherAdmins === 0) {
          throw new ConflictException('This is the last active ADMIN; make another user ADMIN first');
        }
      }
      const updated = await tx.user.update({
        where: { id },
        data: { name: dto.name?.trim(), role: dto.role, active: dto.active, passwordHash },
      });
      await this.audit.record(
        {
          action: 'USER_UPDATED',
          context,
          details: { ...changeOf(before, updated), passwordChanged: dto.password !== undefined },
        },
        tx,
      );
      // After the update, which holds the row: see SessionsService.revokeAll.
      const revoked = endsSessions ? await this.sessions.revokeAll(tx, id, endsSessions, context) : [];
      return { user: updated, ended: revoked };
    });
    await this.sessions.forget(ended, endsSessions);
    await this.activeUsers.changed(id);
    return toUserDto(user);
  }

  /** Operator escape hatch (CLI): a new random password for an existing account. */
  public async resetPassword(email: string): Promise<string> {
    const password = randomBytes(12).toString('base64url');
    const passwordHash = await this.passwords.hash(password);
    const { id, ended } = await this.prisma.$transaction(async (tx) => {
      const before = await tx.user.findUnique({ where: { email: email.toLowerCase() } });
      if (!before) throw new NotFoundException(`No user has the email ${email}`);
      const after = await tx.user.update({ where: { id: before.id }, data: { passwordHash, active: true } });
      await this.audit.record(
        {
          action: 'USER_UPDATED',
          actorId: null,
          details: { ...changeOf(before, after), passwordChanged: true, via: 'reset-admin-password' },
        },
        tx,
      );
      return { id: before.id, ended: await this.sessions.revokeAll(tx, before.id, 'password reset', undefined) };
    });
    await this.sessions.forget(ended, 'password reset');
    await this.activeUsers.changed(id);
    return password;
  }

  /**
   * Makes sure someone can sign in on a fresh installation: creates the first ADMIN from
   * ADMIN_EMAIL/ADMIN_PASSWORD, or with a random password that is printed once. Audited like
   * any other creation, with no actor.
   */
  public async ensureFirstAdmin(): Promise<{ created: boolean; email: string; generatedPassword?: string }> {
    const email = this.config.adminEmail;
    if ((await this.prisma.user.count({ where: { role: 'ADMIN' } })) > 0) {
      return { created: false, email };
    }
    const generatedPassword = this.config.adminPassword ? undefined : randomBytes(12).toString('base64url');
    const passwordHash = await this.passwords.hash(this.config.adminPassword ?? generatedPassword ?? '');
    const outcome = await this.prisma.$transaction(async (tx) => {
      // Replicas starting together: one creates the ADMIN, the others then find it.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_ROLE_LOCK}::bigint)`;
      if ((await tx.user.count({ where: { role: 'ADMIN' } })) > 0) return null;
      const before = await tx.user.findUnique({ where: { email } });
      if (!before) {
        const user = await tx.user.create({ data: { email, name: 'Administrator', role: 'ADMIN', passwordHash } });
        await this.audit.record(
          { action: 'USER_CREATED', actorId: null, details: { userId: user.id, email, role: user.role, via: 'bootstrap' } },
          tx,
        );
        return { id: user.id, ended: [] };
      }
      // ADMIN_EMAIL already has an account of another role: it becomes the ADMIN, with the new password.
      const after = await tx.user.update({ where: { id: before.id }, data: { role: 'ADMIN', active: true, passwordHash } });
      await this.audit.record(
        { action: 'USER_UPDATED', actorId: null, details: { ...changeOf(before, after), passwordChanged: true, via: 'bootstrap' } },
        tx,
      );
      return { id: before.id, ended: await this.sessions.revokeAll(tx, before.id, 'password reset, role changed', undefined) };
    });
    if (!outcome) return { created: false, email };
    await this.sessions.forget(outcome.ended, 'password reset, role changed');
    await this.activeUsers.changed(outcome.id);
    this.logger.log(`Created the first ADMIN account ${email}`);
    return { created: true, email, generatedPassword };
  }
}

function changeOf(before: User, after: User): Record<string, unknown> {
  return {
    userId: after.id,
    before: { name: before.name, role: before.role, active: before.active },
    after: { name: after.name, role: after.role, active: after.active },
  };
}

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
    twoFactorEnabled: user.totpEnabledAt !== null,
  };
}
