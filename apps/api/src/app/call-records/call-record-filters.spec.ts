import { BadRequestException } from '@nestjs/common';
import {
  buildCallRecordSearch,
  buildCriteria,
  buildOrder,
  CALL_RECORD_SORT_VALUES,
  parseDateBound,
  parsePhoneFilter,
  parseSort,
} from './call-record-filters';

const AGENT = '6f1c1f0e-8d4b-4b8e-9a51-0d8c3d1b2a01';
const LIST = '0b7d5c2e-1a3f-4c6d-8e9f-0a1b2c3d4e5f';

function badRequest(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).message;
  }
  throw new Error('expected a BadRequestException');
}

describe('buildCallRecordSearch', () => {
  it('defaults to the first 25 calls, newest first, with the id as tie-breaker', () => {
    expect(buildCallRecordSearch({})).toEqual({
      criteria: {},
      order: { field: 'placedAt', direction: 'desc' },
      after: null,
      skip: 0,
      take: 25,
      page: 1,
    });
  });

  it('turns page and pageSize into skip and take', () => {
    expect(buildCallRecordSearch({ page: 3, pageSize: 50 })).toMatchObject({ skip: 100, take: 50 });
    expect(buildCallRecordSearch({ page: 1, pageSize: 200 })).toMatchObject({ skip: 0, take: 200 });
  });
});

