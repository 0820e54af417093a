import { formatFileSize } from './file-size.pipe';

describe('formatFileSize', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1 KB'],
    [640_044, '640 KB'],
    [2_144_044, '2.14 MB'],
    [13_440_044, '13.4 MB'],
    [999_999, '1 MB'],
    [1_500_000_000, '1.5 GB'],
    [null, '—'],
    [-1, '—'],
  ])('%p bytes read %p', (bytes, text) => {
    expect(formatFileSize(bytes)).toBe(text);
  });
});
