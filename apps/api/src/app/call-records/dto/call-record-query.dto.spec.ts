import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { createValidationPipe } from '../../../common/pipes/validation.pipe';
import { CallRecordQueryDto } from './call-record-query.dto';

const metadata: ArgumentMetadata = { type: 'query', metatype: CallRecordQueryDto };

/** The query as the global pipe hands it to the controller, or the 400 message. */
async function parse(query: Record<string, unknown>): Promise<CallRecordQueryDto | string> {
  try {
    return await createValidationPipe().transform(query, metadata);
  } catch (error) {
    return ((error as BadRequestException).getResponse() as { message: string }).message;
  }
}

describe('CallRecordQueryDto', () => {
  it('turns query-string text into booleans and integers', async () => {
    expect(
      await parse({
        manualDial: 'false',
        hasRecording: 'true',
        orphan: 'true',
        minDuration: '0',
        maxDuration: '600',
        page: '2',
        pageSize: '200',
        sort: '-agent',
        status: 'in-progress',
        outcome: 'SALE',
        from: '2024-03-01',
        to: '2024-03-01T10:00:00Z',
        phone: '+1 415',
      }),
    ).toEqual({
      manualDial: false,
      hasRecording: true,
      orphan: true,
      minDuration: 0,
      maxDuration: 600,
      page: 2,
      pageSize: 200,
      sort: '-agent',
      status: 'in-progress',
      outcome: 'SALE',
      from: '2024-03-01',
      to: '2024-03-01T10:00:00Z',
      phone: '+1 415',
    });
    expect(await parse({})).toEqual({});
  });

  it.each([
    [{ hasRecording: 'yes' }, 'hasRecording must be true or false'],
    [{ hasRecording: '1' }, 'hasRecording must be true or false'],
    [{ manualDial: 'TRUE' }, 'manualDial must be true or false'],
    [{ orphan: 'yes' }, 'orphan must be true or false'],
    [{ manualDial: ['true', 'false'] }, 'manualDial must be true or false'],
    [{ page: '0' }, 'page must be a whole number from 1 to 2147483647'],
    [{ page: 'abc' }, 'page must be a whole number from 1 to 2147483647'],
    [{ page: '1.5' }, 'page must be a whole number from 1 to 2147483647'],
    [{ page: '' }, 'page must be a whole number from 1 to 2147483647'],
    [{ pageSize: '1000' }, 'pageSize must be a whole number from 1 to 200'],
    [{ pageSize: '0' }, 'pageSize must be a whole number from 1 to 200'],
    [{ minDuration: '-1' }, 'minDuration must be a whole number from 0 to 2147483647'],
    [{ maxDuration: '99999999999' }, 'maxDuration must be a whole number from 0 to 2147483647'],
    [{ maxDuration: '1e3' }, 'maxDuration must be a whole number from 0 to 2147483647'],
    [{ from: 'yesterday' }, 'from must be an ISO 8601 date such as 2024-03-01 or a date-time such as 2024-03-01T09:30:00Z'],
    [{ to: '2024-02-30' }, 'to must be an ISO 8601 date such as 2024-03-01 or a date-time such as 2024-03-01T09:30:00Z'],
    [{ agentId: 'bob' }, 'agentId must be a UUID'],
    [{ dataListId: '1; DROP TABLE "CallRecord"' }, 'dataListId must be a UUID'],
    [{ outcome: 'sale' }, 'outcome must be one of SALE, CALLBACK, NOT_INTERESTED, NO_ANSWER, VOICEMAIL, WRONG_NUMBER, DO_NOT_CALL, OTHER'],
    [{ status: 'in_progress' }, 'status must be one of queued, ringing, in-progress, completed, busy, no-answer, failed, canceled'],
    [{ phone: "1' OR '1'='1" }, expect.stringMatching(/^phone must be a full E.164 number such as \+14155550123/)],
    [{ sort: 'password' }, expect.stringMatching(/^sort must be one of placedAt, -placedAt, /)],
    [{ agent: 'x', limit: '5' }, 'property agent should not exist; property limit should not exist'],
  ])('refuses %p', async (query, message) => {
    expect(await parse(query)).toEqual(message);
  });
});
