import { initialsOf } from './avatar';

describe('initialsOf', () => {
  it.each([
    ['Jane Doe', 'JD'],
    ['Jane Mary Doe', 'JD'],
    ['administrator', 'A'],
    ['  ', ''],
  ])('%p → %p', (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });
});
