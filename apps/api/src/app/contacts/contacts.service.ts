import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ContactDto, DEFAULT_PAGE_SIZE, Page } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { InvalidPhoneNumberError, toE164 } from '../../common/phone/phone-number';
import { RequestContext } from '../../common/request-context';
import { AuditWriter } from '../audit/audit.writer';
import { ContactQueryDto, CreateContactDto, UpdateContactDto } from './dto/contact.dto';

const CONTACT_SELECT = {
  id: true,
  phone: true,
  name: true,
  externalId: true,
  dataListId: true,
  createdAt: true,
  updatedAt: true,
  dataList: { select: { id: true, name: true } },
} satisfies Prisma.ContactSelect;
type ContactRow = Prisma.ContactGetPayload<{ select: typeof CONTACT_SELECT }>;

/** Contacts one at a time (design 9.10); CSV imports write them in bulk (contact-imports). */
@Injectable()
export class ContactsService {
  private readonly logger = new Logger(ContactsService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
  ) {}

  public async search(query: ContactQueryDto): Promise<Page<ContactDto>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const digits = query.phone?.replace(/\D/g, '');
    const where: Prisma.ContactWhereInput = {
      ...(query.dataListId ? { dataListId: query.dataListId } : {}),
      ...(digits ? { phone: { contains: digits } } : {}),
    };
    const [total, rows] = await Promise.all([
      this.prisma.contact.count({ where }),
      this.prisma.contact.findMany({
        where,
        select: CONTACT_SELECT,
        orderBy: [{ name: 'asc' }, { phone: 'asc' }, { id: 'asc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
    ]);
    return { items: rows.map(toContactDto), total, page, pageSize };
  }

  public async create(dto: CreateContactDto, context: RequestContext): Promise<ContactDto> {
    const phone = this.normalise(dto.phone);
    const dataListId = dto.dataListId ?? null;
    if (dataListId) await this.requireList(dataListId);
    if (dto.externalId) await this.refuseTakenExternalId(dataListId, dto.externalId, null);
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await tx.contact.create({
        data: { phone, name: dto.name?.trim() ?? '', dataListId, externalId: dto.externalId ?? null },
        select: CONTACT_SELECT,
      });
      await this.audit.record(
        {
          action: 'CONTACT_CREATED',
          context,
          details: { contactId: created.id, dataListId, phone, name: created.name, externalId: created.externalId },
        },
        tx,
      );
      return created;
    });
    this.logger.log(`Contact ${row.id} created`);
    return toContactDto(row);
  }

  public async update(id: string, dto: UpdateContactDto, context: RequestContext): Promise<ContactDto> {
    const before = await this.prisma.contact.findUnique({ where: { id }, select: CONTACT_SELECT });
    if (!before) throw new NotFoundException(`Contact ${id} does not exist`);
    const changed: { phone?: string; name?: string; dataListId?: string; externalId?: string } = {};
    if (dto.phone !== undefined) {
      const phone = this.normalise(dto.phone);
      if (phone !== before.phone) changed.phone = phone;
    }
    if (dto.name !== undefined && dto.name.trim() !== before.name) changed.name = dto.name.trim();
    if (dto.dataListId !== undefined && dto.dataListId !== before.dataListId) {
      await this.requireList(dto.dataListId);
      changed.dataListId = dto.dataListId;
    }
    if (dto.externalId !== undefined && dto.externalId !== before.externalId) changed.externalId = dto.externalId;
    if (Object.keys(changed).length === 0) return toContactDto(before);
    const externalId = changed.externalId ?? before.externalId;
    if (externalId && (changed.externalId !== undefined || changed.dataListId !== undefined)) {
      await this.refuseTakenExternalId(changed.dataListId ?? before.dataListId, externalId, id);
    }
    const row = await this.prisma.$transaction(async (tx) => {
      const updated = await tx.contact.update({ where: { id }, data: changed, select: CONTACT_SELECT });
      const from = Object.fromEntries(Object.keys(changed).map((key) => [key, before[key as keyof typeof changed]]));
      await this.audit.record({ action: 'CONTACT_UPDATED', context, details: { contactId: id, before: from, after: changed } }, tx);
      return updated;
    });
    return toContactDto(row);
  }

  private normalise(value: string): string {
    try {
      return toE164(value, this.config.defaultPhoneRegion);
    } catch (error) {
      if (error instanceof InvalidPhoneNumberError) throw new BadRequestException(`phone: ${error.message}`);
      throw error;
    }
  }

  private async requireList(dataListId: string): Promise<void> {
    const list = await this.prisma.dataList.findUnique({ where: { id: dataListId }, select: { id: true } });
    if (!list) throw new NotFoundException(`Data list ${dataListId} does not exist`);
  }

  private async refuseTakenExternalId(dataListId: string | null, externalId: string, exceptId: string | null): Promise<void> {
    const taken = await this.prisma.contact.findFirst({
      where: { dataListId, externalId, ...(exceptId ? { id: { not: exceptId } } : {}) },
      select: { id: true },
    });
    if (taken) throw new ConflictException(`The contact ${taken.id} already has the external id '${externalId}' in this data list`);
  }
}

export function toContactDto(row: ContactRow): ContactDto {
  return {
    id: row.id,
    phone: row.phone,
    name: row.name,
    externalId: row.externalId,
    dataList: row.dataList,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
