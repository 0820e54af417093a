import { BadRequestException, ConflictException, Injectable, Logger } from '@nestjs/common';
import { InlineContact, InlineDataList } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { InvalidPhoneNumberError, toE164 } from '../../common/phone/phone-number';
import { RequestContext } from '../../common/request-context';
import { AuditWriter } from '../audit/audit.writer';

type Tx = Prisma.TransactionClient;

export interface ResolvedFacts {
  dataListId: string;
  contactId: string | null;
}

/**
 * A dialer's own list and contact, named on POST /api/calls (design 9.10), upserted so the call
 * can be placed as if their ids had been given. Safe when two calls name the same new list or
 * contact at once: inserts use ON CONFLICT on the external-id indexes, and a contact known only
 * by its number is looked up and created under a lock on (list, number).
 */
@Injectable()
export class DataListFactsService {
  private readonly logger = new Logger(DataListFactsService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
  ) {}

  public async resolve(
    list: InlineDataList,
    contact: InlineContact | undefined,
    to: string,
    context: RequestContext,
  ): Promise<ResolvedFacts> {
    const phone = contact ? this.contactPhone(contact, to) : null;
    return this.prisma.$transaction(async (tx) => {
      const dataListId = await this.upsertList(tx, list, context);
      const contactId = contact && phone ? await this.upsertContact(tx, dataListId, contact, phone, context) : null;
      return { dataListId, contactId };
    });
  }

  /** The contact's number in E.164; it must be the number dialled, which it defaults to. */
  private contactPhone(contact: InlineContact, to: string): string {
    if (contact.phone === undefined) return to;
    let phone: string;
    try {
      phone = toE164(contact.phone, this.config.defaultPhoneRegion);
    } catch (error) {
      if (error instanceof InvalidPhoneNumberError) throw new BadRequestException(`contact.phone: ${error.message}`);
      throw error;
    }
    if (phone !== to) throw new BadRequestException(`contact.phone ${phone} is not the number dialled (to ${to})`);
    return phone;
  }

  private async upsertList(tx: Tx, list: InlineDataList, context: RequestContext): Promise<string> {
    if (list.name !== undefined) {
      const [taken] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "DataList" WHERE name = ${list.name} AND "externalId" IS DISTINCT FROM ${list.externalId}`;
      if (taken) throw new ConflictException(`A data list named '${list.name}' already exists (${taken.id}) with another external id`);
    }
    let existing = await this.listByExternalId(tx, list.externalId);
    if (!existing) {
      if (list.name === undefined) {
        throw new BadRequestException(`Data list with external id '${list.externalId}' is unknown: a new data list needs a name`);
      }
      const now = utcNow();
      const [created] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "DataList" (id, name, "externalId", "createdAt", "updatedAt")
        VALUES (gen_random_uuid(), ${list.name}, ${list.externalId}, ${now}::timestamp, ${now}::timestamp)
        ON CONFLICT ("externalId") DO NOTHING
        RETURNING id`;
      if (created) {
        await this.audit.record(
          {
            action: 'DATA_LIST_CREATED',
            context,
            details: { dataListId: created.id, name: list.name, externalId: list.externalId, via: 'call' },
          },
          tx,
        );
        this.logger.log(`Data list ${created.id} '${list.name}' created from a call`);
        return created.id;
      }
      // Another call created it a moment ago: its row is committed and visible now.
      existing = await this.listByExternalId(tx, list.externalId);
      if (!existing) throw new ConflictException(`Data list with external id '${list.externalId}' changed meanwhile; try again`);
    }
    if (list.name !== undefined && list.name !== existing.name) {
      await tx.$executeRaw`UPDATE "DataList" SET name = ${list.name}, "updatedAt" = ${utcNow()}::timestamp WHERE id = ${existing.id}::uuid`;
      await this.audit.record(
        {
          action: 'DATA_LIST_UPDATED',
          context,
          details: { dataListId: existing.id, before: { name: existing.name }, after: { name: list.name }, via: 'call' },
        },
        tx,
      );
    }
    return existing.id;
  }

