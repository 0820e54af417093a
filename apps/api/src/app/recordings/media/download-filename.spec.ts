import fc from 'fast-check';
import { downloadFilename } from './download-filename';

const base = {
  placedAt: new Date('2026-11-25T09:30:00Z'),
  agentName: 'Jordan Reyes',
  toNumber: '+14155550101',
  recordingSid: `RE${'a'.repeat(32)}`,
  extension: 'wav',
};

describe('downloadFilename', () => {
  it('follows <date>_<agent>_<to>_<RecordingSid>.<ext>', () => {
    expect(downloadFilename(base)).toBe(`2026-11-25_Jordan-Reyes_14155550101_RE${'a'.repeat(32)}.wav`);
  });

  it('strips accents, quotes, slashes and header-breaking characters', () => {
    const name = downloadFilename({ ...base, agentName: 'Zoë "O\'Brien"\r\nSet-Cookie: x=1/../..' });
    expect(name).toBe(`2026-11-25_Zoe-O-Brien-Set-Cookie-x-1_14155550101_RE${'a'.repeat(32)}.wav`);
  });

  it('only ever contains safe characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (agentName, toNumber) => {
        expect(downloadFilename({ ...base, agentName, toNumber })).toMatch(/^[A-Za-z0-9._-]+$/);
      }),
    );
  });
});
