import { BadRequestException } from '@nestjs/common';
import { LegalHoldCriteria } from '@callrec/contracts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Stores criteria in one canonical form: dates as UTC instants (a date alone means its
 * whole day), recording ids de-duplicated, empty criteria dropped. A hold with no criterion
 * would cover everything; that is refused.
 */
export function normalizeCriteria(input: LegalHoldCriteria): LegalHoldCriteria {
  const criteria: LegalHoldCriteria = {};
  if (input.phone) criteria.phone = input.phone;
  if (input.agentId) criteria.agentId = input.agentId.toLowerCase();
  if (input.dataListId) criteria.dataListId = input.dataListId.toLowerCase();
  if (input.from) criteria.from = instant(input.from, 'start');
  if (input.to) criteria.to = instant(input.to, 'end');
  if (input.recordingIds?.length) criteria.recordingIds = Array.from(new Set(input.recordingIds.map((id) => id.toLowerCase())));
  if (Object.keys(criteria).length === 0) {
    throw new BadRequestException('A legal hold needs at least one criterion: phone, agentId, dataListId, from, to or recordingIds');
  }
  if (criteria.from && criteria.to && criteria.from > criteria.to) {
    throw new BadRequestException('criteria.from must not be after criteria.to');
  }
  return criteria;
}

function instant(value: string, edge: 'start' | 'end'): string {
  if (DATE_ONLY.test(value)) return `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new BadRequestException(`"${value}" is not a valid date`);
  return parsed.toISOString();
}
