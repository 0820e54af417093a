import { isDropped, mergeFaults, parseFaultSet } from './fault-set';

describe('fault sets', () => {
  it('merges global < number < call key by key, replacing arrays', () => {
    const merged = mergeFaults(
      { dropCallbacks: ['call:ringing'], duplicateCallbacks: 1, outcome: 'busy' },
      { outcome: 'no-answer', media500Count: 2 },
      { dropCallbacks: ['recording:completed'], outcome: 'answered' },
    );
    expect(merged).toEqual({
      dropCallbacks: ['recording:completed'],
      duplicateCallbacks: 1,
      outcome: 'answered',
      media500Count: 2,
    });
  });

  it('ignores undefined layers and keeps inputs untouched', () => {
    const global = { dropCallbacks: ['*'] };
    const merged = mergeFaults(global, undefined, {});
    merged.dropCallbacks?.push('call:answered');
    expect(global.dropCallbacks).toEqual(['*']);
  });

  it('matches drop selectors and the wildcard', () => {
    expect(isDropped({ dropCallbacks: ['call:answered'] }, 'call', 'answered')).toBe(true);
    expect(isDropped({ dropCallbacks: ['call:answered'] }, 'recording', 'completed')).toBe(false);
    expect(isDropped({ dropCallbacks: ['*'] }, 'recording', 'absent')).toBe(true);
    expect(isDropped({}, 'call', 'completed')).toBe(false);
  });

  it('validates input with clear messages', () => {
    expect(parseFaultSet({ duplicateCallbacks: 2, outcome: 'busy' })).toEqual({
      value: { duplicateCallbacks: 2, outcome: 'busy' },
      cleared: [],
    });
    expect(parseFaultSet({ dropCalbacks: [] })).toEqual({ error: expect.stringContaining("unknown fault 'dropCalbacks'") });
    expect(parseFaultSet({ dropCallbacks: ['call:hungup'] })).toEqual({ error: expect.stringContaining('dropCallbacks') });
    expect(parseFaultSet({ outcome: 'declined' })).toEqual({ error: expect.stringContaining('outcome') });
    expect(parseFaultSet({ media500Count: -1 })).toEqual({ error: expect.stringContaining('media500Count') });
    expect(parseFaultSet({ mediaBytesPerSecond: 0 })).toEqual({ error: expect.stringContaining('mediaBytesPerSecond') });
    expect(parseFaultSet([1])).toEqual({ error: 'faults must be a JSON object' });
    expect(parseFaultSet({ outcome: null })).toEqual({ error: expect.stringContaining('outcome') });
    expect(parseFaultSet({ outcome: null }, { allowNull: true })).toEqual({ value: {}, cleared: ['outcome'] });
  });
});