describe('buildCriteria', () => {
  it("filters on the agent, outcome and status (Twilio's words, as the database holds them)", () => {
    expect(buildCriteria({ agentId: AGENT })).toEqual({ agentId: AGENT });
    expect(buildCriteria({ outcome: 'SALE' })).toEqual({ outcome: 'SALE' });
    expect(buildCriteria({ status: 'in-progress' })).toEqual({ status: 'in-progress' });
    expect(buildCriteria({ status: 'no-answer' })).toEqual({ status: 'no-answer' });
    expect(buildCriteria({ status: 'completed' })).toEqual({ status: 'completed' });
  });

  it('treats Manual Dial as "no data list"', () => {
    expect(buildCriteria({ dataListId: LIST })).toEqual({ dataList: { id: LIST } });
    expect(buildCriteria({ manualDial: true })).toEqual({ dataList: 'none' });
    expect(buildCriteria({ manualDial: false })).toEqual({ dataList: 'any' });
    expect(buildCriteria({ manualDial: false, dataListId: LIST })).toEqual({ dataList: { id: LIST } });
    expect(badRequest(() => buildCriteria({ manualDial: true, dataListId: LIST }))).toBe(
      'manualDial=true selects calls without a data list; it cannot be combined with dataListId',
    );
  });

  it('reads a date-only "to" as the whole of that day (UTC) and a date-time as inclusive', () => {
    expect(buildCriteria({ from: '2024-03-01', to: '2024-03-02' })).toEqual({
      placedFrom: new Date('2024-03-01T00:00:00.000Z'),
      placedBefore: new Date('2024-03-03T00:00:00.000Z'),
    });
    expect(buildCriteria({ from: '2024-03-01T09:30:00+02:00', to: '2024-03-01T10:00:00.250Z' })).toEqual({
      placedFrom: new Date('2024-03-01T07:30:00.000Z'),
      placedUntil: new Date('2024-03-01T10:00:00.250Z'),
    });
    expect(buildCriteria({ from: '2024-03-01' })).toEqual({ placedFrom: new Date('2024-03-01T00:00:00.000Z') });
    expect(buildCriteria({ to: '2024-02-29' })).toEqual({ placedBefore: new Date('2024-03-01T00:00:00.000Z') });
  });

  it('accepts a range of one day or one instant, and refuses one that ends before it starts', () => {
    expect(() => buildCriteria({ from: '2024-03-01', to: '2024-03-01' })).not.toThrow();
    expect(() => buildCriteria({ from: '2024-03-01T23:59:59Z', to: '2024-03-01' })).not.toThrow();
    expect(() => buildCriteria({ from: '2024-03-01T10:00:00Z', to: '2024-03-01T10:00:00Z' })).not.toThrow();
    expect(badRequest(() => buildCriteria({ from: '2024-03-02', to: '2024-03-01' }))).toBe(
      'from (2024-03-02) must not be after to (2024-03-01)',
    );
    expect(badRequest(() => buildCriteria({ from: '2024-03-02T00:00:00Z', to: '2024-03-01' }))).toBe(
      'from (2024-03-02T00:00:00Z) must not be after to (2024-03-01)',
    );
    expect(badRequest(() => buildCriteria({ from: '2024-03-01T10:00:01Z', to: '2024-03-01T10:00:00Z' }))).toMatch(/must not be after/);
  });

  it('refuses dates that are not ISO 8601, even when the DTO was bypassed', () => {
    expect(badRequest(() => buildCriteria({ from: 'yesterday' }))).toBe(
      'from must be an ISO 8601 date such as 2024-03-01 or a date-time such as 2024-03-01T09:30:00Z',
    );
    expect(badRequest(() => buildCriteria({ to: '2024-02-30' }))).toMatch(/^to must be an ISO 8601 date/);
  });

  it('matches a whole E.164 number exactly, "+digits" as a prefix and bare digits anywhere', () => {
    expect(buildCriteria({ phone: '+14155550123' })).toEqual({ phone: { kind: 'exact', value: '+14155550123' } });
    expect(buildCriteria({ phone: '+1 (415) 555-0123' })).toEqual({ phone: { kind: 'exact', value: '+14155550123' } });
    expect(buildCriteria({ phone: '+1415' })).toEqual({ phone: { kind: 'prefix', value: '+1415' } });
    expect(buildCriteria({ phone: '555 0123' })).toEqual({ phone: { kind: 'contains', value: '5550123' } });
    expect(badRequest(() => buildCriteria({ phone: "1' OR '1'='1" }))).toMatch(/^phone must be a full E.164 number/);
  });

  it('filters on a STORED recording being there or not', () => {
    expect(buildCriteria({ hasRecording: true })).toEqual({ hasRecording: true });
    expect(buildCriteria({ hasRecording: false })).toEqual({ hasRecording: false });
  });

  it('filters on the duration, with either bound or both', () => {
    expect(buildCriteria({ minDuration: 30 })).toEqual({ minDuration: 30 });
    expect(buildCriteria({ maxDuration: 0 })).toEqual({ maxDuration: 0 });
    expect(buildCriteria({ minDuration: 30, maxDuration: 30 })).toEqual({ minDuration: 30, maxDuration: 30 });
    expect(badRequest(() => buildCriteria({ minDuration: 31, maxDuration: 30 }))).toBe(
      'minDuration (31) must not be greater than maxDuration (30)',
    );
  });

  it('combines every filter with AND', () => {
    expect(
      buildCriteria({
        from: '2024-03-01',
        to: '2024-03-31',
        agentId: AGENT,
        manualDial: false,
        dataListId: LIST,
        outcome: 'CALLBACK',
        phone: '+442079460958',
        status: 'completed',
        hasRecording: true,
        minDuration: 10,
        maxDuration: 600,
      }),
    ).toEqual({
      placedFrom: new Date('2024-03-01T00:00:00.000Z'),
      placedBefore: new Date('2024-04-01T00:00:00.000Z'),
      agentId: AGENT,
      dataList: { id: LIST },
      outcome: 'CALLBACK',
      phone: { kind: 'exact', value: '+442079460958' },
      status: 'completed',
      hasRecording: true,
      minDuration: 10,
      maxDuration: 600,
    });
  });
});

