import { OmitType } from '@nestjs/swagger';
import { CallRecordQueryDto } from './call-record-query.dto';

/** The grid's filters and sort, checked the same way; no paging, as the export has every matching call. */
export class CallRecordExportQueryDto extends OmitType(CallRecordQueryDto, ['page', 'pageSize', 'after'] as const) {}
