import { normalizeCriteria } from './hold-criteria';

describe('normalizeCriteria', () => {
  it('turns dates into whole UTC days and instants into UTC', () => {
    expect(normalizeCriteria({ from: '2026-01-01', to: '2026-01-31' })).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-31T23:59:59.999Z',
    });
    expect(normalizeCriteria({ from: '2026-01-01T10:00:00+02:00' })).toEqual({ from: '2026-01-01T08:00:00.000Z' });
  });

  it('drops empty criteria and de-duplicates recording ids', () => {
    const id = '0c5d4b6e-3b7a-4f2e-9d38-5a1b2c3d4e5f';
    expect(normalizeCriteria({ phone: '', recordingIds: [id, id.toUpperCase()] })).toEqual({ recordingIds: [id] });
  });

  it('refuses a hold that would cover everything, and a reversed range', () => {
    expect(() => normalizeCriteria({})).toThrow('A legal hold needs at least one criterion');
    expect(() => normalizeCriteria({ recordingIds: [] })).toThrow('A legal hold needs at least one criterion');
    expect(() => normalizeCriteria({ from: '2026-02-01', to: '2026-01-01' })).toThrow('criteria.from must not be after criteria.to');
  });
});
