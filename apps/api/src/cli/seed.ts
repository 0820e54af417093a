import { randomBytes } from 'node:crypto';
import { AuditWriter } from '../app/audit/audit.writer';
import { PasswordService } from '../app/auth/password.service';
import { PrismaService } from '../services/prisma/prisma.service';
import { DEMO_LISTS, DEMO_USERS, demoContacts } from './demo-data';

export interface SeedResult {
  createdUsers: { email: string; role: string; password: string }[];
  lists: number;
  contacts: number;
}

/**
 * Demo data lists, contacts and one user per role. Idempotent: existing rows are kept, and
 * a demo user's password is generated (and shown) only when the user is created. Each
 * creation is audited like one made by an ADMIN, with no actor.
 */
export async function seedBaseData(prisma: PrismaService, passwords: PasswordService, audit: AuditWriter): Promise<SeedResult> {
  const createdUsers: SeedResult['createdUsers'] = [];
  for (const user of DEMO_USERS) {
    const exists = await prisma.user.findUnique({ where: { email: user.email }, select: { id: true } });
    if (exists) continue;
    const password = randomBytes(9).toString('base64url');
    const passwordHash = await passwords.hash(password);
    await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { ...user, passwordHash } });
      await audit.record(
        { action: 'USER_CREATED', actorId: null, details: { userId: created.id, email: created.email, role: created.role, via: 'seed' } },
        tx,
      );
    });
    createdUsers.push({ email: user.email, role: user.role, password });
  }
  let contacts = 0;
  for (const [index, list] of DEMO_LISTS.entries()) {
    const row = await prisma.dataList.upsert({ where: { name: list.name }, update: {}, create: list });
    if ((await prisma.contact.count({ where: { dataListId: row.id } })) === 0) {
      const created = await prisma.contact.createMany({
        data: demoContacts(index, 10).map((contact) => ({ ...contact, dataListId: row.id })),
      });
      contacts += created.count;
    }
  }
  return { createdUsers, lists: DEMO_LISTS.length, contacts };
}
