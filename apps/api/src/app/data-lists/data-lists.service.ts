import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataListDto, IdName } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RequestContext } from '../../common/request-context';
import { AuditWriter } from '../audit/audit.writer';
import { CreateDataListDto, UpdateDataListDto } from './dto/data-list.dto';

const DATA_LIST_SELECT = {
  id: true,
  name: true,
  description: true,
  externalId: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { contacts: true } },
} satisfies Prisma.DataListSelect;
type DataListRow = Prisma.DataListGetPayload<{ select: typeof DATA_LIST_SELECT }>;

/** Data lists as the ADMIN keeps them (design 9.10); dialers' own lists arrive through DataListFactsService. */
@Injectable()
export class DataListsService {
  private readonly logger = new Logger(DataListsService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly prisma: PrismaService,
  ) {}

  /** Id and name only: every role's filters and call placement read it. */
  public names(): Promise<IdName[]> {
    return this.prisma.dataList.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } });
  }

  public async summary(): Promise<DataListDto[]> {
    const rows = await this.prisma.dataList.findMany({ select: DATA_LIST_SELECT, orderBy: { name: 'asc' } });
    return rows.map(toDataListDto);
  }

  public async get(id: string): Promise<DataListDto> {
    const row = await this.prisma.dataList.findUnique({ where: { id }, select: DATA_LIST_SELECT });
    if (!row) throw new NotFoundException(`Data list ${id} does not exist`);
    return toDataListDto(row);
  }

  public async create(dto: CreateDataListDto, context: RequestContext): Promise<DataListDto> {
    const fields = { name: dto.name, description: dto.description ?? null, externalId: dto.externalId ?? null };
    await this.refuseTaken(fields, null);
    const row = await this.prisma
      .$transaction(async (tx) => {
        const created = await tx.dataList.create({ data: fields, select: DATA_LIST_SELECT });
        await this.audit.record({ action: 'DATA_LIST_CREATED', context, details: { dataListId: created.id, ...fields } }, tx);
        return created;
      })
      .catch((error: unknown) => this.conflictOnRace(error, fields, null));
    this.logger.log(`Data list ${row.id} '${row.name}' created`);
    return toDataListDto(row);
  }

  public async update(id: string, dto: UpdateDataListDto, context: RequestContext): Promise<DataListDto> {
    const before = await this.prisma.dataList.findUnique({ where: { id }, select: DATA_LIST_SELECT });
    if (!before) throw new NotFoundException(`Data list ${id} does not exist`);
    const changed = changedFields(before, dto);
    if (Object.keys(changed).length === 0) return toDataListDto(before);
    await this.refuseTaken(changed, id);
    const row = await this.prisma
      .$transaction(async (tx) => {
        const updated = await tx.dataList.update({ where: { id }, data: changed, select: DATA_LIST_SELECT });
        const from = Object.fromEntries(Object.keys(changed).map((key) => [key, before[key as keyof typeof changed]]));
        await this.audit.record({ action: 'DATA_LIST_UPDATED', context, details: { dataListId: id, before: from, after: changed } }, tx);
        return updated;
      })
      .catch((error: unknown) => this.conflictOnRace(error, changed, id));
    return toDataListDto(row);
  }

  /** 409 naming the name or external id another list already has. */
  private async refuseTaken(fields: { name?: string; externalId?: string | null }, exceptId: string | null): Promise<void> {
    const notThis = exceptId ? { id: { not: exceptId } } : {};
    if (fields.name !== undefined) {
      const taken = await this.prisma.dataList.findFirst({ where: { name: fields.name, ...notThis }, select: { id: true } });
      if (taken) throw new ConflictException(`A data list named '${fields.name}' already exists (${taken.id})`);
    }
    if (fields.externalId) {
      const taken = await this.prisma.dataList.findFirst({ where: { externalId: fields.externalId, ...notThis }, select: { id: true } });
      if (taken) throw new ConflictException(`The data list ${taken.id} already has the external id '${fields.externalId}'`);
    }
  }

  /** Another request took the name or external id between the check and the write: say which. */
  private async conflictOnRace(
    error: unknown,
    fields: { name?: string; externalId?: string | null },
    exceptId: string | null,
  ): Promise<never> {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') await this.refuseTaken(fields, exceptId);
    throw error;
  }
}

type ListFields = { name?: string; description?: string | null; externalId?: string | null };

function changedFields(before: DataListRow, dto: UpdateDataListDto): ListFields {
  const changed: ListFields = {};
  if (dto.name !== undefined && dto.name !== before.name) changed.name = dto.name;
  if (dto.description !== undefined && dto.description !== before.description) changed.description = dto.description;
  if (dto.externalId !== undefined && dto.externalId !== before.externalId) changed.externalId = dto.externalId;
  return changed;
}

export function toDataListDto(row: DataListRow): DataListDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    externalId: row.externalId,
    contactCount: row._count.contacts,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
