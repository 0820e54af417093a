import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { createValidationPipe } from '../../../common/pipes/validation.pipe';
import { CoverageMissingQueryDto, CoverageQueryDto } from './coverage-query.dto';

async function parse(metatype: ArgumentMetadata['metatype'], query: Record<string, unknown>): Promise<unknown> {
  try {
    return await createValidationPipe().transform(query, { type: 'query', metatype });
  } catch (error) {
    return ((error as BadRequestException).getResponse() as { message: string }).message;
  }
}

describe('coverage query DTOs', () => {
  it('turns query-string text into booleans and integers', async () => {
    expect(await parse(CoverageQueryDto, { groupBy: 'agent', manualDial: 'true', timeZone: 'Europe/Paris', from: '2026-11-01' })).toEqual({
      groupBy: 'agent',
      manualDial: true,
      timeZone: 'Europe/Paris',
      from: '2026-11-01',
    });
    expect(await parse(CoverageMissingQueryDto, { reason: 'ABSENT', day: '2026-11-02', page: '2', pageSize: '200' })).toEqual({
      reason: 'ABSENT',
      day: '2026-11-02',
      page: 2,
      pageSize: 200,
    });
  });

  it('refuses bad values with one clear message each', async () => {
    expect(await parse(CoverageQueryDto, { groupBy: 'week' })).toMatch(/groupBy must be one of day, agent, dataList/);
    expect(await parse(CoverageQueryDto, { timeZone: 'Mars/Base' })).toMatch(/timeZone must be an IANA time zone name/);
    expect(await parse(CoverageQueryDto, { to: 'soon' })).toMatch(/to must be an ISO 8601 date/);
    expect(await parse(CoverageMissingQueryDto, { reason: 'LOST' })).toMatch(/reason must be one of NO_CALLBACK, PENDING, ABSENT, FAILED/);
    expect(await parse(CoverageMissingQueryDto, { pageSize: '201' })).toMatch(/pageSize must be a whole number from 1 to 200/);
    expect(await parse(CoverageMissingQueryDto, { day: '2026-02-30' })).toMatch(/day must be a date written YYYY-MM-DD/);
    expect(await parse(CoverageMissingQueryDto, { groupBy: 'day' })).toMatch(/groupBy should not exist/);
  });
});
