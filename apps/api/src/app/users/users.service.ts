import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { IdName, UserDto } from '@callrec/contracts';
import { randomBytes } from 'node:crypto';
import { User } from '../../generated/prisma/client';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { ActiveUsers } from '../auth/active-users.service';
import { RequestContext } from '../auth/auth-user';
import { PasswordService } from '../auth/password.service';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';

// Held while an ADMIN is demoted or deactivated, so at least one active ADMIN always remains.
const ADMIN_ROLE_LOCK = 7_243_190_004;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  public constructor(
    private readonly activeUsers: ActiveUsers,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly passwords: PasswordService,
    private readonly prisma: PrismaService,
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
    const user = await this.prisma.$transaction(async (tx) => {
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
          details: {
            userId: id,
            before: { name: before.name, role: before.role, active: before.active },
            after: { name: updated.name, role: updated.role, active: updated.active },
            passwordChanged: dto.password !== undefined,
          },
        },
        tx,
      );
      return updated;
    });
    await this.activeUsers.changed(id);
    return toUserDto(user);
  }

  /** Operator escape hatch (CLI): a new random password for an existing account. */
  public async resetPassword(email: string): Promise<string> {
    const password = randomBytes(12).toString('base64url');
    const updated = await this.prisma.user.updateMany({
      where: { email: email.toLowerCase() },
      data: { passwordHash: await this.passwords.hash(password), active: true },
    });
    if (updated.count === 0) throw new NotFoundException(`No user has the email ${email}`);
    return password;
  }

  /**
   * Makes sure someone can sign in on a fresh installation: creates the first ADMIN from
   * ADMIN_EMAIL/ADMIN_PASSWORD, or with a random password that is printed once.
   */
  public async ensureFirstAdmin(): Promise<{ created: boolean; email: string; generatedPassword?: string }> {
    const admins = await this.prisma.user.count({ where: { role: 'ADMIN' } });
    if (admins > 0) {
      return { created: false, email: this.config.adminEmail };
    }
    const generatedPassword = this.config.adminPassword ? undefined : randomBytes(12).toString('base64url');
    const password = this.config.adminPassword ?? generatedPassword ?? '';
    await this.prisma.user.upsert({
      where: { email: this.config.adminEmail },
      update: { role: 'ADMIN', active: true, passwordHash: await this.passwords.hash(password) },
      create: {
        email: this.config.adminEmail,
        name: 'Administrator',
        role: 'ADMIN',
        passwordHash: await this.passwords.hash(password),
      },
    });
    this.logger.log(`Created the first ADMIN account ${this.config.adminEmail}`);
    return { created: true, email: this.config.adminEmail, generatedPassword };
  }
}

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
}