describe('buildOrder', () => {
  it('reads each field, ascending or "-" descending (the SQL it compiles to is in call-record-sql.spec.ts)', () => {
    expect(buildOrder('placedAt')).toEqual({ field: 'placedAt', direction: 'asc' });
    expect(buildOrder('-placedAt')).toEqual({ field: 'placedAt', direction: 'desc' });
    expect(buildOrder('agent')).toEqual({ field: 'agent', direction: 'asc' });
    expect(buildOrder('-durationSeconds')).toEqual({ field: 'durationSeconds', direction: 'desc' });
    expect(buildOrder('outcome')).toEqual({ field: 'outcome', direction: 'asc' });
  });

  it('refuses anything but a known field with an optional "-"', () => {
    for (const bad of ['password', '--placedAt', '+placedAt', 'placedat', 'agent.name', '', '-']) {
      expect(parseSort(bad)).toBeNull();
      expect(badRequest(() => buildOrder(bad))).toBe(
        'sort must be one of placedAt, -placedAt, durationSeconds, -durationSeconds, agent, -agent, outcome, -outcome',
      );
    }
    expect(CALL_RECORD_SORT_VALUES.map((sort) => parseSort(sort) !== null)).toEqual(Array(8).fill(true));
  });
});

describe('parseDateBound', () => {
  it.each([
    ['2024-03-01', '2024-03-01T00:00:00.000Z', true],
    ['2024-02-29', '2024-02-29T00:00:00.000Z', true],
    ['2024-03-01T09:30', '2024-03-01T09:30:00.000Z', false],
    ['2024-03-01T09:30:15', '2024-03-01T09:30:15.000Z', false],
    ['2024-03-01T09:30:15.123456Z', '2024-03-01T09:30:15.123Z', false],
    ['2024-03-01T09:30:00Z', '2024-03-01T09:30:00.000Z', false],
    ['2024-03-01T09:30:00-05:00', '2024-03-01T14:30:00.000Z', false],
    ['2024-03-01T09:30:00+0530', '2024-03-01T04:00:00.000Z', false],
    // `+02:00` sent unencoded in a query string arrives with a space for the plus.
    ['2024-03-01T09:30:00 02:00', '2024-03-01T07:30:00.000Z', false],
  ])('reads %s as %s', (value, iso, dateOnly) => {
    expect(parseDateBound(value)).toEqual({ at: new Date(iso), dateOnly });
  });

  it.each([
    'yesterday',
    '',
    '2024-3-1',
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-03-01T24:00:00Z',
    '2024-03-01T09:60:00Z',
    '2024-03-01T09:30:00+25:00',
    '2024-03-01 09:30:00',
    '1709251200',
    '2024-03-01T09:30:00Zjunk',
  ])('refuses %p', (value) => {
    expect(parseDateBound(value)).toBeNull();
  });
});

describe('parsePhoneFilter', () => {
  it.each([
    ['+14155550123', { kind: 'exact', value: '+14155550123' }],
    ['+44 20 7946 0958', { kind: 'exact', value: '+442079460958' }],
    ['+1 (415) 555-0123', { kind: 'exact', value: '+14155550123' }],
    // `+` sent unencoded in a query string arrives as a space.
    [' 14155550123', { kind: 'exact', value: '+14155550123' }],
    ['+1415', { kind: 'prefix', value: '+1415' }],
    ['+0123456789', { kind: 'prefix', value: '+0123456789' }],
    ['5550123', { kind: 'contains', value: '5550123' }],
    ['(415) 555', { kind: 'contains', value: '415555' }],
    ['14155550123', { kind: 'contains', value: '14155550123' }],
  ])('reads %p', (value, expected) => {
    expect(parsePhoneFilter(value)).toEqual(expected);
  });

  it.each(["1' OR '1'='1", '', '   ', '+', '()-', '415%', '415_', '41a5', '1+415', '+1234567890123456', 'tel:+14155550123'])(
    'refuses %p',
    (value) => {
      expect(parsePhoneFilter(value)).toBeNull();
    },
  );
});