  // NO KEY UPDATE, not UPDATE: a call being placed holds KEY SHARE on the list and contact through
  // its foreign keys, and FOR UPDATE would wait on it while it waits on us (a deadlock).
  private async listByExternalId(tx: Tx, externalId: string): Promise<{ id: string; name: string } | undefined> {
    const [row] = await tx.$queryRaw<{ id: string; name: string }[]>`
      SELECT id, name FROM "DataList" WHERE "externalId" = ${externalId} FOR NO KEY UPDATE`;
    return row;
  }

  private async upsertContact(tx: Tx, dataListId: string, contact: InlineContact, phone: string, context: RequestContext): Promise<string> {
    let existing: ContactRow | undefined;
    if (contact.externalId !== undefined) {
      existing = await this.contactByExternalId(tx, dataListId, contact.externalId);
      if (!existing) {
        const [created] = await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO "Contact" (id, "dataListId", "externalId", name, phone, "createdAt", "updatedAt")
          VALUES (gen_random_uuid(), ${dataListId}::uuid, ${contact.externalId}, ${contact.name ?? ''}, ${phone}, ${utcNow()}::timestamp, ${utcNow()}::timestamp)
          ON CONFLICT ("dataListId", "externalId") DO NOTHING
          RETURNING id`;
        if (created) return this.created(tx, created.id, dataListId, contact, phone, context);
        existing = await this.contactByExternalId(tx, dataListId, contact.externalId);
        if (!existing) throw new ConflictException(`Contact with external id '${contact.externalId}' changed meanwhile; try again`);
      }
    } else {
      // No unique index holds (list, number): this lock keeps two calls from adding it twice.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${dataListId}|${phone}`})::bigint)`;
      [existing] = await tx.$queryRaw<ContactRow[]>`
        SELECT id, name, phone FROM "Contact" WHERE "dataListId" = ${dataListId}::uuid AND phone = ${phone}
        ORDER BY "createdAt", id LIMIT 1 FOR NO KEY UPDATE`;
      if (!existing) {
        const [created] = await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO "Contact" (id, "dataListId", name, phone, "createdAt", "updatedAt")
          VALUES (gen_random_uuid(), ${dataListId}::uuid, ${contact.name ?? ''}, ${phone}, ${utcNow()}::timestamp, ${utcNow()}::timestamp)
          RETURNING id`;
        return this.created(tx, created.id, dataListId, contact, phone, context);
      }
    }
    const name = contact.name ?? existing.name;
    if (name !== existing.name || phone !== existing.phone) {
      await tx.$executeRaw`UPDATE "Contact" SET name = ${name}, phone = ${phone}, "updatedAt" = ${utcNow()}::timestamp WHERE id = ${existing.id}::uuid`;
      await this.audit.record(
        {
          action: 'CONTACT_UPDATED',
          context,
          details: {
            contactId: existing.id,
            dataListId,
            before: { name: existing.name, phone: existing.phone },
            after: { name, phone },
            via: 'call',
          },
        },
        tx,
      );
    }
    return existing.id;
  }

  private async contactByExternalId(tx: Tx, dataListId: string, externalId: string): Promise<ContactRow | undefined> {
    const [row] = await tx.$queryRaw<ContactRow[]>`
      SELECT id, name, phone FROM "Contact" WHERE "dataListId" = ${dataListId}::uuid AND "externalId" = ${externalId} FOR NO KEY UPDATE`;
    return row;
  }

  private async created(
    tx: Tx,
    id: string,
    dataListId: string,
    contact: InlineContact,
    phone: string,
    context: RequestContext,
  ): Promise<string> {
    await this.audit.record(
      {
        action: 'CONTACT_CREATED',
        context,
        details: { contactId: id, dataListId, phone, name: contact.name ?? '', externalId: contact.externalId ?? null, via: 'call' },
      },
      tx,
    );
    return id;
  }
}

interface ContactRow {
  id: string;
  name: string;
  phone: string;
}

/** Columns are timestamp without time zone holding UTC, as Prisma writes them. */
function utcNow(): string {
  return new Date().toISOString();
}
